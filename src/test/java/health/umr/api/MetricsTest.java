package health.umr.api;

import static health.umr.support.Feeds.FHIR_JSON;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.Feeds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /q/metrics, on the management port only, counts what was taken and the record versions it wrote. */
@QuarkusTest
class MetricsTest {

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Test
    void metricsAreOnTheManagementPortOnly_healthOnTheServicePort() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
        assertNotEquals(RestAssured.port, management.getPort(), "metrics have a port of their own");
    }

    @Test
    void ingestCountsResourcesByTransportAndResult_andRecordVersions() {
        String gp = Feeds.source("metrics-gp", "gp");
        double created = metric("umr_ingest_resources_total\\{result=\"created\",transport=\"rest\"}");
        double unchanged = metric("umr_ingest_resources_total\\{result=\"unchanged\",transport=\"rest\"}");
        double versions = metric("umr_record_versions_total");
        double reads = reads();

        String body = Feeds.statement(gp, "metrics-1", "9997770021", "active", "2026-11-01T10:00:00Z", "10mg at night");
        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);
        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(200);

        assertEquals(created + 1, metric("umr_ingest_resources_total\\{result=\"created\",transport=\"rest\"}"));
        assertEquals(unchanged + 1, metric("umr_ingest_resources_total\\{result=\"unchanged\",transport=\"rest\"}"));
        assertTrue(metric("umr_record_versions_total") >= versions + 1, "a new record version was written");
        assertTrue(reads() >= reads + 2, "each body is counted under the parser that read it");
    }

    /** Messages read by either parser (umr_ingest_reads_total{reader}). */
    private double reads() {
        return metric("umr_ingest_reads_total\\{reader=\"streaming\"}")
                + metric("umr_ingest_reads_total\\{reader=\"hapi\"}");
    }

    private double metric(String nameAndTags) {
        String text = given().get(URI.create(management.toString()).resolve("/q/metrics"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher value = Pattern.compile("^" + nameAndTags + " ([0-9.Ee+-]+)(?: #.*)?$", Pattern.MULTILINE)
                .matcher(text);
        return value.find() ? Double.parseDouble(value.group(1)) : 0.0;
    }
}
