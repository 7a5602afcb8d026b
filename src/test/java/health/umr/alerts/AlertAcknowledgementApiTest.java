package health.umr.alerts;

import static health.umr.support.FhirJson.DMD;
import static health.umr.support.SyntheticCodes.VALPROATE_200;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import health.umr.support.TestClock;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acknowledging an alert through the API (docs/contract.md): a signed-in user with
 * user/DetectedIssue.write records accepted / overridden / not-applicable with a reason and an optional
 * until; the alert shows as acknowledged in the portal JSON and as a DetectedIssue.mitigation in FHIR,
 * becomes active again when until passes or the facts change, keeps its history, and the request is
 * audited. Real PostgreSQL, real tokens from the test issuer.
 */
@QuarkusTest
class AlertAcknowledgementApiTest {

    private static final String PHARMACIST =
            TestTokens.user("epma", "pharmacist-jo", "user/*.read user/DetectedIssue.write");

    @Inject
    TestClock clock;

    private String gp;
    private String mentalHealth;

    @BeforeEach
    void sources() {
        DmdFixtures.loadSynthetic();
        gp = Feeds.source("ack-gp", "gp");
        mentalHealth = Feeds.source("ack-mh", "mental-health");
    }

    private void twoSsris(String nhs) {
        FhirJson.postSsris(gp, mentalHealth, nhs, nhs);
    }

    private static JsonPath alert(String nhs, String type) {
        return new JsonPath(medications(nhs).prettify()).setRootPath("alerts.find { it.type == '" + type + "' }");
    }

