package health.umr.fhir;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.dmd.Dmd;
import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import health.umr.support.SyntheticCodes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Search like a FHIR server: pages of any size with next and previous links to the end of any
 * number of matches, a true total, keyset cursors that neither skip nor repeat records stored while
 * a client pages, _sort, dm+d codes at any level, patient references, and the conditional
 * interactions (If-None-Exist, If-Match, Prefer).
 */
@QuarkusTest
class SearchPagingTest {

    private static final String SYSTEM = "https://paging.test.example/ms";
    private static final String BULK_SYSTEM = "https://paging.test.example/bulk";
    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";

    @Inject
    Dmd dmd;

    @Test
    void fiveThousandMatches_pageToTheEnd_withCorrectLinks_evenWhileRecordsArrive() {
        String gp = Feeds.source("gp-paging", "gp");
        List<String> patients = Feeds.validNhsNumbers("974100", 51);
        StringBuilder ndjson = new StringBuilder();
        int sent = 0;
        for (String nhs : patients) {
            for (int i = 0; i < 100; i++) {
                ndjson.append(statement(gp, "p-" + nhs + "-" + i, nhs, SyntheticCodes.AMITRIPTYLINE_10)
                                .replace(SYSTEM, BULK_SYSTEM))
                        .append('\n');
                sent++;
            }
            if (sent % 1700 == 0) {
                ingest(ndjson.toString());
                ndjson.setLength(0);
            }
        }
        ingest(ndjson.toString());

        String first = "/fhir/MedicationStatement?identifier=" + BULK_SYSTEM + "%7C&_count=1000&_total=accurate";
        Set<String> seen = new HashSet<>();
        List<String> pageIds = new ArrayList<>();
        String next = first;
        String previousOfSecond = null;
        int pages = 0;
        while (next != null) {
            JsonPath page = given().urlEncodingEnabled(false)
                    .get(relative(next))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            pages++;
            assertEquals(5100 + (pages > 1 ? 1 : 0), page.getInt("total"), "the total is every match");
            List<String> ids = page.getList("entry.resource.id");
            assertTrue(ids.size() <= 1000, "a page holds at most _count entries");
            for (String id : ids) {
                assertTrue(seen.add(id), "no record is served twice: " + id);
            }
            if (pages == 1) {
                pageIds = ids;
                assertNull(link(page, "previous"), "the first page has no previous link");
                // a record stored while the client pages joins the end: nothing shifts, nothing repeats
                given().contentType("application/fhir+json")
                        .body(statement(gp, "p-late", patients.get(0), SyntheticCodes.AMITRIPTYLINE_10)
                                .replace(SYSTEM, BULK_SYSTEM))
                        .post("/fhir/MedicationStatement")
                        .then()
                        .statusCode(201);
            }
            if (pages == 2) {
                previousOfSecond = link(page, "previous");
                assertNotNull(previousOfSecond, "the second page links back");
            }
            next = link(page, "next");
        }
        assertEquals(6, pages, "5,101 matches at 1,000 a page");
        assertEquals(5101, seen.size(), "every match, the late one too, exactly once");

        List<String> back = given().urlEncodingEnabled(false)
                .get(relative(previousOfSecond))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.id");
        assertEquals(pageIds, back, "previous from the second page is the first page again");
    }

