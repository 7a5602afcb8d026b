package health.umr.cdshooks;

import static health.umr.support.FhirJson.DMD;
import static health.umr.support.SyntheticCodes.AMITRIPTYLINE_10;
import static health.umr.support.SyntheticCodes.APIXABAN_5;
import static health.umr.support.SyntheticCodes.COCARELDOPA_25_100;
import static health.umr.support.SyntheticCodes.OMEPRAZOLE_20;
import static health.umr.support.SyntheticCodes.OXYBUTYNIN_5;
import static health.umr.support.SyntheticCodes.RIVAROXABAN_20;
import static health.umr.support.SyntheticCodes.SERTRALINE_50;
import static health.umr.support.SyntheticCodes.VALPROATE_200;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DmdFixtures;
import health.umr.support.FhirJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CDS Hooks 2.0 through HTTP: discovery, each card kind with a case that must show it and one that
 * must not, a missing prefetch, a patient never seen, and bad input. Records go in through /fhir
 * onto the real PostgreSQL; codes resolve through the synthetic dm+d release.
 */
@QuarkusTest
class CdsHooksTest {

    private static final String SERVICE = "/cds-services/umr-medicines-check";

    private String gp;
    private String mentalHealth;
    private String acute;

    @BeforeEach
    void sourcesAndDmd() {
        DmdFixtures.loadSynthetic();
        gp = source("cds-gp", "gp", "Castle Street Surgery");
        mentalHealth = source("cds-mh", "mental-health", "Riverside Mental Health");
        acute = source("cds-acute", "acute", "Royal Infirmary EPMA");
    }

    // --- discovery --------------------------------------------------------------------------------

    @Test
    void discovery_listsUmrMedicinesCheck_forOrderSelectAndOrderSign_withThePatientPrefetch() {
        JsonPath discovery =
                given().get("/cds-services").then().statusCode(200).extract().jsonPath();

        assertEquals(List.of("umr-medicines-check", "umr-medicines-check"), discovery.getList("services.id"));
        assertEquals(List.of("order-select", "order-sign"), discovery.getList("services.hook"));
        assertEquals(
                List.of("Patient/{{context.patientId}}", "Patient/{{context.patientId}}"),
                discovery.getList("services.prefetch.patient"));
        assertTrue(discovery.getString("services[0].description").contains("NHS number"));
    }

    // --- duplication ---------------------------------------------------------------------------------

