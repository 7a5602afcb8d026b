package health.umr.reports;

import static health.umr.support.FhirJson.DMD;
import static health.umr.support.SyntheticCodes.AMITRIPTYLINE_10;
import static health.umr.support.SyntheticCodes.CITALOPRAM_20;
import static health.umr.support.SyntheticCodes.VALPROATE_200;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DmdFixtures;
import health.umr.support.FhirJson;
import health.umr.support.KafkaTestClient;
import health.umr.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/sources/{id}/quality and the per-source feed gauges: what a source holds, the shares,
 * refusals by code over REST and Kafka, and staleness both ways with the test clock moved.
 */
@QuarkusTest
class SourceQualityTest {

    /** Metrics are on the management port (application.properties). */
    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    private static final String NHS = "9731999906";
    private static boolean built;
    private static String gp;

    @Inject
    TestClock clock;

    @Inject
    SourceFeedGauges gauges;

    @BeforeEach
    void feeds() {
        if (built) {
            return;
        }
        DmdFixtures.loadSynthetic();
        gp = register("q-gp", "gp", "\"staleAfter\":\"P1D\",");
        register("q-pharmacy", "community-pharmacy", "");
        // a structured dose, text doses, a local code, text only (+ one in the batch): 5 medicines, 2 unmapped
        FhirJson.post(statement(
                "q1",
                "{\"coding\":[{\"system\":\"" + DMD + "\",\"code\":\"" + AMITRIPTYLINE_10
                        + "\",\"display\":\"Amitriptyline 10mg tablets\"}]}",
                "\"doseAndRate\":[{\"doseQuantity\":{\"value\":10,\"unit\":\"mg\"}}],"
                        + "\"timing\":{\"repeat\":{\"frequency\":1,\"period\":1,\"periodUnit\":\"d\"}},"));
        FhirJson.post(FhirJson.statement(
                gp,
                "q2",
                NHS,
                DMD,
                VALPROATE_200,
                "Sodium valproate 200mg",
                "active",
                "2026-11-01T09:00:00Z",
                "one twice a day",
                null));
        FhirJson.post(FhirJson.statement(
                gp,
                "q3",
                NHS,
                "https://local.example/codes",
                "X1",
                "Local cream",
                "active",
                "2026-11-01T09:00:00Z",
                "apply",
                null));
        FhirJson.post(FhirJson.statement(
                gp, "q4", NHS, null, null, "Dr Smith's mixture", "active", "2026-11-01T09:00:00Z", "5ml", null));
        // refused whole: an invalid NHS number; refused as one entry of a batch: no status
        given().contentType("application/fhir+json")
                .body(FhirJson.statement(
                        gp, "q5", "1234567890", DMD, VALPROATE_200, "x", "active", "2026-11-01T09:00:00Z", "x", null))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(422);
        String noStatus = FhirJson.statement(
                        gp, "q6", NHS, DMD, VALPROATE_200, "x", "active", "2026-11-01T09:00:00Z", "x", null)
                .replace("\"status\":\"active\",", "");
        given().contentType("application/fhir+json")
                .body("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
                        + FhirJson.statement(
                                gp,
                                "q7",
                                NHS,
                                DMD,
                                CITALOPRAM_20,
                                "Citalopram 20mg tablets",
                                "active",
                                "2026-11-01T09:00:00Z",
                                "x",
                                null)
                        + "},{\"resource\":" + noStatus + "}]}")
                .post("/fhir/$ingest")
                .then()
                .statusCode(200);
        built = true;
    }

    @Test
    void quality_recordsSharesRefusalsAndLastMessage() {
        JsonPath q = quality("q-gp");
        assertEquals(5, q.getInt("records"), q.prettify());
        assertEquals(5, q.getInt("medicines"), q.prettify());
        assertEquals(2, q.getInt("unmapped"));
        assertEquals(0.4, q.getDouble("unmappedShare"), 1e-9);
        assertEquals(4, q.getInt("noStructuredDose"));
        assertEquals(0.8, q.getDouble("noStructuredDoseShare"), 1e-9);
        assertEquals(1, q.getInt("textOnly"));
        assertEquals(Map.of("UMR-0004", 1, "UMR-0008", 1), q.getMap("refusedByCode"));
        assertEquals(2, q.getInt("refusedLast24Hours"));
        assertNotNull(q.getString("lastMessageAt"));
        assertEquals("P1D", q.getString("staleAfter"));
        assertFalse(q.getBoolean("stale"));
    }

