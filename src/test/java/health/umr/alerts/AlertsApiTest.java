package health.umr.alerts;

import static health.umr.support.FhirJson.DMD;
import static health.umr.support.SyntheticCodes.AMITRIPTYLINE_10;
import static health.umr.support.SyntheticCodes.APIXABAN_5;
import static health.umr.support.SyntheticCodes.ATROPINE_EYE_DROPS;
import static health.umr.support.SyntheticCodes.BUPRENORPHINE_PATCH;
import static health.umr.support.SyntheticCodes.COCARELDOPA_25_100;
import static health.umr.support.SyntheticCodes.DESMOPRESSIN_NASAL;
import static health.umr.support.SyntheticCodes.HEPARIN_FLUSH;
import static health.umr.support.SyntheticCodes.OMEPRAZOLE_20;
import static health.umr.support.SyntheticCodes.OXYBUTYNIN_5;
import static health.umr.support.SyntheticCodes.PREDNISOLONE_EYE_DROPS;
import static health.umr.support.SyntheticCodes.RIVAROXABAN_20;
import static health.umr.support.SyntheticCodes.SERTRALINE_50;
import static health.umr.support.SyntheticCodes.VALPROATE_200;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every alert rule through the three surfaces that serve it: {@code GET /fhir/DetectedIssue}, the
 * {@code $unified-medications} Bundle and the portal JSON, with a case that must alert and one
 * that must not, on the synthetic dm+d VMPs (real VTMs). Cases UnifiedRecordApiTest already
 * covers through JSON (dose and status disagreement, unmapped) are checked here as DetectedIssues.
 */
@QuarkusTest
class AlertsApiTest {

    private String gp;
    private String mentalHealth;
    private String acute;

    @BeforeEach
    void sourcesAndDmd() {
        DmdFixtures.loadSynthetic();
        gp = Feeds.source("al-gp", "gp");
        mentalHealth = Feeds.source("al-mh", "mental-health");
        acute = Feeds.source("al-acute", "acute");
    }

    // --- critical-medicine-omission ----------------------------------------------------------------

    @Test
    void criticalOmission_raisedOnAdmission_resolvedByAnInpatientOrderFromTheAdmittingTrust() {
        String nhs = "9449304009";
        statement(
                gp,
                "co-1",
                nhs,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "active",
                "one four times a day");
        assertAlert(nhs, "critical-medicine-omission", false);

        admit(nhs, "co-enc-1", "in-progress", "2026-11-20T08:00:00Z");

        assertAlert(nhs, "critical-medicine-omission", true);
        JsonPath issue = detectedIssue(nhs, "critical-medicine-omission");
        assertEquals("high", issue.getString("severity"));
        assertTrue(
                issue.getString("detail").contains("Co-careldopa")
                        && issue.getString("detail").contains("al-acute"),
                issue.getString("detail"));
        assertTrue(medications(nhs).getBoolean("admitted"));

        FhirJson.post(FhirJson.request(
                acute,
                "co-ip-1",
                nhs,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "active",
                "order",
                "inpatient",
                "2026-11-20T09:00:00Z",
                "one four times a day",
                null));

        assertAlert(nhs, "critical-medicine-omission", false);
    }

    @Test
    void criticalOmission_resolvedByDischarge() {
        String nhs = "9449304017";
        statement(
                gp,
                "cd-1",
                nhs,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "active",
                "one four times a day");
        admit(nhs, "cd-enc-1", "in-progress", "2026-11-20T08:00:00Z");
        assertAlert(nhs, "critical-medicine-omission", true);

        admit(nhs, "cd-enc-1", "finished", "2026-11-22T08:00:00Z");

        assertAlert(nhs, "critical-medicine-omission", false);
        assertFalse(medications(nhs).getBoolean("admitted"));
    }

