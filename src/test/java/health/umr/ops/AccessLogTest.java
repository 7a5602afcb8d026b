package health.umr.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.CapturedLogs;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The access log names the route and the outcome of every request, and never the patient. */
@QuarkusTest
class AccessLogTest {

    @Test
    void everyRequestIsLogged_withItsStatus_andNoNhsNumber() {
        Logger access = Logger.getLogger(AccessLog.CATEGORY);
        Level before = access.getLevel();
        access.setLevel(Level.INFO);
        List<String> lines;
        try (CapturedLogs logs = CapturedLogs.on(access)) {
            given().get("/api/patients/9449306680/medications");
            given().get(
                            "/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9449306680&_count=5");
            given().get("/q/health/ready").then().statusCode(200);
            health.umr.support.KafkaTestClient.await(
                    "the access log lines",
                    java.time.Duration.ofSeconds(10),
                    () -> logs.records().size() >= 2);
            lines = logs.records().stream().map(AccessLogTest::formatted).toList();
        } finally {
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

    private static String formatted(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters);
    }
}