    @Test
    void quality_countsKafkaDeadLetters() {
        String bad = FhirJson.statement(
                gp, "q-kafka", "1234567890", DMD, VALPROATE_200, "x", "active", "2026-11-01T09:00:00Z", "x", null);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send("umr.inbound", "1234567890", "q-pharmacy", bad);
            kafka.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (quality("q-pharmacy").getInt("refusedLast24Hours") == 0 && System.nanoTime() < deadline) {
            pause();
        }
        assertEquals(Map.of("UMR-0004", 1), quality("q-pharmacy").getMap("refusedByCode"));
    }

    @Test
    void staleness_bothWays_againstEachSourcesStaleAfter() {
        clock.aheadBy(Duration.ofHours(12), () -> assertFalse(quality("q-gp").getBoolean("stale")));
        clock.aheadBy(Duration.ofDays(2), () -> assertTrue(quality("q-gp").getBoolean("stale")));
        // q-pharmacy has sent nothing: the default P2D counts from its registration
        clock.aheadBy(
                Duration.ofDays(1), () -> assertFalse(quality("q-pharmacy").getBoolean("stale")));
        clock.aheadBy(Duration.ofDays(3), () -> assertTrue(quality("q-pharmacy").getBoolean("stale")));
    }

    @Test
    void gauges_perSource_forAlertingOnAStaleFeed() {
        gauges.refresh();
        assertTrue(metrics().contains("umr_source_stale{source=\"q-gp\"} 0.0"), this::sourceMetrics);
        clock.aheadBy(Duration.ofDays(2), () -> {
            String text = metrics();
            assertTrue(text.contains("umr_source_stale{source=\"q-gp\"} 1.0"), this::sourceMetrics);
            double age = Double.parseDouble(text.lines()
                    .filter(l -> l.startsWith("umr_source_last_message_age_seconds{source=\"q-gp\"}"))
                    .findFirst()
                    .orElseThrow()
                    .split(" ")[1]);
            assertTrue(age >= Duration.ofDays(2).toSeconds(), "age " + age);
        });
    }

    @Test
    void quality_asCsv() throws IOException {
        String csv = given().accept("text/csv")
                .get("/api/sources/q-gp/quality")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv))
                .getRecords();
        assertEquals(1, rows.size());
        assertEquals("q-gp", rows.get(0).get("source"));
        assertEquals("0.4", rows.get(0).get("unmapped_share"));
        assertEquals("UMR-0004=1;UMR-0008=1", rows.get(0).get("refused_by_code"));
    }

    @Test
    void staleAfter_isValidated_andShownWithTheSource() {
        given().contentType(ContentType.JSON)
                .body("{\"setting\":\"gp\",\"name\":\"q\",\"system\":\"https://q-bad.example\",\"staleAfter\":\"P1M\"}")
                .put("/api/sources/q-bad")
                .then()
                .statusCode(400)
                .body("error", equalTo("UMR-0014"));
        List<Map<String, Object>> sources =
                given().get("/api/sources").jsonPath().getList("");
        Map<String, Object> pharmacy = sources.stream()
                .filter(s -> "q-pharmacy".equals(s.get("id")))
                .findFirst()
                .orElseThrow();
        assertEquals("P2D", pharmacy.get("staleAfter"));
        given().get("/api/sources/nobody/quality").then().statusCode(404);
    }

    private String sourceMetrics() {
        return metrics()
                .lines()
                .filter(l -> l.startsWith("umr_source_"))
                .toList()
                .toString();
    }

    private String metrics() {
        return given().get(java.net.URI.create(management.toString()).resolve("/q/metrics"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static JsonPath quality(String source) {
        return given().get("/api/sources/" + source + "/quality")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String register(String id, String setting, String extra) {
        String system = "https://fhir." + id + ".health/umr-test";
        given().contentType(ContentType.JSON)
                .body("{" + extra + "\"setting\":\"" + setting + "\",\"name\":\"" + id + "\",\"system\":\"" + system
                        + "\"}")
                .put("/api/sources/" + id)
                .then()
                .statusCode(anyOf(is(200), is(201)));
        return system;
    }

    private static String statement(String id, String medication, String dose) {
        return """
                {"resourceType":"MedicationStatement","id":"%s","meta":{"source":"%s","lastUpdated":"2026-11-01T09:00:00Z"},
                 "identifier":[{"system":"%s/ms","value":"%s"}],"status":"active",
                 "medicationCodeableConcept":%s,
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "dosage":[{%s"text":"10mg at night"}]}""".formatted(id, gp, gp, id, medication, NHS, dose);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
