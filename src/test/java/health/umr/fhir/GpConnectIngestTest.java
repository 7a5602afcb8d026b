package health.umr.fhir;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import health.umr.support.DatabaseState;
import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GP Connect Access Record Structured (FHIR STU3) through {@code POST /fhir/$ingest}, with the published
 * example (src/test/resources/fhir/SOURCES.md) as it is, and its dm+d ids resolved through the hand-made
 * fixture dmd/gpconnect/ (the amoxicillin id it sends is a previous id).
 */
@QuarkusTest
class GpConnectIngestTest {

    private static final String STU3_JSON = "application/fhir+json; fhirVersion=3.0";
    private static final String NHS = "9999999999";
    private static final String AMOXICILLIN_VTM = "27658006";
    private static final String ASPIRIN_VTM = "7947003";
    private static final byte[] RESPONSE = resource("/fhir/gpconnect/meds_response.json");

    @Inject
    DatabaseState database;

    /** Loaded once; loading the same release again changes nothing. */
    @BeforeEach
    void gpConnectDmd() {
        given().contentType("application/zip")
                .body(DmdFixtures.zip("gpconnect"))
                .post("/api/admin/dmd?name=gpconnect")
                .then()
                .statusCode(200);
    }

    @Test
    void publishedResponse_byContentType_isTakenAsR4_intoTheUnifiedRecord_withTheBytesLogged() {
        Feeds.source("gpc-e2e", "gp");

        given().contentType(STU3_JSON)
                .body(RESPONSE)
                .post("/fhir/$ingest?source=gpc-e2e")
                .then()
                .statusCode(200)
                .body("issue[0].diagnostics", startsWith("taken 8 ("))
                .body("issue[0].diagnostics", containsString("refused 0"));
        // the Patient's facts are per NHS number, shared by every source; the 7 records are this source's
        assertEquals(7, database.count("SELECT count(*) FROM source_record WHERE source_id = 'gpc-e2e'"));

        JsonPath record = given().get("/api/patients/" + NHS + "/medications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> aspirin = item(record, ASPIRIN_VTM);
        Map<String, Object> amoxicillin = item(record, AMOXICILLIN_VTM);
        assertEquals("active", aspirin.get("status"), "the aspirin plan is active");
        assertEquals("completed", amoxicillin.get("status"), "the amoxicillin plan is completed");
        assertEquals(
                "Amoxicillin 250mg capsules",
                ((Map<?, ?>) amoxicillin.get("vmp")).get("display"),
                "323509004 resolves, as a previous id, to the VMP now 39732311000001104");
        // one chain: the statement, basedOn the plan, and the plan's two issues, basedOn it
        List<Map<String, Object>> aspirinSources = sources(aspirin, "gpc-e2e");
        assertEquals(1, aspirinSources.size(), "one source entry for the chain: " + aspirinSources);
        assertEquals("MedicationStatement", aspirinSources.get(0).get("resourceType"));
        assertEquals("2016-09-11", aspirinSources.get(0).get("lastIssued"), "the newest issue's date");

        String searched = given().accept("application/fhir+json")
                .get("/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + NHS)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        FhirContext r4 = FhirContext.forR4Cached();
        Bundle found = r4.newJsonParser()
                .setParserErrorHandler(new StrictErrorHandler())
                .parseResource(Bundle.class, searched);
        // every source's copy of the example (the tests share the patient): all read back as R4
        List<MedicationStatement> statements = found.getEntry().stream()
                .map(e -> (MedicationStatement) e.getResource())
                .toList();
        assertTrue(statements.size() >= 2, "both statements of the example are found");
        for (MedicationStatement statement : statements) {
            assertTrue(statement.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE
                    || statement.getStatus() == MedicationStatement.MedicationStatementStatus.COMPLETED);
            assertTrue(statement.getBasedOnFirstRep().getReference().startsWith("MedicationRequest/"));
            assertTrue(statement.getMeta().getProfile().isEmpty(), "no STU3 profile on an R4 resource");
        }

        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM inbound_message WHERE source_hint = 'gpc-e2e' AND body = ? AND content_type LIKE ?",
                        RESPONSE,
                        STU3_JSON + "%"));
    }

    @Test
    void publishedResponse_withoutFhirVersion_isRecognisedByItsProfiles_andAReplayChangesNothing() {
        Feeds.source("gpc-profile", "gp");

        given().contentType("application/fhir+json")
                .body(RESPONSE)
                .post("/fhir/$ingest?source=gpc-profile")
                .then()
                .statusCode(200)
                .body("issue[0].diagnostics", startsWith("taken 8 ("));
        Map<String, Long> before = database.counts();

        given().contentType("application/fhir+json")
                .body(RESPONSE)
                .post("/fhir/$ingest?source=gpc-profile")
                .then()
                .statusCode(200)
                .body("issue[0].diagnostics", startsWith("taken 8 (created 0, updated 0, unchanged 8)"));

        assertEquals(before, database.counts(), "a replay changes nothing");
        assertEquals(
                7,
                database.count(
                        "SELECT count(*) FROM source_record WHERE source_id = 'gpc-profile' AND status <> 'unknown'"));
    }

    @Test
    void publishedResponse_asStu3Xml_isTaken() {
        Feeds.source("gpc-xml", "gp");
        FhirContext stu3 = FhirContext.forDstu3Cached();
        String xml = stu3.newXmlParser()
                .encodeResourceToString(
                        stu3.newJsonParser().parseResource(new String(RESPONSE, StandardCharsets.UTF_8)));

        given().contentType("application/fhir+xml; fhirVersion=3.0")
                .accept("application/fhir+json")
                .body(xml)
                .post("/fhir/$ingest?source=gpc-xml")
                .then()
                .statusCode(200)
                .body("issue[0].diagnostics", startsWith("taken 8 ("));

        assertEquals(7, database.count("SELECT count(*) FROM source_record WHERE source_id = 'gpc-xml'"));
    }

    @Test
    void malformedStu3_isRefusedWhole_andNothingIsStored() {
        Feeds.source("gpc-bad", "gp");
        String published = new String(RESPONSE, StandardCharsets.UTF_8);

        given().contentType(STU3_JSON)
                .body(published.replaceFirst("\"status\": \"active\"", "\"status\": \"bogus\""))
                .post("/fhir/$ingest?source=gpc-bad")
                .then()
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("STU3"))
                .body("issue[0].diagnostics", containsString("bogus"));
        given().contentType(STU3_JSON)
                .body(published.substring(0, published.length() / 2))
                .post("/fhir/$ingest?source=gpc-bad")
                .then()
                .statusCode(400)
                .body("issue[0].diagnostics", containsString("STU3"));

        assertEquals(0, database.count("SELECT count(*) FROM source_record WHERE source_id = 'gpc-bad'"));
    }

    private static Map<String, Object> item(JsonPath record, String vtm) {
        List<Map<String, Object>> all = new java.util.ArrayList<>(record.getList("items"));
        all.addAll(record.getList("history"));
        return all.stream()
                .filter(i -> i.get("vtm") instanceof Map<?, ?> code && vtm.equals(code.get("code")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no item with VTM " + vtm + " in " + record.prettify()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sources(Map<String, Object> item, String source) {
        return ((List<Map<String, Object>>) item.get("sources"))
                .stream().filter(s -> source.equals(s.get("source"))).toList();
    }

    private static byte[] resource(String path) {
        try (InputStream in = GpConnectIngestTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