    @Test
    void rivaroxabanOrderedOnTheGpsApixaban_isADuplicationCard_namingTheGp_withRemoveSuggestion() {
        String nhs = "9449303002";
        gpStatement(nhs, "dup-1", APIXABAN_5, "Apixaban 5mg tablets");

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "female", "1950-01-01"),
                draft("draft-1", RIVAROXABAN_20, "Rivaroxaban 20mg tablets"));

        assertEquals(1, cards.getList("cards").size(), cards.prettify());
        assertEquals("warning", cards.getString("cards[0].indicator"));
        assertTrue(
                cards.getString("cards[0].summary")
                        .startsWith("Duplication: Rivaroxaban 20mg tablets with Apixaban 5mg tablets"),
                cards.getString("cards[0].summary"));
        assertTrue(cards.getString("cards[0].detail").contains("Anticoagulants"), cards.getString("cards[0].detail"));
        assertEquals(
                "UMR unified medicines record: Castle Street Surgery (cds-gp)",
                cards.getString("cards[0].source.label"));
        assertEquals("delete", cards.getString("cards[0].suggestions[0].actions[0].type"));
        assertEquals("MedicationRequest/draft-1", cards.getString("cards[0].suggestions[0].actions[0].resourceId"));
        assertEquals("at-most-one", cards.getString("cards[0].selectionBehavior"));
        assertTrue(cards.getString("cards[0].uuid").matches("[0-9a-f-]{36}"));
    }

    @Test
    void theSameMedicineHeldByTwoSources_isOneAlreadyTakenCard_namingBoth_andNoClassDuplication() {
        String nhs = "9449303010";
        gpStatement(nhs, "same-1", SERTRALINE_50, "Sertraline 50mg tablets");
        FhirJson.post(FhirJson.statement(
                mentalHealth,
                "same-2",
                nhs,
                DMD,
                SERTRALINE_50,
                "Sertraline 50mg tablets",
                "active",
                "2026-11-02T09:00:00Z",
                "one each morning",
                null));

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", SERTRALINE_50, "Sertraline 50mg tablets"));

        assertEquals(1, cards.getList("cards").size(), cards.prettify());
        assertEquals("warning", cards.getString("cards[0].indicator"));
        assertTrue(cards.getString("cards[0].summary")
                .startsWith("Duplicate: patient already takes Sertraline 50mg tablets"));
        assertEquals(
                "UMR unified medicines record: Castle Street Surgery (cds-gp), Riverside Mental Health (cds-mh)",
                cards.getString("cards[0].source.label"));
    }

    @Test
    void anOrderOfAnotherClass_givesNoCards() {
        String nhs = "9449303029";
        gpStatement(nhs, "none-1", APIXABAN_5, "Apixaban 5mg tablets");

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", OMEPRAZOLE_20, "Omeprazole 20mg capsules"));

        assertEquals(List.of(), cards.getList("cards"));
    }

    @Test
    void twoAnticoagulantsInOneBasket_isOneDuplicationCard_offeringToRemoveEither() {
        String nhs = "9449303177";
        gpStatement(nhs, "dup-3", OMEPRAZOLE_20, "Omeprazole 20mg capsules");

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", APIXABAN_5, "Apixaban 5mg tablets") + ","
                        + draft("draft-2", RIVAROXABAN_20, "Rivaroxaban 20mg tablets"));

        assertEquals(1, cards.getList("cards").size(), cards.prettify());
        assertEquals(
                "Duplication: Apixaban 5mg tablets with Rivaroxaban 20mg tablets, both in these orders",
                cards.getString("cards[0].summary"));
        assertEquals(
                List.of("MedicationRequest/draft-2", "MedicationRequest/draft-1"),
                cards.getList("cards[0].suggestions.actions.flatten().resourceId"));
        assertEquals("UMR unified medicines record", cards.getString("cards[0].source.label"));
    }

    // --- anticholinergic burden -------------------------------------------------------------------

    @Test
    void oxybutyninOnTheGpsAmitriptyline_showsTheAcbTotalTheOrderBrings() {
        String nhs = "9449303037";
        gpStatement(nhs, "acb-1", AMITRIPTYLINE_10, "Amitriptyline 10mg tablets");

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", OXYBUTYNIN_5, "Oxybutynin 5mg tablets"));

        Map<String, Object> acb = card(cards, "Anticholinergic burden");
        assertEquals("Anticholinergic burden would rise to 6 (from 3) with Oxybutynin 5mg tablets", acb.get("summary"));
        assertEquals("warning", acb.get("indicator"));
        assertTrue(
                ((String) acb.get("detail")).contains("Amitriptyline 3")
                        && ((String) acb.get("detail")).contains("Oxybutynin 3 (this order)"),
                (String) acb.get("detail"));
    }

    @Test
    void anOrderBringingTheTotalBelow3_givesNoAcbCard() {
        String nhs = "9449303045";
        gpStatement(nhs, "acb-2", OMEPRAZOLE_20, "Omeprazole 20mg capsules");

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", SERTRALINE_50, "Sertraline 50mg tablets"));

        assertEquals(List.of(), cards.getList("cards"), cards.prettify());
    }

    // --- valproate -----------------------------------------------------------------------------------

    @Test
    void valproateForAFemaleAged30_isACriticalPregnancyPreventionCard() {
        String nhs = "9449303053";
        gpStatement(nhs, "val-1", OMEPRAZOLE_20, "Omeprazole 20mg capsules");

        JsonPath cards = call(
                "order-sign",
                prefetch(
                        nhs,
                        "female",
                        LocalDate.now().minusYears(30).minusDays(10).toString()),
                draft("draft-1", VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets"));

        assertEquals(1, cards.getList("cards").size(), cards.prettify());
        assertEquals("critical", cards.getString("cards[0].indicator"));
        assertEquals(
                "Valproate: Pregnancy Prevention Programme applies (female, aged 30)",
                cards.getString("cards[0].summary"));
        assertEquals(
                "https://www.gov.uk/guidance/valproate-use-by-women-and-girls",
                cards.getString("cards[0].links[0].url"));
    }

    @Test
    void valproateForAMaleAged30_isAWarningCard_theMhra2024Counselling_butAFemaleAged60OrMaleAged60_getNone() {
        String nhs = "9449303061";
        gpStatement(nhs, "val-2", OMEPRAZOLE_20, "Omeprazole 20mg capsules");
        String valproate = draft("draft-1", VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets");

        JsonPath male30 = call(
                "order-sign",
                prefetch(nhs, "male", LocalDate.now().minusYears(30).toString()),
                valproate);
        assertEquals(1, male30.getList("cards").size(), male30.prettify());
        assertEquals("warning", male30.getString("cards[0].indicator"));
        assertEquals(
                "Valproate: MHRA 2024 advice for men applies (male, aged 30)", male30.getString("cards[0].summary"));
        for (String sex : List.of("female", "male")) {
            assertEquals(
                    List.of(),
                    call(
                                    "order-sign",
                                    prefetch(
                                            nhs,
                                            sex,
                                            LocalDate.now().minusYears(60).toString()),
                                    valproate)
                            .getList("cards"),
                    sex + " aged 60");
        }
    }

    @Test
    void valproateWithNoKnownSexOrBirthDate_isTheCriticalPregnancyPreventionCard_unknownIsNotSafe() {
        String nhs = "9449303088";
        gpStatement(nhs, "val-3", OMEPRAZOLE_20, "Omeprazole 20mg capsules");

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, null, null),
                draft("draft-1", VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets"));

        assertEquals(1, cards.getList("cards").size(), cards.prettify());
        assertEquals("critical", cards.getString("cards[0].indicator"));
        assertEquals(
                "Valproate: Pregnancy Prevention Programme applies (sex not recorded, age not recorded)",
                cards.getString("cards[0].summary"));
    }

    @Test
    void withoutPrefetchedFacts_theSexAndBirthDateUmrHoldsAreUsed() {
        String nhs = "9449303096";
        gpStatement(nhs, "val-4", OMEPRAZOLE_20, "Omeprazole 20mg capsules");
        FhirJson.post(FhirJson.patient(
                nhs, "female", LocalDate.now().minusYears(25).minusDays(3).toString(), "2026-11-01T09:00:00Z"));

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, null, null),
                draft("draft-1", VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets"));

        assertEquals(
                "Valproate: Pregnancy Prevention Programme applies (female, aged 25)",
                cards.getString("cards[0].summary"),
                cards.prettify());
    }

    // --- time-critical medicines on admission ------------------------------------------------------

    @Test
    void admittedWithTheGpsCoCareldopaUnprescribed_ordersForSomethingElse_showACriticalCard_withAnOrderSuggestion() {
        String nhs = "9449303118";
        gpStatement(nhs, "tc-1", COCARELDOPA_25_100, "Co-careldopa 25mg/100mg tablets");
        FhirJson.post(FhirJson.encounter(
                acute, "tc-enc-1", nhs, "IMP", "in-progress", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"));

        JsonPath cards = call(
                "order-select",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", OMEPRAZOLE_20, "Omeprazole 20mg capsules"));

        Map<String, Object> card = card(cards, "Time-critical");
        assertEquals("critical", card.get("indicator"));
        assertEquals(
                "Time-critical: Co-careldopa 25mg/100mg tablets not yet prescribed since admission",
                card.get("summary"));
        assertTrue(((String) card.get("detail")).contains("parkinsons"), (String) card.get("detail"));
        assertEquals(
                "UMR unified medicines record: Royal Infirmary EPMA (cds-acute), Castle Street Surgery (cds-gp)",
                cards.getString("cards.find { it.summary.startsWith('Time-critical') }.source.label"));
        JsonPath action = new JsonPath(cards.prettify())
                .setRootPath("cards.find { it.summary.startsWith('Time-critical') }.suggestions[0].actions[0]");
        assertEquals("create", action.getString("type"));
        // pre-filled, never recommended: the prescriber checks dose and timing
        assertEquals(
                null,
                cards.getString("cards.find { it.summary.startsWith('Time-critical') }.suggestions[0].isRecommended"));
        assertTrue(cards.getString("cards.find { it.summary.startsWith('Time-critical') }.suggestions[0].label")
                .contains("check the dose and timing"));
        assertEquals(COCARELDOPA_25_100, action.getString("resource.medicationCodeableConcept.coding[0].code"));
        assertEquals("inpatient", action.getString("resource.category[0].coding[0].code"));
        assertEquals(nhs, action.getString("resource.subject.identifier.value"));
    }

    @Test
    void admitted_aDraftOfTheCriticalMedicineItself_coversIt_andIsShownAsContinuingIt() {
        String nhs = "9449303126";
        gpStatement(nhs, "tc-2", COCARELDOPA_25_100, "Co-careldopa 25mg/100mg tablets");
        FhirJson.post(FhirJson.encounter(
                acute, "tc-enc-2", nhs, "IMP", "in-progress", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"));

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", COCARELDOPA_25_100, "Co-careldopa 25mg/100mg tablets"));

        assertEquals(1, cards.getList("cards").size(), cards.prettify());
        assertEquals("info", cards.getString("cards[0].indicator"));
        assertTrue(cards.getString("cards[0].summary").startsWith("Continues Co-careldopa 25mg/100mg tablets"));
    }

    @Test
    void admitted_aDraftOfAnotherAnticoagulant_doesNotCoverTheGpsApixaban_theCriticalCardStays() {
        String nhs = "9449303592";
        gpStatement(nhs, "tc-4", APIXABAN_5, "Apixaban 5mg tablets");
        FhirJson.post(FhirJson.encounter(
                acute, "tc-enc-4", nhs, "IMP", "in-progress", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"));

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", RIVAROXABAN_20, "Rivaroxaban 20mg tablets"));

        Map<String, Object> card = card(cards, "Time-critical");
        assertEquals("critical", card.get("indicator"));
        assertTrue(((String) card.get("detail")).startsWith("OVERDUE"), (String) card.get("detail"));
        assertTrue(((String) card.get("detail")).contains("another medicine of its class does not"));
    }

    @Test
    void admitted_theAdmittingTrustsOwnClinicApixaban_isChecked_aDraftOfApixabanCoversIt() {
        String nhs = "9449304726";
        FhirJson.post(FhirJson.request(
                acute,
                "tc-clinic-5",
                nhs,
                APIXABAN_5,
                "Apixaban 5mg tablets",
                "active",
                "order",
                "outpatient",
                "2026-10-01T09:00:00Z",
                "one twice a day",
                null));
        FhirJson.post(FhirJson.encounter(
                acute, "tc-enc-5", nhs, "IMP", "in-progress", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"));

        JsonPath other = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", OMEPRAZOLE_20, "Omeprazole 20mg capsules"));
        assertEquals("critical", card(other, "Time-critical").get("indicator"));

        JsonPath same = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", APIXABAN_5, "Apixaban 5mg tablets"));
        assertTrue(
                same.getList("cards.summary", String.class).stream().noneMatch(s -> s.startsWith("Time-critical")),
                same.prettify());
    }

    @Test
    void notAdmitted_noTimeCriticalCard() {
        String nhs = "9449303134";
        gpStatement(nhs, "tc-3", COCARELDOPA_25_100, "Co-careldopa 25mg/100mg tablets");

        JsonPath cards = call(
                "order-sign",
                prefetch(nhs, "male", "1950-01-01"),
                draft("draft-1", OMEPRAZOLE_20, "Omeprazole 20mg capsules"));

        assertEquals(List.of(), cards.getList("cards"), cards.prettify());
    }

    @Test
    void aDraftWithNoDmdCode_isAnInfoCardSayingItWasNotChecked() {
        String nhs = "9449303185";
        gpStatement(nhs, "unc-1", OMEPRAZOLE_20, "Omeprazole 20mg capsules");
        String uncoded = """
                {"resourceType":"MedicationRequest","id":"draft-1","status":"draft","intent":"order",
                 "medicationCodeableConcept":{"text":"Special-order herbal tincture"},"subject":{"reference":"Patient/ehr-42"}}""";

        JsonPath cards = call("order-sign", prefetch(nhs, "male", "1950-01-01"), uncoded);

        assertEquals(1, cards.getList("cards").size(), cards.prettify());
        assertEquals("info", cards.getString("cards[0].indicator"));
        assertEquals(
                "Not checked by UMR: Special-order herbal tincture has no dm+d code",
                cards.getString("cards[0].summary"));
    }

    // --- finding the patient ---------------------------------------------------------------------------

    @Test
    void missingPrefetch_thePatientIsFoundByTheNhsNumberOfTheDraftOrders() {
        String nhs = "9449303142";
        gpStatement(nhs, "np-1", APIXABAN_5, "Apixaban 5mg tablets");
        String draft = """
                {"resourceType":"MedicationRequest","id":"draft-1","status":"draft","intent":"order",
                 "medicationCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"%s"}]},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(RIVAROXABAN_20, nhs);

        JsonPath cards = call("order-sign", null, draft);

        assertEquals(1, cards.getList("cards").size(), cards.prettify());
        assertTrue(cards.getString("cards[0].summary").startsWith("Duplication: Rivaroxaban 20mg tablets"));
    }

    @Test
    void missingPrefetch_aPatientInTheDraftOrdersBundleGivesTheNhsNumber() {
        String nhs = "9449303150";
        gpStatement(nhs, "np-2", APIXABAN_5, "Apixaban 5mg tablets");
        String body = """
                {"hook":"order-sign","hookInstance":"d1c3b5e2-0000-4000-8000-000000000001",
                 "context":{"userId":"Practitioner/1","patientId":"ehr-42","draftOrders":{"resourceType":"Bundle","type":"collection","entry":[
                   {"fullUrl":"urn:uuid:8f0e0c7e-1111-4000-8000-000000000001","resource":{"resourceType":"Patient",
                     "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}]}},
                   {"resource":{"resourceType":"MedicationRequest","id":"draft-1","status":"draft","intent":"order",
                     "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"%s"}]},
                     "subject":{"reference":"urn:uuid:8f0e0c7e-1111-4000-8000-000000000001"}}}]}}}""".formatted(nhs, RIVAROXABAN_20);

        given().contentType(ContentType.JSON)
                .body(body)
                .post(SERVICE)
                .then()
                .statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].indicator", equalTo("warning"));
    }

    @Test
    void aPatientNeverSeen_getsNoCards() {
        given().contentType(ContentType.JSON)
                .body(request(
                        "order-sign",
                        prefetch("9449300631", "female", "1996-01-01"),
                        draft("draft-1", VALPROATE_200, "Sodium valproate 200mg gastro-resistant tablets")))
                .post(SERVICE)
                .then()
                .statusCode(200)
                .body("cards", hasSize(0));
    }

    @Test
    void orderSelect_checksTheSelectedDraft_notTheOthers() {
        String nhs = "9449303169";
        gpStatement(nhs, "sel-1", APIXABAN_5, "Apixaban 5mg tablets");
        String body = request(
                        "order-select",
                        prefetch(nhs, "male", "1950-01-01"),
                        draft("draft-1", RIVAROXABAN_20, "Rivaroxaban 20mg tablets") + ","
                                + draft("draft-2", OMEPRAZOLE_20, "Omeprazole 20mg capsules"))
                .replace("\"draftOrders\"", "\"selections\":[\"MedicationRequest/draft-2\"],\"draftOrders\"");

        given().contentType(ContentType.JSON)
                .body(body)
                .post(SERVICE)
                .then()
                .statusCode(200)
                .body("cards", hasSize(0));
    }

    // --- bad input ----------------------------------------------------------------------------------------

    @Test
    void badInput_is400WithAJsonErrorNamingTheProblem() {
        String draft = draft("draft-1", OMEPRAZOLE_20, "Omeprazole 20mg capsules");
        assertRefused("{\"hook\": \"order-sign\", ", "UMR-0001", "not JSON");
        assertRefused("[1,2]", "UMR-0015", "JSON object");
        assertRefused(
                request("order-sign", null, draft).replace("\"hook\":\"order-sign\",", ""),
                "UMR-0015",
                "hook is required");
        assertRefused(request("patient-view", null, draft), "UMR-0015", "order-select or order-sign");
        assertRefused(
                request("order-sign", null, draft)
                        .replace("\"hookInstance\":\"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea\",", ""),
                "UMR-0015",
                "hookInstance is required");
        assertRefused("{\"hook\":\"order-sign\",\"hookInstance\":\"x\"}", "UMR-0015", "context is required");
        assertRefused(
                "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\"}}",
                "UMR-0015",
                "context.draftOrders is required");
        assertRefused(
                "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\",\"draftOrders\":"
                        + "{\"resourceType\":\"Patient\"}}}",
                "UMR-0015",
                "must be a FHIR Bundle");
        assertRefused(
                "{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\",\"draftOrders\":"
                        + "[{\"resourceType\":\"MedicationRequest\"}]}}",
                "UMR-0015",
                "must be a FHIR Bundle");
        assertRefused(
                request(
                        "order-sign",
                        "\"prefetch\":{\"patient\":{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":"
                                + "\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"1234567890\"}]}},",
                        draft),
                "UMR-0004",
                "NHS number");
    }

    @Test
    void noNhsNumberAnywhere_is412_sayingHowToIdentifyThePatient() {
        given().contentType(ContentType.JSON)
                .body(request("order-sign", null, draft("draft-1", OMEPRAZOLE_20, "Omeprazole")))
                .post(SERVICE)
                .then()
                .statusCode(412)
                .body("error", equalTo("UMR-0003"))
                .body("message", containsString("prefetch.patient"));
    }

    @Test
    void aBodyOverTheLimit_is413() {
        String padding = " ".repeat(10 * 1024 * 1024 + 1);
        given().contentType(ContentType.JSON)
                .body("{" + padding + "}")
                .post(SERVICE)
                .then()
                .statusCode(413)
                .body("error", equalTo("UMR-0012"));
    }

    @Test
    void anUnknownServiceId_is404() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/cds-services/no-such-service")
                .then()
                .statusCode(404)
                .body("error", equalTo("UMR-0013"));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private void gpStatement(String nhs, String id, String vmp, String display) {
        FhirJson.post(FhirJson.statement(
                gp, id, nhs, DMD, vmp, display, "active", "2026-11-01T09:00:00Z", "as directed", null));
    }

    private static void assertRefused(String body, String code, String messagePart) {
        given().contentType(ContentType.JSON)
                .body(body)
                .post(SERVICE)
                .then()
                .statusCode(400)
                .body("error", equalTo(code))
                .body("message", containsString(messagePart));
    }

    private static Map<String, Object> card(JsonPath cards, String summaryStart) {
        Map<String, Object> card = cards.getMap("cards.find { it.summary.startsWith('" + summaryStart + "') }");
        assertTrue(card != null, () -> "no card starting '" + summaryStart + "' in " + cards.prettify());
        return card;
    }

    /** A prefetch member holding the Patient the EHR has for context.patientId. */
    private static String prefetch(String nhs, String gender, String birthDate) {
        return """
                "prefetch":{"patient":{"resourceType":"Patient","id":"ehr-42",
                 "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}]%s%s}},""".formatted(
                        nhs,
                        gender == null ? "" : ",\"gender\":\"" + gender + "\"",
                        birthDate == null ? "" : ",\"birthDate\":\"" + birthDate + "\"");
    }

    /** A draft order as EPMA sends it: the subject is the EHR's Patient, the medicine a dm+d VMP under SNOMED CT. */
    private static String draft(String id, String vmp, String display) {
        return """
                {"resourceType":"MedicationRequest","id":"%s","status":"draft","intent":"order",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/medicationrequest-category","code":"inpatient"}]}],
                 "medicationCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"%s","display":"%s"}]},
                 "subject":{"reference":"Patient/ehr-42"},
                 "dosageInstruction":[{"text":"as directed"}]}""".formatted(id, vmp, display);
    }

    private static String request(String hook, String prefetch, String drafts) {
        StringBuilder entries = new StringBuilder();
        for (String draft : drafts.split("(?<=}),(?=\\{\"resourceType\":\"MedicationRequest\")")) {
            entries.append(entries.length() == 0 ? "" : ",")
                    .append("{\"resource\":")
                    .append(draft)
                    .append('}');
        }
        return """
                {"hook":"%s","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",%s
                 "context":{"userId":"Practitioner/example","patientId":"ehr-42",
                   "draftOrders":{"resourceType":"Bundle","type":"collection","entry":[%s]}}}""".formatted(hook, prefetch == null ? "" : prefetch, entries);
    }

    private static JsonPath call(String hook, String prefetch, String drafts) {
        return given().contentType(ContentType.JSON)
                .body(request(hook, prefetch, drafts))
                .post(SERVICE)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Registers a source under a name people know, so card labels can be checked. */
    private static String source(String id, String setting, String name) {
        String system = "https://fhir." + id + ".health/umr-test";
        given().contentType(ContentType.JSON)
                .body("{\"setting\":\"" + setting + "\",\"name\":\"" + name + "\",\"system\":\"" + system + "\"}")
                .put("/api/sources/" + id)
                .then()
                .statusCode(anyOf(is(200), is(201)));
        return system;
    }
}
