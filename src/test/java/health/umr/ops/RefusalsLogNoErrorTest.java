package health.umr.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.CapturedLogs;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A refusal is the client's fault, not the server's: an operator watching ERROR lines must see
 * server faults only. HAPI logs every exception an interceptor throws at ERROR (a 401 from the
 * access check included); the log configuration silences that one category.
 */
@QuarkusTest
class RefusalsLogNoErrorTest {

    /** org.jboss.logmanager.Level.ERROR's value: java.util.logging has no ERROR of its own. */
    private static final int ERROR = 1000;

    private static final String SEARCH = "/fhir/MedicationStatement?patient:identifier=";

    @Test
    void refusedFhirRequests_areAnswered_butLogNothingAtError() {
        List<String> errors = errorsLoggedWhile(() -> {
            given().header(TestTokens.none())
                    .get(SEARCH + "https://fhir.nhs.uk/Id/nhs-number|9449306680")
                    .then()
                    .statusCode(401);
            given().get(SEARCH + "https://fhir.nhs.uk/Id/nhs-number|1234567890")
                    .then()
                    .statusCode(both(greaterThanOrEqualTo(400)).and(lessThan(500)));
            // a body said to be gzip that is not: HAPI logged "Not in GZIP format" at ERROR
            given().contentType("application/fhir+json")
                    .header("Content-Encoding", "gzip")
                    .body("{\"resourceType\":\"MedicationStatement\"}")
                    .post("/fhir/MedicationStatement")
                    .then()
                    .statusCode(both(greaterThanOrEqualTo(400)).and(lessThan(500)));
            given().get(SEARCH + "http://other.system|9449306680")
                    .then()
                    .statusCode(both(greaterThanOrEqualTo(400)).and(lessThan(500)));
        });
        assertEquals(List.of(), errors, "refusals logged at ERROR");
    }

    @Test
    void aServerFaultIsCaptured_soTheTestAboveCanFail() {
        List<String> errors = errorsLoggedWhile(() ->
                org.jboss.logging.Logger.getLogger(RefusalsLogNoErrorTest.class).error("a server fault"));
        assertEquals(List.of(RefusalsLogNoErrorTest.class.getName() + ": a server fault"), errors);
    }

    private static List<String> errorsLoggedWhile(Runnable requests) {
        try (CapturedLogs logs = CapturedLogs.on(Logger.getLogger(""))) {
            requests.run();
            return logs.records().stream()
                    .filter(record -> record.getLevel().intValue() >= ERROR)
                    .map(record -> record.getLoggerName() + ": " + record.getMessage())
                    .toList();
        }
    }
}
