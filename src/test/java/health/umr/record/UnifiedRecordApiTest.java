package health.umr.record;

import static health.umr.support.FhirJson.DMD;
import static health.umr.support.FhirJson.SCT;
import static health.umr.support.SyntheticCodes.COCARELDOPA_25_100;
import static health.umr.support.SyntheticCodes.COCARELDOPA_50_200_MR;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation behaviours of issue 4, through the FHIR and JSON APIs, on real dm+d (the
 * co-amilofruse chain of the 2021 extract, the 2019 VTMs) and the synthetic co-careldopa VMPs.
 */
@QuarkusTest
class UnifiedRecordApiTest {

    private static final String COAMILOFRUSE_VTM = "34186711000001102";
    private static final String COAMILOFRUSE_VTM_RETIRED = "354303007";
    private static final String COAMILOFRUSE_5_40_VMP = "318136009";
    private static final String COAMILOFRUSE_5_40_AMP = "38847311000001102";

    private String gp;
    private String mentalHealth;
    private String acute;

    @BeforeEach
    void sourcesAndDmd() {
        DmdFixtures.loadSynthetic();
        gp = Feeds.source("rec-gp", "gp");
        mentalHealth = Feeds.source("rec-mh", "mental-health");
        acute = Feeds.source("rec-acute", "acute");
    }