    @Test
    void noCriticalOmission_whenTheInpatientOrderAlreadyExistsOnAdmission() {
        String nhs = "9449304025";
        statement(
                gp,
                "ce-1",
                nhs,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "active",
                "one four times a day");
        FhirJson.post(FhirJson.request(
                acute,
                "ce-ip-1",
                nhs,
                COCARELDOPA_25_100,
                "Co-careldopa 25mg/100mg tablets",
                "active",
                "order",
                "inpatient",
                "2026-11-20T07:00:00Z",
                "one four times a day",
                null));

        admit(nhs, "ce-enc-1", "in-progress", "2026-11-20T08:00:00Z");

        assertTrue(medications(nhs).getBoolean("admitted"));
        assertAlert(nhs, "critical-medicine-omission", false);
    }

    @Test
    void criticalOmission_anotherAnticoagulantDoesNotCoverApixaban_andTheAlertSaysSinceWhenAndHowLong() {
        String nhs = "9449304580";
        statement(gp, "ca-1", nhs, APIXABAN_5, "Apixaban 5mg tablets", "active", "one twice a day");
        admit(nhs, "ca-enc-1", "in-progress", "2026-11-20T08:00:00Z");
        FhirJson.post(FhirJson.request(
                acute,
                "ca-ip-1",
                nhs,
                RIVAROXABAN_20,
                "Rivaroxaban 20mg tablets",
                "active",
                "order",
                "inpatient",
                "2026-11-20T09:00:00Z",
                "one daily",
                null));

        assertAlert(nhs, "critical-medicine-omission", true);
        JsonPath alert = new JsonPath(medications(nhs).prettify())
                .setRootPath("alerts.find { it.type == 'critical-medicine-omission' }");
        assertEquals("2026-11-20T08:00:00Z", alert.getString("since"));
        assertTrue(alert.getLong("openMinutes") > 0);
        assertTrue(alert.getBoolean("overdue"), "open for days: past the 2 hours of an anticoagulant");
        assertTrue(alert.getString("message").startsWith("OVERDUE"), alert.getString("message"));
        assertTrue(alert.getString("referenceVersions").contains("time-critical-medicines.csv"));
        JsonPath issue = detectedIssue(nhs, "critical-medicine-omission");
        assertTrue(issue.getString("identifiedDateTime").startsWith("2026-11-20T08:00:00"), issue.prettify());
    }

    @Test
    void criticalOmission_theAdmittingTrustsOwnClinicRecordCounts_andItsOrderFromA2025AdmissionDoesNotClearIt() {
        String nhs = "9449304718";
        // the acute trust's own anticoagulation clinic, not the GP: still checked when that trust admits
        FhirJson.post(FhirJson.request(
                acute,
                "co-clinic-1",
                nhs,
                APIXABAN_5,
                "Apixaban 5mg tablets",
                "active",
                "order",
                "outpatient",
                "2026-10-01T09:00:00Z",
                "one twice a day",
                null));
        // an inpatient order the trust left active at a 2025 admission
        FhirJson.post(FhirJson.request(
                acute,
                "co-ip-2025",
                nhs,
                APIXABAN_5,
                "Apixaban 5mg tablets",
                "active",
                "order",
                "inpatient",
                "2025-03-01T10:00:00Z",
                "one twice a day",
                null));
        admit(nhs, "co-own-enc-1", "in-progress", "2026-11-20T08:00:00Z");
        assertAlert(nhs, "critical-medicine-omission", true);

        FhirJson.post(FhirJson.request(
                acute,
                "co-ip-2026",
                nhs,
                APIXABAN_5,
                "Apixaban 5mg tablets",
                "active",
                "order",
                "inpatient",
                "2026-11-20T10:00:00Z",
                "one twice a day",
                null));
        assertAlert(nhs, "critical-medicine-omission", false);
    }

