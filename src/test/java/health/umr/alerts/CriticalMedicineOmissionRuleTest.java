package health.umr.alerts;

import static health.umr.alerts.AlertFixtures.ACUTE;
import static health.umr.alerts.AlertFixtures.APIXABAN;
import static health.umr.alerts.AlertFixtures.APIXABAN_5MG_TABLETS;
import static health.umr.alerts.AlertFixtures.AT;
import static health.umr.alerts.AlertFixtures.BETAMETHASONE;
import static health.umr.alerts.AlertFixtures.BUPRENORPHINE_8MG_SUBLINGUAL;
import static health.umr.alerts.AlertFixtures.BUPRENORPHINE_PATCH;
import static health.umr.alerts.AlertFixtures.CLOBAZAM;
import static health.umr.alerts.AlertFixtures.CLOZAPINE;
import static health.umr.alerts.AlertFixtures.CO_BENELDOPA;
import static health.umr.alerts.AlertFixtures.CO_BENELDOPA_DISPERSIBLE;
import static health.umr.alerts.AlertFixtures.CO_CARELDOPA_25_100_TABLETS;
import static health.umr.alerts.AlertFixtures.DEFLAZACORT;
import static health.umr.alerts.AlertFixtures.DESMOPRESSIN_NASAL_SPRAY;
import static health.umr.alerts.AlertFixtures.DOLUTEGRAVIR;
import static health.umr.alerts.AlertFixtures.GABAPENTIN;
import static health.umr.alerts.AlertFixtures.GP;
import static health.umr.alerts.AlertFixtures.HEPARIN_5000_UNITS_ML;
import static health.umr.alerts.AlertFixtures.HEPARIN_FLUSH_10_UNITS_ML;
import static health.umr.alerts.AlertFixtures.HOMECARE;
import static health.umr.alerts.AlertFixtures.HYDROCORTISONE_10MG_TABLETS;
import static health.umr.alerts.AlertFixtures.HYDROCORTISONE_CREAM;
import static health.umr.alerts.AlertFixtures.HYDROCORTISONE_INJECTION;
import static health.umr.alerts.AlertFixtures.INSULIN_ASPART;
import static health.umr.alerts.AlertFixtures.INSULIN_GLARGINE;
import static health.umr.alerts.AlertFixtures.LEVETIRACETAM;
import static health.umr.alerts.AlertFixtures.MENTAL_HEALTH;
import static health.umr.alerts.AlertFixtures.MYCOPHENOLATE_MOFETIL;
import static health.umr.alerts.AlertFixtures.PREDNISOLONE_5MG_TABLETS;
import static health.umr.alerts.AlertFixtures.PREDNISOLONE_EYE_DROPS;
import static health.umr.alerts.AlertFixtures.ROPINIROLE;
import static health.umr.alerts.AlertFixtures.ROTIGOTINE_PATCH;
import static health.umr.alerts.AlertFixtures.TACROLIMUS;
import static health.umr.alerts.AlertFixtures.admission;
import static health.umr.alerts.AlertFixtures.encounter;
import static health.umr.alerts.AlertFixtures.reconcile;
import static health.umr.alerts.AlertFixtures.request;
import static health.umr.alerts.AlertFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.AlertState;
import health.umr.domain.ReferenceTime;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import health.umr.reconcile.Records;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code critical-medicine-omission} over records reconciled by the real Reconciler on a real dm+d
 * (VTMs of the 2019 release; VMPs marked synthetic in AlertFixtures) and the shipped reference lists.
 * Each part of the rule has cases that must alert and cases that must not (issue 11).
 */
class CriticalMedicineOmissionRuleTest {

    private static final String ORAL = "26643006";
    private static final String CUTANEOUS = "6064005";

    private final CriticalMedicineOmissionRule rule = new CriticalMedicineOmissionRule(AlertFixtures.lists());

    /** Admitted by the acute trust at 08:00 on 1 November 2026. */
    private final Admission admitted =
            admission(encounter(ACUTE, "enc-1", "IMP", "in-progress", "2026-11-01T08:00:00Z"));

    private List<Alert> alerts(Admission admission, SourceRecord... records) {
        return rule.evaluate(new RuleInput(reconcile(records), admission, Optional.empty(), AT, List.of()));
    }

    private List<Alert> alerts(SourceRecord... records) {
        return alerts(admitted, records);
    }

