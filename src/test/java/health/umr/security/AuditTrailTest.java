package health.umr.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every access to a patient's data, and every refusal, leaves an AuditEvent that no one can change. */
@QuarkusTest
class AuditTrailTest {

    private static final String NHS = "9990001030";
    private static final String SYSTEM = "https://fhir.audit-gp.example/umr-test";
    private static final String AUDIT = "/fhir/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|";

    @Inject
    DatabaseState database;

    private static String auditor() {
        return TestTokens.system("auditor", "umr.audit");
    }

    @Test
    void aWriteAReadAndARefusalAreReadBack_newestFirst() {
        given().contentType(ContentType.JSON)
                .body("{\"setting\":\"gp\",\"name\":\"audit-gp\",\"system\":\"" + SYSTEM
                        + "\",\"clients\":[\"audit-feed\"]}")
                .put("/api/sources/audit-gp")
                .then()
                .statusCode(201);
        given().header(TestTokens.bearer(TestTokens.system("audit-feed", "system/*.write")))
                .contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement(SYSTEM, "audit-1", NHS, "active", "2026-11-01T10:00:00Z", "10mg"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);
        given().header(TestTokens.bearer(TestTokens.user("portal", "dr-audit", "user/*.read")))
                .get("/api/patients/" + NHS + "/medications")
                .then()
                .statusCode(200);
        given().header(TestTokens.bearer(TestTokens.patient("someone-else", "9990001049", "patient/*.read")))
                .get("/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + NHS)
                .then()
                .statusCode(403);

        JsonPath trail = given().header(TestTokens.bearer(auditor()))
                .log()
                .ifValidationFails()
                .get(AUDIT + NHS)
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("Bundle"))
                .body("total", greaterThanOrEqualTo(3))
                .extract()
                .jsonPath();
        List<String> outcomes = trail.getList("entry.resource.outcome");
        List<String> actions = trail.getList("entry.resource.action");
        assertEquals(List.of("4", "0", "0"), outcomes.subList(0, 3), "newest first: the refusal, the read, the write");
        assertEquals(List.of("R", "R", "C"), actions.subList(0, 3));
        assertEquals("rest", trail.getString("entry[0].resource.type.code"));
        assertEquals("9990001030", trail.getString("entry[1].resource.entity[0].what.identifier.value"));
        assertEquals("dr-audit", trail.getString("entry[1].resource.agent[1].who.identifier.value"));
        assertEquals("audit-feed", trail.getString("entry[2].resource.agent[0].who.identifier.value"));
        assertTrue(trail.getString("entry[0].resource.outcomeDesc").contains("403"));

        given().header(TestTokens.bearer(auditor()))
                .get(AUDIT + NHS + "&agent=dr-audit")
                .then()
                .statusCode(200)
                .body("total", equalTo(1));
        // the reference form the CapabilityStatement documents names the same patient
        List<String> byReference = given().header(TestTokens.bearer(auditor()))
                .get("/fhir/AuditEvent?patient=Patient/" + NHS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.id");
        assertTrue(
                byReference.containsAll(trail.getList("entry.resource.id").subList(0, 3)),
                () -> "by reference: " + byReference + ", by identifier: " + trail.getList("entry.resource.id"));
        given().header(TestTokens.bearer(auditor()))
                .get(AUDIT + NHS + "&agent=dr-audit&_sort=-date")
                .then()
                .statusCode(200)
                .body("total", equalTo(1));
        given().header(TestTokens.bearer(auditor()))
                .get(AUDIT + NHS + "&date=lt2000-01-01")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void theTrailIsPaged() {
        String nhs = "9990001057";
        for (int i = 0; i < 3; i++) {
            given().get("/api/patients/" + nhs + "/medications").then().statusCode(404);
        }
        JsonPath first = given().header(TestTokens.bearer(auditor()))
                .get(AUDIT + nhs + "&_count=2")
                .then()
                .statusCode(200)
                .body("entry.size()", equalTo(2))
                .body("link.relation", hasItem("next"))
                .extract()
                .jsonPath();
        String next = first.getString("link.find { it.relation == 'next' }.url");
        given().header(TestTokens.bearer(auditor()))
                .get(next.substring(next.indexOf("/fhir")))
                .then()
                .statusCode(200)
                .body("entry.size()", equalTo(1));
    }

    @Test
    void readingTheTrailNeedsUmrAudit() {
        given().header(TestTokens.bearer(TestTokens.system("reader", "system/*.read umr.admin")))
                .get(AUDIT + NHS)
                .then()
                .statusCode(403);
        given().header(TestTokens.none()).get(AUDIT + NHS).then().statusCode(401);
    }

    @Test
    void refusedRequestsWithoutAPatientAreAuditedToo() {
        long before = database.count("SELECT count(*) FROM audit_event WHERE outcome = '4' AND client_id IS NULL");
        given().header(TestTokens.none()).get("/api/sources").then().statusCode(401);
        given().header(TestTokens.bearer("not.a.jwt"))
                .get("/fhir/MedicationStatement")
                .then()
                .statusCode(401);
        given().header(TestTokens.none()).get("/q/metrics").then().statusCode(401);
        assertEquals(
                before + 3,
                database.count("SELECT count(*) FROM audit_event WHERE outcome = '4' AND client_id IS NULL"));
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAnAuditEvent() {
        given().get("/api/patients/9990001065/medications").then().statusCode(404);
        long count = database.count("SELECT count(*) FROM audit_event");
        assertThrows(IllegalStateException.class, () -> database.execute("UPDATE audit_event SET outcome = '0'"));
        assertThrows(IllegalStateException.class, () -> database.execute("DELETE FROM audit_event"));
        assertThrows(IllegalStateException.class, () -> database.execute("TRUNCATE audit_event"));
        assertEquals(count, database.count("SELECT count(*) FROM audit_event"));
    }

    @Test
    void noApiChangesOrDeletesAnAuditEvent() {
        given().header(TestTokens.bearer(TestTokens.admin()))
                .delete("/fhir/AuditEvent/1")
                .then()
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        given().header(TestTokens.bearer(TestTokens.admin()))
                .contentType(Feeds.FHIR_JSON)
                .body("{\"resourceType\":\"AuditEvent\"}")
                .post("/fhir/AuditEvent")
                .then()
                .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
    }
}