    @Test
    void oneMedicineAtThreeDmdLevelsFromThreeSources_isOneItemWithAllItsSources() {
        String nhs = "9449300070";
        FhirJson.post(FhirJson.statement(
                gp,
                "lvl-gp",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
        FhirJson.post(FhirJson.statement(
                mentalHealth,
                "lvl-mh",
                nhs,
                SCT,
                COAMILOFRUSE_5_40_AMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-02T09:00:00Z",
                "one each morning",
                null));
        FhirJson.post(FhirJson.statement(
                acute,
                "lvl-acute",
                nhs,
                "https://dmd.nhs.uk/",
                COAMILOFRUSE_VTM_RETIRED,
                "Co-amilofruse",
                "active",
                "2026-11-03T09:00:00Z",
                "one each morning",
                null));

        JsonPath record = medications(nhs);
        assertEquals(1, record.getList("items").size(), record.prettify());
        assertEquals(COAMILOFRUSE_VTM, record.getString("items[0].vtm.code"));
        assertEquals(
                List.of("rec-acute", "rec-gp", "rec-mh"),
                record.getList("items[0].sources.source").stream().sorted().toList());
    }

    @Test
    void differentDosesAcrossSources_areOneItemWithADoseDiscrepancy() {
        String nhs = "9449300143";
        FhirJson.post(FhirJson.statement(
                gp,
                "dose-gp",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
        FhirJson.post(FhirJson.statement(
                mentalHealth,
                "dose-mh",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-02T09:00:00Z",
                "two each morning",
                null));

        JsonPath record = medications(nhs);
        assertEquals(1, record.getList("items").size());
        assertEquals("dose", record.getString("items[0].discrepancies[0].type"), record.prettify());
        assertTrue(record.getList("alerts.type").contains("dose-discrepancy"));
    }

    @Test
    void twoProductsOfOneVtmActiveInOneSource_areTwoItems() {
        String nhs = "9449300216";
        FhirJson.post(FhirJson.statement(
                gp,
                "ccd-day",
                nhs,
                DMD,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one tablet four times a day",
                null));
        FhirJson.post(FhirJson.statement(
                gp,
                "ccd-night",
                nhs,
                DMD,
                COCARELDOPA_50_200_MR,
                "Co-careldopa 50mg/200mg modified-release tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one at night",
                null));

        JsonPath record = medications(nhs);
        assertEquals(
                List.of(COCARELDOPA_25_100, COCARELDOPA_50_200_MR),
                record.getList("items.vmp.code").stream().sorted().toList(),
                record.prettify());
        assertEquals(List.of(true, true), record.getList("items.critical"));
    }

    @Test
    void activeInOneSourceAndStoppedInAnother_isOneItemWithAStatusConflict_newestStatusShown() {
        String nhs = "9449300283";
        FhirJson.post(FhirJson.statement(
                gp,
                "st-gp",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
        FhirJson.post(FhirJson.statement(
                acute,
                "st-acute",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "stopped",
                "2026-11-05T09:00:00Z",
                "one each morning",
                null));

        JsonPath record = medications(nhs);
        assertEquals(1, record.getList("items").size());
        assertEquals("stopped", record.getString("items[0].status"));
        assertEquals(
                List.of("active", "stopped"),
                record.getList("items[0].sources.status").stream().sorted().toList());
        assertTrue(record.getList("items[0].discrepancies.type").contains("status"), record.prettify());
        assertTrue(record.getList("alerts.type").contains("status-conflict"));
    }

    @Test
    void theGpConnectStatementPlanAndIssues_areOneMedicine_withTheLastIssueDate() {
        String nhs = "9449300356";
        FhirJson.post(FhirJson.request(
                gp,
                "gpc-plan",
                nhs,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "plan",
                "community",
                "2026-10-01T09:00:00Z",
                "one each morning",
                null));
        FhirJson.post(FhirJson.request(
                gp,
                "gpc-issue-1",
                nhs,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "completed",
                "order",
                "community",
                "2026-10-01T09:00:00Z",
                "one each morning",
                "MedicationRequest/gpc-plan"));
        FhirJson.post(FhirJson.request(
                gp,
                "gpc-issue-2",
                nhs,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "completed",
                "order",
                "community",
                "2026-10-29T09:00:00Z",
                "one each morning",
                "MedicationRequest/gpc-plan"));
        FhirJson.post(FhirJson.statement(
                gp,
                "gpc-ms",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-10-29T09:00:00Z",
                "one each morning",
                "MedicationRequest/gpc-plan"));

        JsonPath record = medications(nhs);
        assertEquals(1, record.getList("items").size(), record.prettify());
        assertEquals(1, record.getList("items[0].sources").size(), "one contribution from the GP, not four");
        assertEquals("active", record.getString("items[0].status"));
        assertTrue(record.getString("items[0].sources[0].lastIssued").startsWith("2026-10-29"), record.prettify());
    }

    @Test
    void inpatientOrdersAreMarked_textOnlyMedicinesAreUnmapped_enteredInErrorWithdraws() {
        String nhs = "9449300429";
        FhirJson.post(FhirJson.request(
                acute,
                "ip-1",
                nhs,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "order",
                "inpatient",
                "2026-11-10T09:00:00Z",
                "one each morning",
                null));
        FhirJson.post(FhirJson.statement(
                gp,
                "text-1",
                nhs,
                DMD,
                null,
                "Grandma's herbal tonic",
                "active",
                "2026-11-10T09:00:00Z",
                "a spoonful",
                null));
        FhirJson.post(FhirJson.statement(
                gp,
                "eie-1",
                nhs,
                DMD,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "active",
                "2026-11-10T09:00:00Z",
                "one",
                null));
        FhirJson.post(FhirJson.statement(
                gp,
                "eie-1",
                nhs,
                DMD,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "entered-in-error",
                "2026-11-11T09:00:00Z",
                "one",
                null));

        JsonPath record = medications(nhs);
        assertEquals(2, record.getList("items").size(), record.prettify());
        Map<String, Object> inpatient = record.getMap("items.find { it.vtm != null }");
        assertEquals(true, ((Map<?, ?>) ((List<?>) inpatient.get("sources")).get(0)).get("inpatientOrder"));
        Map<String, Object> unmapped = record.getMap("items.find { it.vtm == null }");
        assertEquals(false, unmapped.get("mapped"));
        assertEquals("Grandma's herbal tonic", unmapped.get("text"));
        assertTrue(record.getList("alerts.type").contains("unmapped-medication"));
    }

    @Test
    void theFhirBundle_hasTheList_theItemsDerivedFromReadableRecords_andProvenance() {
        String nhs = "9449300496";
        FhirJson.post(FhirJson.statement(
                gp,
                "fb-gp",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));

        var bundle = given().get(
                        "/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs)
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("Bundle"))
                .body("type", equalTo("collection"))
                .body("entry[0].resource.resourceType", equalTo("List"))
                .body("entry[0].resource.status", equalTo("current"))
                .body("entry[0].resource.mode", equalTo("working"))
                .body("entry[0].resource.code.coding[0].code", equalTo("933361000000108"))
                .body("entry[0].resource.subject.identifier.value", equalTo(nhs))
                .body(
                        "entry[0].resource.extension.find { it.url == 'https://fhir.umr.example/StructureDefinition/acb-score' }.valueInteger",
                        equalTo(1)) // co-amilofruse: furosemide scores 1 in the UK ACB calculator
                .body("entry[0].resource.entry", hasSize(1))
                .body("entry[1].resource.resourceType", equalTo("MedicationStatement"))
                .body("entry[1].resource.medicationCodeableConcept.coding[0].code", equalTo(COAMILOFRUSE_5_40_VMP))
                .body("entry.resource.resourceType", hasItem("Provenance"))
                .extract()
                .jsonPath();
        assertEquals(
                bundle.getString("entry[0].resource.entry[0].item.reference"), bundle.getString("entry[1].fullUrl"));
        String derivedFrom = bundle.getString("entry[1].resource.derivedFrom[0].reference");
        given().get("/fhir/" + derivedFrom).then().statusCode(200).body("identifier[0].value", equalTo("fb-gp"));
    }

    @Test
    void at_answersTheRecordAsItStoodThen() throws InterruptedException {
        String nhs = "9449300569";
        FhirJson.post(FhirJson.statement(
                gp,
                "at-1",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        FhirJson.post(FhirJson.statement(
                gp,
                "at-1",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "stopped",
                "2026-11-09T09:00:00Z",
                "one each morning",
                null));

        assertEquals("stopped", medications(nhs).getString("items[0].status"));
        given().get("/api/patients/" + nhs + "/medications?at=" + between)
                .then()
                .statusCode(200)
                .body("items[0].status", equalTo("active"))
                .body("version", equalTo(1));
        given().get("/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs + "&_at="
                        + between)
                .then()
                .statusCode(200)
                .body("entry[1].resource.status", equalTo("active"));

        // one rule for an instant on both surfaces: an offset is read, minutes without seconds are refused
        String offset = between.atOffset(java.time.ZoneOffset.ofHours(1)).toString();
        String fhir = "/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs;
        given().urlEncodingEnabled(true)
                .queryParam("at", offset)
                .get("/api/patients/" + nhs + "/medications")
                .then()
                .statusCode(200)
                .body("items[0].status", equalTo("active"));
        given().queryParam("_at", offset).get(fhir).then().statusCode(200);
        given().get("/api/patients/" + nhs + "/medications?at=2026-11-05T10:00Z")
                .then()
                .statusCode(400);
        given().get(fhir + "&_at=2026-11-05T10:00Z").then().statusCode(400);
    }

    @Test
    void aPatientNeverSeen_answers404() {
        given().get("/api/patients/9449300631/medications")
                .then()
                .statusCode(404)
                .body("error", equalTo("UMR-0013"));
        given().get("/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number|9449300631")
                .then()
                .statusCode(404)
                .body("issue[0].diagnostics", startsWith("UMR-0013"));
    }

    @Test
    void resendingEverything_leavesTheRecordVersionAsItWas() {
        String nhs = "9449300704";
        String statement = FhirJson.statement(
                gp,
                "idem-1",
                nhs,
                DMD,
                COAMILOFRUSE_5_40_VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null);
        FhirJson.post(statement);
        int version = medications(nhs).getInt("version");

        FhirJson.post(statement);
        given().contentType("application/fhir+json")
                .body(statement)
                .post("/fhir/$ingest")
                .then()
                .statusCode(200);

        assertEquals(version, medications(nhs).getInt("version"));
        given().get("/api/patients/" + nhs + "/medications")
                .then()
                .body(
                        "items.id",
                        containsInAnyOrder(medications(nhs).getList("items.id").toArray()));
    }

    private static JsonPath medications(String nhs) {
        return given().get("/api/patients/" + nhs + "/medications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