    private static Records gp(String id, String code) {
        return statement(GP, id).dmd(code).dosageText("as directed");
    }

    /** An inpatient order from the admitting trust, written at 09:00 on the day of admission. */
    private static Records inpatientOrder(String id, String code) {
        return request(ACUTE, id, "order")
                .dmd(code)
                .category("inpatient")
                .started("2026-11-01T09:00:00Z")
                .updated("2026-11-01T09:00:00Z");
    }

    private static List<String> vtmsOf(List<Alert> alerts, UnifiedRecord record) {
        return alerts.stream()
                .flatMap(a -> a.itemIds().stream())
                .map(id -> record.findItem(id).orElseThrow().vtmCode().orElse("unmapped"))
                .toList();
    }

    @Nested
    class AClassMemberIsNotTheMedicine {

        @Test
        void aHeparinLineFlush_doesNotCoverApixaban() {
            List<Alert> found = alerts(
                    gp("a", APIXABAN_5MG_TABLETS).build(),
                    inpatientOrder("o", HEPARIN_FLUSH_10_UNITS_ML).build());
            assertEquals(1, found.size(), found::toString);
            assertTrue(found.get(0).message().startsWith("Apixaban 5mg tablets is a time-critical medicine"));
        }

        @Test
        void clobazam_doesNotCoverLevetiracetam() {
            assertEquals(
                    1,
                    alerts(
                                    gp("l", LEVETIRACETAM).build(),
                                    inpatientOrder("o", CLOBAZAM).build())
                            .size());
        }

        @Test
        void insulinAspart_doesNotCoverBasalGlargine() {
            assertEquals(
                    1,
                    alerts(
                                    gp("g", INSULIN_GLARGINE).build(),
                                    inpatientOrder("o", INSULIN_ASPART).build())
                            .size());
        }

        @Test
        void mycophenolate_doesNotCoverTacrolimus() {
            assertEquals(
                    1,
                    alerts(
                                    gp("t", TACROLIMUS).build(),
                                    inpatientOrder("o", MYCOPHENOLATE_MOFETIL).build())
                            .size());
        }

        @Test
        void prednisolone_eyeDropsOrTablets_doesNotCoverAdrenalReplacementHydrocortisone() {
            assertEquals(
                    1,
                    alerts(
                                    gp("h", HYDROCORTISONE_10MG_TABLETS).build(),
                                    inpatientOrder("o", PREDNISOLONE_EYE_DROPS).build())
                            .size());
            assertEquals(
                    1,
                    alerts(
                                    gp("h", HYDROCORTISONE_10MG_TABLETS).build(),
                                    inpatientOrder("o", PREDNISOLONE_5MG_TABLETS)
                                            .build())
                            .size());
        }

        @Test
        void theSameMedicineAsACream_doesNotReplaceTheTablets() {
            assertEquals(
                    1,
                    alerts(
                                    gp("h", HYDROCORTISONE_10MG_TABLETS).build(),
                                    inpatientOrder("o", HYDROCORTISONE_CREAM).build())
                            .size());
        }

        @Test
        void anotherParkinsonsMedicineThatIsNotANamedSubstitute_doesNotCoverCoCareldopa() {
            assertEquals(
                    1,
                    alerts(
                                    gp("p", CO_CARELDOPA_25_100_TABLETS).build(),
                                    inpatientOrder("o", ROPINIROLE).build())
                            .size());
        }

        @Test
        void mustNotAlert_theSameMedicine_orANamedSubstitute_atARouteThatCanReplaceIt() {
            // the same VTM (here the same product)
            assertEquals(
                    List.of(),
                    alerts(
                            gp("p", CO_CARELDOPA_25_100_TABLETS).build(),
                            inpatientOrder("o", CO_CARELDOPA_25_100_TABLETS).build()));
            // dispersible co-beneldopa for co-careldopa; dispersible for standard co-beneldopa
            assertEquals(
                    List.of(),
                    alerts(
                            gp("p", CO_CARELDOPA_25_100_TABLETS).build(),
                            inpatientOrder("o", CO_BENELDOPA_DISPERSIBLE).build()));
            assertEquals(
                    List.of(),
                    alerts(
                            gp("p", CO_BENELDOPA).build(),
                            inpatientOrder("o", CO_BENELDOPA_DISPERSIBLE).build()));
            // a rotigotine patch for a dopamine agonist (nil by mouth)
            assertEquals(
                    List.of(),
                    alerts(
                            gp("r", ROPINIROLE).build(),
                            inpatientOrder("o", ROTIGOTINE_PATCH).build()));
            // parenteral hydrocortisone for prednisolone tablets
            assertEquals(
                    List.of(),
                    alerts(
                            gp("p", PREDNISOLONE_5MG_TABLETS).build(),
                            inpatientOrder("o", HYDROCORTISONE_INJECTION).build()));
            // oral hydrocortisone by injection
            assertEquals(
                    List.of(),
                    alerts(
                            gp("h", HYDROCORTISONE_10MG_TABLETS).build(),
                            inpatientOrder("o", HYDROCORTISONE_INJECTION).build()));
        }
    }