    @Test
    void criticalOmission_heldByTheAdmittingTrust_ends_andALaterGpRefreshDoesNotBringItBack() {
        String nhs = "9449304599";
        statement(gp, "ch-1", nhs, APIXABAN_5, "Apixaban 5mg tablets", "active", "one twice a day");
        admit(nhs, "ch-enc-1", "in-progress", "2026-11-20T08:00:00Z");
        assertAlert(nhs, "critical-medicine-omission", true);

        FhirJson.post(FhirJson.request(
                        acute,
                        "ch-ip-1",
                        nhs,
                        APIXABAN_5,
                        "Apixaban 5mg tablets",
                        "on-hold",
                        "order",
                        "inpatient",
                        "2026-11-20T09:00:00Z",
                        "one twice a day",
                        null)
                .replace(
                        "\"status\":\"on-hold\"",
                        "\"status\":\"on-hold\",\"statusReason\":{\"text\":\"surgery tomorrow\"}"));
        assertAlert(nhs, "critical-medicine-omission", false);

        FhirJson.post(FhirJson.statement(
                gp,
                "ch-1",
                nhs,
                DMD,
                APIXABAN_5,
                "Apixaban 5mg tablets",
                "active",
                "2026-11-21T09:00:00Z",
                "one bd",
                null));
        assertAlert(nhs, "critical-medicine-omission", false);
        List<String> reasons = medications(nhs).getList("items.sources.flatten().statusReason");
        assertTrue(reasons.contains("surgery tomorrow"), reasons::toString);
    }

    @Test
    void theIndicationASourceGives_isKeptAndShown() {
        String nhs = "9449304734";
        FhirJson.post(FhirJson.statement(
                        gp,
                        "ci-1",
                        nhs,
                        DMD,
                        APIXABAN_5,
                        "Apixaban 5mg tablets",
                        "active",
                        "2026-11-01T09:00:00Z",
                        "one twice a day",
                        null)
                .replace(
                        "\"dateAsserted\"",
                        "\"reasonCode\":[{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"49436004\","
                                + "\"display\":\"Atrial fibrillation\"}]}],\"dateAsserted\""));
        assertEquals(List.of("Atrial fibrillation"), medications(nhs).getList("items.sources.flatten().indication"));
    }

    @Test
    void criticalOmission_referenceListAdditionAlerts_theSplitsDoNot() {
        String nhs = "9449304742";
        statement(
                gp,
                "cr-1",
                nhs,
                DESMOPRESSIN_NASAL,
                "Desmopressin 10micrograms/dose nasal spray",
                "active",
                "one spray at night");
        statement(gp, "cr-2", nhs, HEPARIN_FLUSH, "Heparin sodium 10units/ml flush", "active", "to flush the line");
        statement(
                gp,
                "cr-3",
                nhs,
                BUPRENORPHINE_PATCH,
                "Buprenorphine 5micrograms/hour patch",
                "active",
                "one patch weekly");
        statement(
                gp,
                "cr-4",
                nhs,
                PREDNISOLONE_EYE_DROPS,
                "Prednisolone 0.5% eye drops",
                "active",
                "one drop four times a day");
        admit(nhs, "cr-enc-1", "in-progress", "2026-11-20T08:00:00Z");

        List<String> omitted = medications(nhs)
                .getList("alerts.findAll { it.type == 'critical-medicine-omission' }.message", String.class);
        assertEquals(1, omitted.size(), omitted::toString);
        assertTrue(omitted.get(0).contains("Desmopressin"), omitted::toString);
    }

    @Test
    void aRecordNotConfirmedForYears_isShownAsNotRecentlyConfirmed_andRaisesNoOmission() {
        String nhs = "9449304602";
        FhirJson.post(FhirJson.statement(
                gp,
                "cs-1",
                nhs,
                DMD,
                APIXABAN_5,
                "Apixaban 5mg tablets",
                "active",
                "2021-03-04T09:00:00Z",
                "one bd",
                null));
        admit(nhs, "cs-enc-1", "in-progress", "2026-11-20T08:00:00Z");

        assertAlert(nhs, "critical-medicine-omission", false);
        JsonPath json = medications(nhs);
        assertEquals(false, json.getBoolean("items[0].recentlyConfirmed"));
        assertEquals("not recently confirmed", json.getString("items[0].confirmation"));
        assertTrue(json.getString("notes[0]").contains("not recently confirmed"), json.getString("notes[0]"));
    }

