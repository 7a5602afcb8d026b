package health.umr.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The access log names the route and the outcome of every request, and never the patient. */
@QuarkusTest
class AccessLogTest {

    @Test
    void everyRequestIsLogged_withItsStatus_andNoNhsNumber() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Object[] parameters = record.getParameters();
                lines.add(parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger access = Logger.getLogger(AccessLog.CATEGORY);
        Level before = access.getLevel();
        access.setLevel(Level.INFO);
        access.addHandler(capture);
        try {
            given().get("/api/patients/9449306680/medications");
            given().get(
                            "/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9449306680&_count=5");
            given().get("/q/health/ready").then().statusCode(200);
            health.umr.support.KafkaTestClient.await(
                    "the access log lines", java.time.Duration.ofSeconds(10), () -> lines.size() >= 2);
        } finally {
            access.removeHandler(capture);
            access.setLevel(before);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("GET /api/patients/***/medications ")), lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.startsWith("GET /fhir/MedicationStatement?patient")
                                && l.contains("identifier=***&_count=5 200 ")),
                lines.toString());
        assertTrue(
                lines.stream().allMatch(l -> l.matches("[A-Z]+ \\S+ \\d{3} \\d+ bytes \\d+ ms from \\S+")),
                lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains("9449306680")), "no NHS number: " + lines);
        assertFalse(lines.stream().anyMatch(l -> l.contains("/q/health")), "probes are not logged");
    }
}