    @Nested
    class TheAdmittingOrganisationsOwnRecordsCount {

        @Test
        void clozapineFromTheMentalHealthTrustsOwnCommunityTeam_isCheckedWhenThatTrustAdmits() {
            Admission byMentalHealth =
                    admission(encounter(MENTAL_HEALTH, "mh-enc", "IMP", "in-progress", "2026-11-01T08:00:00Z"));
            SourceRecord community = statement(MENTAL_HEALTH, "c")
                    .dmd(CLOZAPINE)
                    .category("community")
                    .dosageText("300mg at night")
                    .build();

            List<Alert> found = alerts(byMentalHealth, community);

            assertEquals(1, found.size());
            assertTrue(
                    found.get(0).message().contains("active in mh-c"),
                    found.get(0).message());
        }

        @Test
        void tacrolimusFromTheAcuteTrustsTransplantClinic_isCheckedWhenThatTrustAdmits() {
            SourceRecord clinic = request(ACUTE, "t", "order")
                    .dmd(TACROLIMUS)
                    .category("outpatient")
                    .started("2026-09-01")
                    .build();
            assertEquals(1, alerts(clinic).size());
        }

        @Test
        void mustNotAlert_whenItsOwnInpatientOrderForThisAdmissionIsWritten() {
            SourceRecord clinic = request(ACUTE, "t", "order")
                    .dmd(TACROLIMUS)
                    .category("outpatient")
                    .started("2026-09-01")
                    .build();
            assertEquals(
                    List.of(), alerts(clinic, inpatientOrder("o", TACROLIMUS).build()));
        }
    }

    @Nested
    class OnlyOrdersWrittenSinceThisAdmissionClearIt {