    // --- acb-high -------------------------------------------------------------------------------------

    @Test
    void acb_atropineEyeDropsCarryNoSystemicBurden_soOnlyOxybutyninCounts() {
        String nhs = "9449304661";
        statement(gp, "ae-1", nhs, ATROPINE_EYE_DROPS, "Atropine 1% eye drops", "active", "one drop daily");
        statement(gp, "ae-2", nhs, OXYBUTYNIN_5, "Oxybutynin 5mg tablets", "active", "one twice a day");

        JsonPath json = medications(nhs);
        assertEquals(3, json.getInt("acbScore"), "oxybutynin 3; atropine eye drops 0 (would be 3 by VTM)");
        assertEquals(0, json.getInt("items.find { it.vmp.display == 'Atropine 1% eye drops' }.acb"));
        assertTrue(
                json.getString("alerts.find { it.type == 'acb-high' }.message")
                        .contains("Not counted: Atropine 1% eye drops"),
                json.prettify());
    }

    // --- dose, duplication by product ---------------------------------------------------------------------

    @Test
    void dose_textAgainstAStructuredDose_isADoseDiscrepancy_theSameDoseInOtherWordsIsNot() {
        String nhs = "9449304688";
        statement(gp, "dt-1", nhs, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "active", "One tablet once daily");
        statement(
                mentalHealth, "dt-2", nhs, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "active", "1 tablet daily");
        assertAlert(nhs, "dose-discrepancy", false);

        FhirJson.post("""
                {"resourceType":"MedicationRequest","id":"dt-3","meta":{"source":"%s","lastUpdated":"2026-11-02T09:00:00Z"},
                 "identifier":[{"system":"%s/mr","value":"dt-3"}],"status":"active","intent":"order",
                 "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"40589005","display":"Amitriptyline"}]},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "authoredOn":"2026-11-02",
                 "dosageInstruction":[{"text":"50mg at night","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},
                   "doseAndRate":[{"doseQuantity":{"value":50,"unit":"mg"}}]}]}""".formatted(acute, acute, nhs));

        assertAlert(nhs, "dose-discrepancy", true);
        String detail = detectedIssue(nhs, "dose-discrepancy").getString("detail");
        assertTrue(detail.contains("50 mg a day") && detail.contains("10 mg a day"), detail);
    }

    @Test
    void duplication_aHeparinLineFlushIsNotAnotherAnticoagulant() {
        String nhs = "9449304696";
        statement(gp, "hf-1", nhs, APIXABAN_5, "Apixaban 5mg tablets", "active", "one twice a day");
        statement(
                mentalHealth,
                "hf-2",
                nhs,
                HEPARIN_FLUSH,
                "Heparin sodium 10units/ml flush solution 5ml ampoules",
                "active",
                "flush line");
        assertAlert(nhs, "therapeutic-duplication", false);
    }

    @Test
    void acbHigh_atThree_withTheSameVtmFromTwoSourcesCountedOnce() {
        String nhs = "9449304033";
        statement(gp, "acb-1", nhs, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "active", "10mg at night");
        statement(
                mentalHealth, "acb-2", nhs, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "active", "10mg at night");

        assertEquals(3, medications(nhs).getInt("acbScore"), "amitriptyline scores 3 once, not 6");
        assertEquals(
                3,
                unifiedList(nhs)
                        .getInt(
                                "extension.find { it.url == 'https://fhir.umr.example/StructureDefinition/acb-score' }.valueInteger"));
        assertAlert(nhs, "acb-high", true);
        assertEquals("moderate", detectedIssue(nhs, "acb-high").getString("severity"));
    }

