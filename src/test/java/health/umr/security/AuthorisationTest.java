package health.umr.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scopes, patients and sources, both ways, through /fhir, /api and /cds-services, with real tokens. */
@QuarkusTest
class AuthorisationTest {

    private static final String NHS = "9990001014";
    private static final String OTHER = "9990001022";
    private static final String SYSTEM = "https://fhir.authz-gp.example/umr-test";
    private static final String BY_PATIENT =
            "/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|";

    @Inject
    DatabaseState database;

    @BeforeEach
    void aGpThatNamesItsClientAndTwoPatients() {
        given().contentType(ContentType.JSON)
                .body("{\"setting\":\"gp\",\"name\":\"Authz GP\",\"system\":\"" + SYSTEM
                        + "\",\"clients\":[\"gp-feed\"]}")
                .put("/api/sources/authz-gp")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)))
                .body("clients[0]", equalTo("gp-feed"));
        for (String nhs : new String[] {NHS, OTHER}) {
            given().contentType(Feeds.FHIR_JSON)
                    .body(Feeds.statement(SYSTEM, "authz-" + nhs, nhs, "active", "2026-11-01T10:00:00Z", "10mg"))
                    .post("/fhir/MedicationStatement")
                    .then()
                    .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
        }
    }

    @Test
    void aClientTheSourceNamesMayWriteAsIt_anotherIsRefusedWhole() {
        String named = TestTokens.system("gp-feed", "system/MedicationStatement.write");
        given().header(TestTokens.bearer(named))
                .contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement(SYSTEM, "authz-new-1", NHS, "active", "2026-11-02T10:00:00Z", "20mg"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);

        Map<String, Long> before = database.counts();
        String intruder = TestTokens.system("acute-epma", "system/*.write");
        given().header(TestTokens.bearer(intruder))
                .contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement(SYSTEM, "authz-new-2", NHS, "entered-in-error", "2026-11-03T10:00:00Z", "20mg"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(403)
                .body("issue[0].details.coding[0].code", equalTo("UMR-0403"))
                .body("issue[0].diagnostics", containsString("authz-gp"));
        String bundle =
                """
                {"resourceType":"Bundle","type":"collection","entry":[{"resource":%s}]}""".formatted(Feeds.statement(SYSTEM, "authz-new-3", NHS, "active", "2026-11-03T10:00:00Z", "20mg"));
        given().header(TestTokens.bearer(intruder))
                .contentType(Feeds.FHIR_JSON)
                .body(bundle)
                .post("/fhir/$ingest")
                .then()
                .statusCode(403);
        assertEquals(before, database.counts(), "a refused write changes nothing");
    }

    @Test
    void writingNeedsAWriteScopeForTheType() {
        given().header(TestTokens.bearer(TestTokens.system("gp-feed", "system/Encounter.write system/*.read")))
                .contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement(SYSTEM, "authz-type", NHS, "active", "2026-11-02T10:00:00Z", "20mg"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(403);
    }

    @Test
    void aPatientTokenReadsOnlyItsPatient() {
        String app = TestTokens.patient("patient-app", NHS, "patient/*.read");
        given().header(TestTokens.bearer(app)).get(BY_PATIENT + NHS).then().statusCode(200);
        given().header(TestTokens.bearer(app)).get(BY_PATIENT + OTHER).then().statusCode(403);
        given().header(TestTokens.bearer(app))
                .get("/api/patients/" + NHS + "/medications")
                .then()
                .statusCode(200);
        given().header(TestTokens.bearer(app))
                .get("/api/patients/" + OTHER + "/medications")
                .then()
                .statusCode(403)
                .body("error", equalTo("UMR-0403"));
        given().header(TestTokens.bearer(app))
                .get("/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number|" + OTHER)
                .then()
                .statusCode(403);
        given().header(TestTokens.bearer(app))
                .get("/fhir/MedicationStatement")
                .then()
                .statusCode(403);
    }

    @Test
    void aPatientTokenCannotReadAnotherPatientsRecordById() {
        String id =
                given().get(BY_PATIENT + OTHER).then().statusCode(200).extract().path("entry[0].resource.id");
        String app = TestTokens.patient("patient-app", NHS, "patient/*.read");
        given().header(TestTokens.bearer(app))
                .get("/fhir/MedicationStatement/" + id)
                .then()
                .statusCode(403);
        String own = TestTokens.patient("patient-app", OTHER, "patient/*.read");
        given().header(TestTokens.bearer(own))
                .get("/fhir/MedicationStatement/" + id)
                .then()
                .statusCode(200);
    }

    @Test
    void searchesWithoutAPatientNeedSystemOrAdmin() {
        given().header(TestTokens.bearer(TestTokens.user("portal", "dr-a", "user/*.read")))
                .get("/fhir/MedicationStatement?status=active")
                .then()
                .statusCode(403)
                .body("issue[0].diagnostics", containsString("patient:identifier"));
        given().header(TestTokens.bearer(TestTokens.user("portal", "dr-a", "user/*.read")))
                .get(BY_PATIENT + NHS)
                .then()
                .statusCode(200);
        given().header(TestTokens.bearer(TestTokens.system("analytics", "system/*.read")))
                .get("/fhir/MedicationStatement?status=active&_count=1")
                .then()
                .statusCode(200);
    }

    @Test
    void aTypeScopeReadsThatTypeOnly() {
        String statements = TestTokens.user("portal", "dr-b", "user/MedicationStatement.rs");
        given().header(TestTokens.bearer(statements))
                .get(BY_PATIENT + NHS)
                .then()
                .statusCode(200);
        given().header(TestTokens.bearer(statements))
                .get("/fhir/MedicationRequest?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + NHS)
                .then()
                .statusCode(403);
    }

    @Test
    void adminEndpointsNeedUmrAdmin() {
        String reader = TestTokens.system("reader", "system/*.read system/*.write");
        given().header(TestTokens.bearer(reader))
                .contentType(ContentType.JSON)
                .body("{\"setting\":\"acute\",\"name\":\"x\",\"system\":\"https://fhir.hijack.example\"}")
                .put("/api/sources/authz-gp")
                .then()
                .statusCode(403);
        given().header(TestTokens.bearer(reader))
                .post("/api/admin/rebuild")
                .then()
                .statusCode(403);
        given().header(TestTokens.bearer(reader))
                .contentType("application/zip")
                .body(new byte[] {1})
                .post("/api/admin/dmd")
                .then()
                .statusCode(403);
        given().header(TestTokens.bearer(reader)).get("/api/sources").then().statusCode(200);
    }

    @Test
    void cdsHooksCallsNeedAReadScope_andAPatientTokenOnlyForItsPatient() {
        String call = """
                {"hook":"order-sign","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
                 "context":{"patientId":"p","draftOrders":{"resourceType":"Bundle","type":"collection","entry":[]}},
                 "prefetch":{"patient":{"resourceType":"Patient","id":"p","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}]}}}""";
        given().header(TestTokens.bearer(TestTokens.system("ehr", "system/*.write")))
                .contentType(ContentType.JSON)
                .body(call.formatted(NHS))
                .post("/cds-services/umr-medicines-check")
                .then()
                .statusCode(403);
        String app = TestTokens.patient("patient-app", NHS, "patient/*.read");
        given().header(TestTokens.bearer(app))
                .contentType(ContentType.JSON)
                .body(call.formatted(NHS))
                .post("/cds-services/umr-medicines-check")
                .then()
                .statusCode(200);
        given().header(TestTokens.bearer(app))
                .contentType(ContentType.JSON)
                .body(call.formatted(OTHER))
                .post("/cds-services/umr-medicines-check")
                .then()
                .statusCode(403);
        given().header(TestTokens.bearer("not.a.jwt"))
                .contentType(ContentType.JSON)
                .body(call.formatted(NHS))
                .post("/cds-services/umr-medicines-check")
                .then()
                .statusCode(401);
    }
}