        @Test
        void anInpatientOrderLeftActiveFromA2025Admission_doesNotClearA2026Omission() {
            SourceRecord old = request(ACUTE, "old", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .category("inpatient")
                    .started("2025-03-01T10:00:00Z")
                    .updated("2025-03-01T10:00:00Z")
                    .build();
            List<Alert> found = alerts(gp("a", APIXABAN_5MG_TABLETS).build(), old);
            assertEquals(1, found.size());
        }

        @Test
        void mustNotAlert_anOrderWrittenOnTheDayOfAdmission_givenAsADateOnly() {
            SourceRecord sameDay = request(ACUTE, "o", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .category("inpatient")
                    .started("2026-11-01")
                    .build();
            assertEquals(List.of(), alerts(gp("a", APIXABAN_5MG_TABLETS).build(), sameDay));
        }

        @Test
        void mustNotAlert_anOrderWrittenInTheEmergencyDepartmentHoursBeforeTheInpatientEncounter() {
            SourceRecord ed = request(ACUTE, "o", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .category("inpatient")
                    .started("2026-10-31T22:00:00Z")
                    .build();
            assertEquals(List.of(), alerts(gp("a", APIXABAN_5MG_TABLETS).build(), ed));
        }

        @Test
        void anOrderWrittenTwoDaysBeforeAdmission_doesNotClearIt() {
            SourceRecord before = request(ACUTE, "o", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .category("inpatient")
                    .started("2026-10-30T07:00:00Z")
                    .updated("2026-10-30T07:00:00Z")
                    .build();
            assertEquals(
                    1, alerts(gp("a", APIXABAN_5MG_TABLETS).build(), before).size());
        }

        @Test
        void anOrderFromANonAdmittingSource_orNotInpatient_doesNotClearIt() {
            SourceRecord mentalHealthInpatient = request(MENTAL_HEALTH, "m", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .category("inpatient")
                    .started("2026-11-01T09:00:00Z")
                    .build();
            SourceRecord outpatient = request(ACUTE, "o", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .category("outpatient")
                    .started("2026-11-01T09:00:00Z")
                    .build();
            assertEquals(
                    1,
                    alerts(gp("a", APIXABAN_5MG_TABLETS).build(), mentalHealthInpatient)
                            .size());
            assertEquals(
                    1, alerts(gp("a", APIXABAN_5MG_TABLETS).build(), outpatient).size());
        }
    }

    @Nested
    class ADecisionIsNotAnOmission {

        private final SourceRecord held = inpatientOrder("o", APIXABAN_5MG_TABLETS)
                .status("on-hold")
                .statusReason("surgery tomorrow")
                .build();

        @Test
        void mustNotAlert_heldByTheAdmittingSource() {
            assertEquals(List.of(), alerts(gp("a", APIXABAN_5MG_TABLETS).build(), held));
        }

        @Test
        void mustNotAlert_stoppedWithAReasonByTheAdmittingSource() {
            SourceRecord stopped = inpatientOrder("o", APIXABAN_5MG_TABLETS)
                    .status("stopped")
                    .statusReason("active bleeding")
                    .build();
            assertEquals(List.of(), alerts(gp("a", APIXABAN_5MG_TABLETS).build(), stopped));
        }

        @Test
        void mustNotAlert_aLaterRefreshOfTheGpRecordDoesNotBringItBack() {
            SourceRecord refreshed = gp("a", APIXABAN_5MG_TABLETS)
                    .updated("2026-11-02T09:00:00Z")
                    .build();
            UnifiedRecord record = reconcile(refreshed, held);
            assertTrue(record.itemsOfVtm(APIXABAN).get(0).isActive(), "the newest assertion (the GP's) says active");
            assertEquals(List.of(), alerts(refreshed, held));
        }

        @Test
        void stoppedWithoutAReason_isNotADecision_andStillAlerts() {
            SourceRecord stopped =
                    inpatientOrder("o", APIXABAN_5MG_TABLETS).status("stopped").build();
            assertEquals(
                    1, alerts(gp("a", APIXABAN_5MG_TABLETS).build(), stopped).size());
        }

        @Test
        void aHoldByAnotherSource_orAtAPreviousAdmission_doesNotEndIt() {
            SourceRecord heldByHomecare = statement(HOMECARE, "h")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .status("on-hold")
                    .statusReason("paused")
                    .build();
            SourceRecord heldLastYear = request(ACUTE, "old", "order")
                    .dmd(APIXABAN_5MG_TABLETS)
                    .category("inpatient")
                    .status("on-hold")
                    .statusReason("surgery")
                    .started("2025-03-01T10:00:00Z")
                    .updated("2025-03-01T10:00:00Z")
                    .build();
            assertEquals(
                    1,
                    alerts(gp("a", APIXABAN_5MG_TABLETS).build(), heldByHomecare)
                            .size());
            assertEquals(
                    1,
                    alerts(gp("a", APIXABAN_5MG_TABLETS).build(), heldLastYear).size());
        }
    }

    @Nested
    class StaleActiveRecords {

        @Test
        void mustNotAlert_a2021PrednisoloneCourseNeverClosed_butANoteSaysSo() {
            SourceRecord course2021 = statement(GP, "p")
                    .dmd(PREDNISOLONE_5MG_TABLETS)
                    .dosageText("8 tablets each morning for 5 days")
                    .asserted("2021-03-04")
                    .updated("2021-03-04T10:00:00Z")
                    .build();
            RuleInput input = new RuleInput(reconcile(course2021), admitted, Optional.empty(), AT, List.of());

            assertEquals(List.of(), rule.evaluate(input));
            assertEquals(1, rule.notes(input).size());
            assertTrue(
                    rule.notes(input).get(0).contains("not recently confirmed"),
                    rule.notes(input).get(0));
            assertTrue(
                    rule.notes(input).get(0).contains("2021-03-04"),
                    rule.notes(input).get(0));
        }

        @Test
        void aRecordConfirmedElevenMonthsAgo_stillAlerts() {
            SourceRecord recent = statement(GP, "p")
                    .dmd(PREDNISOLONE_5MG_TABLETS)
                    .asserted("2025-12-15")
                    .updated("2025-12-15T10:00:00Z")
                    .build();
            assertEquals(1, alerts(recent).size());
        }
    }

    @Nested
    class TimeAndEscalation {

        @Test
        void theAlertCarriesTheAdmissionTime_andAParkinsonsOmissionIsOverdueAfter30Minutes() {
            Alert alert = alerts(gp("p", CO_CARELDOPA_25_100_TABLETS).build()).get(0);

            assertEquals(Instant.parse("2026-11-01T08:00:00Z"), alert.since());
            assertEquals(Duration.ofMinutes(30), alert.dueWithin());
            assertFalse(alert.isOverdue(Instant.parse("2026-11-01T08:30:00Z")));
            assertTrue(alert.isOverdue(Instant.parse("2026-11-01T08:31:00Z")));
            AlertState at45 = AlertStates.at(List.of(alert), List.of(), Instant.parse("2026-11-01T08:45:00Z"))
                    .get(0);
            assertEquals(Duration.ofMinutes(45), at45.openFor());
            assertTrue(at45.message().startsWith("OVERDUE"), at45.message());
            assertTrue(at45.message().contains("Open 45 min, since admission at 2026-11-01 08:00 UTC"), at45.message());
            AlertState at20 = AlertStates.at(List.of(alert), List.of(), Instant.parse("2026-11-01T08:20:00Z"))
                    .get(0);
            assertFalse(at20.message().startsWith("OVERDUE"), at20.message());
        }

        @Test
        void anInsulinOmissionEscalatesAfterTwoHours() {
            Alert alert = alerts(gp("g", INSULIN_GLARGINE).build()).get(0);
            assertEquals(Duration.ofHours(2), alert.dueWithin());
            assertFalse(alert.isOverdue(Instant.parse("2026-11-01T09:30:00Z")));
            assertTrue(alert.isOverdue(Instant.parse("2026-11-01T10:01:00Z")));
        }

        @Test
        void theAlertNamesTheReferenceListVersionsItWasRaisedUnder() {
            Alert alert = alerts(gp("p", CO_CARELDOPA_25_100_TABLETS).build()).get(0);
            assertTrue(
                    alert.referenceVersions().contains("time-critical-medicines.csv 2026-12-01.1"),
                    alert.referenceVersions());
            assertTrue(alert.referenceVersions().contains("time-critical-substitutes.csv"), alert.referenceVersions());
        }

        @Test
        void theIdIsStableAcrossReferenceTimesAndAGpRefresh() {
            SourceRecord first = gp("p", CO_CARELDOPA_25_100_TABLETS).build();
            SourceRecord refreshed = gp("p", CO_CARELDOPA_25_100_TABLETS)
                    .dosageText("1 tablet three times a day")
                    .updated("2026-11-01T12:00:00Z")
                    .build();
            String id = alerts(first).get(0).id();
            assertEquals(id, alerts(refreshed).get(0).id());
            assertEquals(
                    id,
                    rule.evaluate(new RuleInput(
                                    reconcile(first),
                                    admitted,
                                    Optional.empty(),
                                    ReferenceTime.at(Instant.parse("2026-11-05T10:00:00Z")),
                                    List.of()))
                            .get(0)
                            .id());
        }
    }

    @Nested
    class TheReferenceList {

        @Test
        void additions_antiretroviralDesmopressinDeflazacortAndSystemicBetamethasone_alert() {
            assertEquals(1, alerts(gp("d", DOLUTEGRAVIR).build()).size(), "dolutegravir");
            assertEquals(1, alerts(gp("n", DESMOPRESSIN_NASAL_SPRAY).build()).size(), "desmopressin nasal spray");
            assertEquals(1, alerts(gp("c", DEFLAZACORT).build()).size(), "deflazacort");
            assertEquals(1, alerts(gp("b", BETAMETHASONE).route(ORAL).build()).size(), "betamethasone by mouth");
        }

        @Test
        void mustNotAlert_localProducts_flushes_painPatches_andGabapentinoidsForPain() {
            assertEquals(
                    List.of(), alerts(gp("b", BETAMETHASONE).route(CUTANEOUS).build()), "betamethasone cream");
            assertEquals(List.of(), alerts(gp("p", PREDNISOLONE_EYE_DROPS).build()), "prednisolone eye drops");
            assertEquals(List.of(), alerts(gp("h", HYDROCORTISONE_CREAM).build()), "hydrocortisone cream");
            assertEquals(List.of(), alerts(gp("f", HEPARIN_FLUSH_10_UNITS_ML).build()), "a heparin line flush");
            assertEquals(List.of(), alerts(gp("b", BUPRENORPHINE_PATCH).build()), "a buprenorphine pain patch");
            assertEquals(
                    List.of(),
                    alerts(gp("g", GABAPENTIN)
                            .dosageText("300mg three times a day for nerve pain")
                            .build()),
                    "gabapentin for pain");
        }

        @Test
        void theSplitsStillAlertForTheTimeCriticalUse() {
            assertEquals(1, alerts(gp("h", HEPARIN_5000_UNITS_ML).build()).size(), "heparin 5,000 units/ml");
            assertEquals(
                    1,
                    alerts(statement(HOMECARE, "b")
                                    .dmd(BUPRENORPHINE_8MG_SUBLINGUAL)
                                    .build())
                            .size(),
                    "sublingual buprenorphine (opioid substitution)");
            assertEquals(
                    1,
                    alerts(gp("g", GABAPENTIN)
                                    .dosageText("600mg twice a day for epilepsy")
                                    .build())
                            .size(),
                    "gabapentin for epilepsy");
        }

        @Test
        void aGabapentinoidWhoseIndicationIsEpilepsy_alerts_oneForNeuropathicPainDoesNot() {
            assertEquals(
                    1,
                    alerts(gp("g", GABAPENTIN)
                                    .dosageText("300mg three times a day")
                                    .indication("Epilepsy")
                                    .build())
                            .size(),
                    "reasonCode Epilepsy");
            assertEquals(
                    List.of(),
                    alerts(gp("g", GABAPENTIN)
                            .dosageText("300mg three times a day")
                            .indication("Neuropathic pain")
                            .build()),
                    "reasonCode neuropathic pain");
        }

        @Test
        void mustNotAlert_gabapentinForEpilepsy_continuedByAnInpatientOrderThatDoesNotSayWhatItIsFor() {
            assertEquals(
                    List.of(),
                    alerts(
                            gp("g", GABAPENTIN)
                                    .dosageText("600mg twice a day")
                                    .indication("Epilepsy")
                                    .build(),
                            inpatientOrder("o", GABAPENTIN)
                                    .dosageText("600mg twice a day")
                                    .build()));
        }
    }

    @Nested
    class RecognisedByName {

        @Test
        void aTextOnlySinemet_raisesTheOmission_markedMatchedByName() {
            SourceRecord text =
                    statement(GP, "s").text("Sinemet 25mg/100mg tablets").build();
            List<Alert> found = alerts(text);
            assertEquals(1, found.size());
            assertTrue(found.get(0).matchedByName());
            assertEquals(Alert.Severity.HIGH, found.get(0).severity());
            assertTrue(
                    found.get(0).message().startsWith("Matched by name, confirm:"),
                    found.get(0).message());
            UnifiedRecord record = reconcile(text);
            assertEquals(List.of("unmapped"), vtmsOf(found, record), "never merged by name");
        }

        @Test
        void mustNotAlert_aTextOnlyMedicineThatIsNotTimeCritical_orIsCoveredByItsCodedOrder() {
            assertEquals(
                    List.of(),
                    alerts(statement(GP, "p").text("Paracetamol 500mg tablets").build()));
            assertEquals(
                    List.of(),
                    alerts(
                            statement(GP, "s").text("Sinemet 25/100").build(),
                            inpatientOrder("o", CO_CARELDOPA_25_100_TABLETS).build()));
        }
    }

    @Test
    void mustNotAlert_notAdmitted_discharged_orStopped() {
        SourceRecord coCareldopa = gp("p", CO_CARELDOPA_25_100_TABLETS).build();
        assertEquals(List.of(), alerts(Admission.NOT_ADMITTED, coCareldopa));
        Admission discharged = admission(
                encounter(ACUTE, "enc-1", "IMP", "in-progress", "2026-11-01T08:00:00Z"),
                encounter(ACUTE, "enc-2", "IMP", "finished", "2026-11-02T08:00:00Z"));
        assertEquals(List.of(), alerts(discharged, coCareldopa));
        assertEquals(
                List.of(),
                alerts(gp("p", CO_CARELDOPA_25_100_TABLETS).status("stopped").build()));
    }
}