    @Test
    void acbHigh_notRaisedBelowThree_andResolvedWhenTheTotalFalls() {
        String nhs = "9449304041";
        statement(gp, "acl-1", nhs, SERTRALINE_50, "Sertraline 50mg tablets", "active", "one each morning");
        statement(gp, "acl-2", nhs, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "active", "10mg at night");
        assertEquals(4, medications(nhs).getInt("acbScore"));
        assertAlert(nhs, "acb-high", true);

        statement(gp, "acl-2", nhs, AMITRIPTYLINE_10, "Amitriptyline 10mg tablets", "stopped", "10mg at night");

        assertEquals(1, medications(nhs).getInt("acbScore"));
        assertAlert(nhs, "acb-high", false);
    }

    // --- valproate-pregnancy-prevention -----------------------------------------------------------------

    @Test
    void valproate_femaleAged30_alerts() {
        String nhs = "9449304068";
        FhirJson.post(FhirJson.patient(nhs, "female", "1996-05-01", "2026-11-01T09:00:00Z"));
        statement(
                gp,
                "vp-1",
                nhs,
                VALPROATE_200,
                "Sodium valproate 200mg gastro-resistant tablets",
                "active",
                "one twice a day");

        assertAlert(nhs, "valproate-pregnancy-prevention", true);
        JsonPath issue = detectedIssue(nhs, "valproate-pregnancy-prevention");
        assertEquals("high", issue.getString("severity"));
        assertTrue(issue.getString("detail").contains("aged 30"), issue.getString("detail"));
    }

    @Test
    void valproate_maleAged30_isTheModerateMhra2024CounsellingAlert() {
        String nhs = "9449304076";
        FhirJson.post(FhirJson.patient(nhs, "male", "1996-05-01", "2026-11-01T09:00:00Z"));
        statement(
                gp,
                "vm-1",
                nhs,
                VALPROATE_200,
                "Sodium valproate 200mg gastro-resistant tablets",
                "active",
                "one twice a day");

        assertAlert(nhs, "valproate-pregnancy-prevention", true);
        assertEquals(
                "moderate", detectedIssue(nhs, "valproate-pregnancy-prevention").getString("severity"));
    }

    @Test
    void valproate_femaleAged60_doesNotAlert() {
        String nhs = "9449304084";
        FhirJson.post(FhirJson.patient(nhs, "female", "1966-05-01", "2026-11-01T09:00:00Z"));
        statement(
                gp,
                "vo-1",
                nhs,
                VALPROATE_200,
                "Sodium valproate 200mg gastro-resistant tablets",
                "active",
                "one twice a day");

        assertAlert(nhs, "valproate-pregnancy-prevention", false);
    }

    @Test
    void valproate_withNoKnownSexOrBirthDate_alertsHigh_unknownIsNeverNotAtRisk() {
        String nhs = "9449304092";
        statement(
                gp,
                "vu-1",
                nhs,
                VALPROATE_200,
                "Sodium valproate 200mg gastro-resistant tablets",
                "active",
                "one twice a day");

        assertAlert(nhs, "valproate-pregnancy-prevention", true);
        JsonPath issue = detectedIssue(nhs, "valproate-pregnancy-prevention");
        assertEquals("high", issue.getString("severity"));
        assertTrue(issue.getString("detail").contains("sex is not recorded"), issue.getString("detail"));
    }