    @Test
    void sortByLastUpdated_descending_andById() {
        String gp = Feeds.source("gp-sort", "gp");
        String nhs = Feeds.validNhsNumbers("974200", 1).get(0);
        for (int i = 0; i < 5; i++) {
            FhirJson.post(statement(gp, "sort-" + i, nhs, SyntheticCodes.AMITRIPTYLINE_10));
        }
        List<String> byArrival = ids("/fhir/MedicationStatement?patient=Patient/" + nhs);
        List<String> newestFirst = ids("/fhir/MedicationStatement?patient=Patient/" + nhs + "&_sort=-_lastUpdated");
        List<String> reversed = new ArrayList<>(byArrival);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, newestFirst);
        List<String> byId = ids("/fhir/MedicationStatement?patient:identifier=" + NHS + "%7C" + nhs + "&_sort=_id");
        assertEquals(
                byArrival.stream().sorted().toList(), byId.stream().sorted().toList());
        given().get("/fhir/MedicationStatement?patient=Patient/" + nhs + "&_sort=status")
                .then()
                .statusCode(400)
                .body("issue[0].details.coding[0].code", equalTo("UMR-0015"));
    }

    @Test
    void aVtmFindsTheRecordsCodedWithItsVmps_andPagesOfTwoLinkBothWays() {
        DmdFixtures.loadSynthetic();
        String gp = Feeds.source("gp-code", "gp");
        String nhs = Feeds.validNhsNumbers("974300", 1).get(0);
        for (int i = 0; i < 3; i++) {
            FhirJson.post(statement(gp, "code-" + i, nhs, SyntheticCodes.AMITRIPTYLINE_10));
        }
        FhirJson.post(statement(gp, "code-other", nhs, SyntheticCodes.SERTRALINE_50));
        String vtm = dmd.vtmOf(SyntheticCodes.AMITRIPTYLINE_10).orElseThrow();

        String search = "/fhir/MedicationStatement?patient=Patient/" + nhs + "&code=https://dmd.nhs.uk%7C" + vtm;
        assertEquals(3, ids(search).size(), "the VTM finds every record coded with its VMP, not the other medicine");
        JsonPath page = given().urlEncodingEnabled(false)
                .get(search + "&_count=2")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(3, page.getInt("total"));
        assertEquals(2, page.getList("entry").size());
        JsonPath last = given().urlEncodingEnabled(false)
                .get(relative(link(page, "next")))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(1, last.getList("entry").size());
        assertNull(link(last, "next"));
        assertNotNull(link(last, "previous"));
    }

    @Test
    void conditionalCreate_ifMatch_andPrefer() {
        String gp = Feeds.source("gp-conditional", "gp");
        String nhs = Feeds.validNhsNumbers("974400", 1).get(0);
        String body = statement(gp, "cond-1", nhs, SyntheticCodes.AMITRIPTYLINE_10);
        String id = given().contentType("application/fhir+json")
                .header("Prefer", "return=representation")
                .body(body)
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201)
                .body("resourceType", equalTo("MedicationStatement"))
                .extract()
                .jsonPath()
                .getString("id");

        // If-None-Exist: a match answers 200 with it, and stores nothing
        given().contentType("application/fhir+json")
                .header("If-None-Exist", "identifier=" + SYSTEM + "%7Ccond-1")
                .body(body.replace("10mg at night", "20mg at night"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(200);
        given().get("/fhir/MedicationStatement/" + id).then().body("dosage[0].text", equalTo("10mg at night"));

        // If-Match on a stale version: 412, nothing stored
        given().urlEncodingEnabled(false)
                .contentType("application/fhir+json")
                .header("If-Match", "W/\"7\"")
                .body(body.replace("10mg at night", "30mg at night"))
                .put("/fhir/MedicationStatement?identifier=" + SYSTEM + "%7Ccond-1")
                .then()
                .statusCode(412)
                .body("issue[0].details.coding[0].code", equalTo("UMR-0024"));
        // If-Match on the version held: taken
        given().urlEncodingEnabled(false)
                .contentType("application/fhir+json")
                .header("If-Match", "W/\"1\"")
                .header("Prefer", "return=minimal")
                .body(body.replace("10mg at night", "30mg at night")
                        .replace("2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z"))
                .put("/fhir/MedicationStatement?identifier=" + SYSTEM + "%7Ccond-1")
                .then()
                .statusCode(200);
        given().get("/fhir/MedicationStatement/" + id).then().body("dosage[0].text", equalTo("30mg at night"));

        given().contentType("application/fhir+json")
                .header("Prefer", "return=OperationOutcome")
                .body(statement(gp, "cond-2", nhs, SyntheticCodes.AMITRIPTYLINE_10))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void aSearchByPatientReference_findsWhatTheIdentifierFinds() {
        String gp = Feeds.source("gp-reference", "gp");
        String nhs = Feeds.validNhsNumbers("974500", 1).get(0);
        FhirJson.post(statement(gp, "ref-1", nhs, SyntheticCodes.AMITRIPTYLINE_10));
        List<String> byIdentifier = ids("/fhir/MedicationStatement?patient:identifier=" + NHS + "%7C" + nhs);
        assertFalse(byIdentifier.isEmpty());
        assertEquals(byIdentifier, ids("/fhir/MedicationStatement?patient=Patient/" + nhs));
        assertEquals(byIdentifier, ids("/fhir/MedicationStatement?subject=Patient/" + nhs));
        given().get("/fhir/MedicationStatement?patient=Patient/" + nhs + "&_id=" + byIdentifier.get(0))
                .then()
                .statusCode(200)
                .body("entry", hasSize(1));
    }

    private static List<String> ids(String search) {
        return given().urlEncodingEnabled(false)
                .get(search)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.id");
    }

    private static String link(JsonPath page, String relation) {
        List<String> relations = page.getList("link.relation");
        int at = relations.indexOf(relation);
        return at < 0 ? null : page.getString("link[" + at + "].url");
    }

    /** A link as the test client sends it: the path and query after the server base. */
    private static String relative(String link) {
        return link.substring(link.indexOf("/fhir/"));
    }

    private static void ingest(String ndjson) {
        if (ndjson.isEmpty()) {
            return;
        }
        given().contentType("application/fhir+ndjson")
                .body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/fhir/$ingest")
                .then()
                .statusCode(200);
    }

    private static String statement(String system, String identifier, String nhs, String code) {
        return """
                {"resourceType":"MedicationStatement","meta":{"source":"%s","lastUpdated":"2026-11-01T10:00:00Z"},\
                "identifier":[{"system":"%s","value":"%s"}],"status":"active",\
                "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"%s"}]},\
                "subject":{"identifier":{"system":"%s","value":"%s"}},"dosage":[{"text":"10mg at night"}]}""".formatted(system, SYSTEM, identifier, code, NHS, nhs);
    }
}