    private static JsonPath medications(String nhs) {
        return given().get("/api/patients/" + nhs + "/medications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static ValidatableResponse acknowledge(String token, String nhs, String alertId, String body) {
        return given().header(TestTokens.bearer(token))
                .contentType("application/json")
                .body(body)
                .post("/api/patients/" + nhs + "/alerts/" + alertId + "/acknowledgements")
                .then();
    }

    @Test
    void overridden_showsAcknowledgedInJsonAndFhir_untilItsTimeLimitPasses_andStaysInTheHistory() {
        String nhs = "9449304610";
        twoSsris(nhs);
        String id = alert(nhs, "therapeutic-duplication").getString("id");
        String until = Instant.now().plus(Duration.ofHours(1)).toString();

        JsonPath answer = acknowledge(
                        PHARMACIST,
                        nhs,
                        id,
                        "{\"outcome\": \"overridden\", \"reason\": \"cross-taper agreed with the psychiatrist\", \"until\": \""
                                + until + "\"}")
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals("acknowledged", answer.getString("alert.status"));
        assertEquals("pharmacist-jo", answer.getString("acknowledgement.user"));

        JsonPath json = alert(nhs, "therapeutic-duplication");
        assertEquals("acknowledged", json.getString("status"));
        assertEquals("overridden", json.getString("acknowledgement.outcome"));
        assertEquals("cross-taper agreed with the psychiatrist", json.getString("acknowledgement.reason"));
        assertEquals("pharmacist-jo", json.getString("acknowledgement.user"));
        assertEquals("epma", json.getString("acknowledgement.client"));

        JsonPath issue = given().get("/fhir/DetectedIssue?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("entry.find { it.resource.id == '" + id + "' }.resource");
        assertEquals("overridden", issue.getString("mitigation[0].action.coding[0].code"));
        assertEquals("cross-taper agreed with the psychiatrist", issue.getString("mitigation[0].action.text"));
        assertTrue(issue.getString("mitigation[0].author.display").startsWith("pharmacist-jo"));
        assertEquals("acknowledged", issue.getString("extension.find { it.url.endsWith('alert-status') }.valueCode"));

        clock.aheadBy(Duration.ofHours(2), () -> {
            JsonPath later = alert(nhs, "therapeutic-duplication");
            assertEquals("active", later.getString("status"), "until has passed");
            assertEquals(1, later.getList("acknowledgements").size(), "kept in the history");
        });
        List<String> history = given().get("/api/patients/" + nhs + "/alerts/" + id + "/acknowledgements")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("outcome");
        assertEquals(List.of("overridden"), history);
    }

    @Test
    void aNewMedicineImplicated_makesTheAlertActiveAgain() {
        String nhs = "9449304629";
        twoSsris(nhs);
        String id = alert(nhs, "therapeutic-duplication").getString("id");
        acknowledge(PHARMACIST, nhs, id, "{\"outcome\": \"accepted\", \"reason\": \"GP asked to stop citalopram\"}")
                .statusCode(201);
        assertEquals("acknowledged", alert(nhs, "therapeutic-duplication").getString("status"));

        // venlafaxine (a real VTM of the 2019 release): a third serotonergic antidepressant
        FhirJson.post(FhirJson.statement(
                gp,
                nhs + "-f",
                nhs,
                DMD,
                "108432009",
                "Venlafaxine",
                "active",
                "2026-11-02T09:00:00Z",
                "75mg od",
                null));

        JsonPath after = alert(nhs, "therapeutic-duplication");
        assertEquals(id, after.getString("id"), "the same alert (its id is the class)");
        assertEquals("active", after.getString("status"));
    }

    @Test
    void aHigherSeverity_makesTheAlertActiveAgain() {
        String nhs = "9449304637";
        FhirJson.post(FhirJson.patient(nhs, "male", "1990-05-01", "2026-11-01T09:00:00Z"));
        FhirJson.post(FhirJson.statement(
                gp,
                nhs + "-v",
                nhs,
                DMD,
                VALPROATE_200,
                "Sodium valproate 200mg gastro-resistant tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "1 bd",
                null));
        JsonPath moderate = alert(nhs, "valproate-pregnancy-prevention");
        assertEquals("moderate", moderate.getString("severity"));
        acknowledge(
                        PHARMACIST,
                        nhs,
                        moderate.getString("id"),
                        "{\"outcome\": \"accepted\", \"reason\": \"counselled today\"}")
                .statusCode(201);
        assertEquals(
                "acknowledged", alert(nhs, "valproate-pregnancy-prevention").getString("status"));

        FhirJson.post(FhirJson.patient(nhs, "female", "1990-05-01", "2026-11-03T09:00:00Z"));

        JsonPath high = alert(nhs, "valproate-pregnancy-prevention");
        assertEquals("high", high.getString("severity"));
        assertEquals("active", high.getString("status"));
    }

    @Test
    void theAcknowledgementIsAudited() {
        String nhs = "9449304645";
        twoSsris(nhs);
        String id = alert(nhs, "therapeutic-duplication").getString("id");
        acknowledge(
                        PHARMACIST,
                        nhs,
                        id,
                        "{\"outcome\": \"not-applicable\", \"reason\": \"citalopram stopped last week\"}")
                .statusCode(201);

        String audit = given().get("/fhir/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(audit.contains("/alerts/" + id + "/acknowledgements"), audit);
    }

    @Test
    void refusals_areClearJsonErrors_andStoreNothing() {
        String nhs = "9449304653";
        twoSsris(nhs);
        String id = alert(nhs, "therapeutic-duplication").getString("id");
        String ok = "{\"outcome\": \"accepted\", \"reason\": \"r\"}";

        acknowledge(TestTokens.system("epma", "system/*.read system/DetectedIssue.write"), nhs, id, ok)
                .statusCode(403);
        acknowledge(TestTokens.user("epma", "jo", "user/*.read"), nhs, id, ok).statusCode(403);
        acknowledge(PHARMACIST, nhs, id, "{\"outcome\": \"ignored\", \"reason\": \"r\"}")
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("UMR-0015"));
        acknowledge(PHARMACIST, nhs, id, "{\"outcome\": \"accepted\", \"reason\": \"  \"}")
                .statusCode(400);
        acknowledge(
                        PHARMACIST,
                        nhs,
                        id,
                        "{\"outcome\": \"accepted\", \"reason\": \"r\", \"until\": \"2020-01-01T00:00:00Z\"}")
                .statusCode(400);
        acknowledge(PHARMACIST, nhs, id, "{\"outcome\": \"accepted\", \"reason\": \"r\", \"until\": \"tomorrow\"}")
                .statusCode(400);
        acknowledge(PHARMACIST, nhs, id, "not json").statusCode(400);
        acknowledge(PHARMACIST, nhs, "0123456789abcdef0123456789abcdef", ok).statusCode(404);
        acknowledge(PHARMACIST, "9434765919", id, ok).statusCode(404);

        assertEquals("active", alert(nhs, "therapeutic-duplication").getString("status"));
        assertEquals(List.of(), alert(nhs, "therapeutic-duplication").getList("acknowledgements"));
    }
}