    @Test
    void valproate_aTextOnlyEpilimChrono_alertsMarkedMatchedByName_inEverySurface() {
        String nhs = "9449304572";
        FhirJson.post(FhirJson.patient(nhs, "female", "1996-05-01", "2026-11-01T09:00:00Z"));
        FhirJson.post(FhirJson.statement(
                mentalHealth,
                "vt-1",
                nhs,
                null,
                null,
                "Epilim Chrono 500mg",
                "active",
                "2026-11-01T09:00:00Z",
                "1 bd",
                null));

        assertAlert(nhs, "valproate-pregnancy-prevention", true);
        JsonPath alert = new JsonPath(medications(nhs).prettify())
                .setRootPath("alerts.find { it.type == 'valproate-pregnancy-prevention' }");
        assertEquals("high", alert.getString("severity"));
        assertTrue(alert.getBoolean("matchedByName"));
        assertTrue(alert.getString("message").startsWith("Matched by name, confirm"), alert.getString("message"));
        JsonPath issue = detectedIssue(nhs, "valproate-pregnancy-prevention");
        assertEquals("true", issue.getString("extension.find { it.url.endsWith('matched-by-name') }.valueBoolean"));
        assertEquals(false, medications(nhs).getBoolean("items[0].mapped"), "never merged by name");
    }

    // --- therapeutic-duplication ----------------------------------------------------------------------

    @Test
    void apixabanAndRivaroxaban_fromTwoSources_areATherapeuticDuplication() {
        String nhs = "9449304106";
        statement(gp, "du-1", nhs, APIXABAN_5, "Apixaban 5mg tablets", "active", "one twice a day");
        statement(mentalHealth, "du-2", nhs, RIVAROXABAN_20, "Rivaroxaban 20mg tablets", "active", "one daily");

        assertAlert(nhs, "therapeutic-duplication", true);
        String detail = detectedIssue(nhs, "therapeutic-duplication").getString("detail");
        assertTrue(
                detail.contains("Apixaban")
                        && detail.contains("Rivaroxaban")
                        && detail.contains("al-gp")
                        && detail.contains("al-mh"),
                detail);
        assertEquals(
                2,
                detectedIssue(nhs, "therapeutic-duplication")
                        .getList("implicated")
                        .size());
    }

    @Test
    void detectedIssues_foundByPatientReference_asByIdentifier() {
        String nhs = "9449304106";
        statement(gp, "du-1", nhs, APIXABAN_5, "Apixaban 5mg tablets", "active", "one twice a day");
        statement(mentalHealth, "du-2", nhs, RIVAROXABAN_20, "Rivaroxaban 20mg tablets", "active", "one daily");

        List<String> byReference = given().get("/fhir/DetectedIssue?patient=Patient/" + nhs)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.code.coding.flatten().code");
        assertEquals(issueCodes(nhs), byReference);
        assertTrue(byReference.contains("therapeutic-duplication"), byReference::toString);
        given().get("/fhir/DetectedIssue?patient=Patient/" + nhs
                        + "&patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9449304114")
                .then()
                .statusCode(400);
    }

    @Test
    void theSameDrugFromTwoSources_isNotADuplication_norAnyOtherAlert() {
        String nhs = "9449304114";
        statement(gp, "ds-1", nhs, APIXABAN_5, "Apixaban 5mg tablets", "active", "one twice a day");
        statement(mentalHealth, "ds-2", nhs, APIXABAN_5, "Apixaban 5mg tablets", "active", "one twice a day");

        assertEquals(1, medications(nhs).getList("items").size());
        assertEquals(List.of(), issueCodes(nhs), "same drug, same dose, both active, coded: nothing to alert");
        assertEquals(List.of(), medications(nhs).getList("alerts"));
    }

    // --- dose-discrepancy, status-conflict, unmapped-medication as DetectedIssues -------------------------

    @Test
    void sourcesDisagreeingOnTheDose_isADoseDiscrepancyDetectedIssue() {
        String nhs = "9449304122";
        statement(gp, "dd-1", nhs, OMEPRAZOLE_20, "Omeprazole 20mg capsules", "active", "one each morning");
        statement(mentalHealth, "dd-2", nhs, OMEPRAZOLE_20, "Omeprazole 20mg capsules", "active", "two each morning");

        assertAlert(nhs, "dose-discrepancy", true);
        assertEquals("moderate", detectedIssue(nhs, "dose-discrepancy").getString("severity"));
        assertAlert(nhs, "status-conflict", false);
    }

    @Test
    void stoppedInHospitalButActiveAtTheGp_isAStatusConflictDetectedIssue() {
        String nhs = "9449304130";
        statement(gp, "sc-1", nhs, OMEPRAZOLE_20, "Omeprazole 20mg capsules", "active", "one each morning");
        FhirJson.post(FhirJson.statement(
                acute,
                "sc-2",
                nhs,
                DMD,
                OMEPRAZOLE_20,
                "Omeprazole 20mg capsules",
                "stopped",
                "2026-11-05T09:00:00Z",
                "one each morning",
                null));

        assertAlert(nhs, "status-conflict", true);
        assertTrue(detectedIssue(nhs, "status-conflict").getString("detail").contains("Omeprazole"));
    }

    @Test
    void aTextOnlyMedicine_isAnUnmappedMedicationDetectedIssue_ofLowSeverity() {
        String nhs = "9449304149";
        FhirJson.post(FhirJson.statement(
                gp,
                "um-1",
                nhs,
                DMD,
                null,
                "Grandma's herbal tonic",
                "active",
                "2026-11-01T09:00:00Z",
                "a spoonful",
                null));

        assertAlert(nhs, "unmapped-medication", true);
        assertEquals("low", detectedIssue(nhs, "unmapped-medication").getString("severity"));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static void statement(
            String source, String id, String nhs, String vmp, String display, String status, String dosage) {
        String updated = "stopped".equals(status) ? "2026-11-10T09:00:00Z" : "2026-11-01T09:00:00Z";
        FhirJson.post(FhirJson.statement(source, id, nhs, DMD, vmp, display, status, updated, dosage, null));
    }

    private void admit(String nhs, String id, String status, String lastUpdated) {
        FhirJson.post(FhirJson.encounter(acute, id, nhs, "IMP", status, "2026-11-20T08:00:00Z", lastUpdated));
    }

    /** The alert is (or is not) on all three surfaces: DetectedIssue search, the FHIR Bundle, the portal JSON. */
    private static void assertAlert(String nhs, String type, boolean present) {
        assertEquals(
                present,
                issueCodes(nhs).contains(type),
                () -> "DetectedIssue " + type + " for " + nhs + ": " + issueCodes(nhs));
        List<String> inBundle = unifiedBundle(nhs)
                .getList("entry.resource.findAll { it.resourceType == 'DetectedIssue' }.code.coding.flatten().code");
        assertEquals(present, inBundle.contains(type), () -> "$unified-medications " + type + ": " + inBundle);
        List<String> inJson = medications(nhs).getList("alerts.type");
        assertEquals(present, inJson.contains(type), () -> "portal JSON " + type + ": " + inJson);
    }

    private static List<String> issueCodes(String nhs) {
        JsonPath search = given().get("/fhir/DetectedIssue?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        if (search.getList("entry") == null) {
            return List.of(); // an empty searchset has no entry element
        }
        List<String> systems = search.getList("entry.resource.code.coding.flatten().system");
        assertTrue(
                systems.stream().allMatch("https://fhir.umr.example/CodeSystem/alert-type"::equals), systems::toString);
        return search.getList("entry.resource.code.coding.flatten().code");
    }

    private static JsonPath detectedIssue(String nhs, String type) {
        JsonPath search = given().get("/fhir/DetectedIssue?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs
                        + "&code=https://fhir.umr.example/CodeSystem/alert-type|" + type)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(1, search.getList("entry").size(), search::prettify);
        return new JsonPath(search.prettify()).setRootPath("entry[0].resource");
    }

    private static JsonPath unifiedBundle(String nhs) {
        return given().get("/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath unifiedList(String nhs) {
        return new JsonPath(unifiedBundle(nhs).prettify()).setRootPath("entry[0].resource");
    }

    private static JsonPath medications(String nhs) {
        return given().get("/api/patients/" + nhs + "/medications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
