package health.umr.alerts;

import static health.umr.alerts.AlertFixtures.ACUTE;
import static health.umr.alerts.AlertFixtures.AMITRIPTYLINE;
import static health.umr.alerts.AlertFixtures.AMITRIPTYLINE_10MG_TABLETS;
import static health.umr.alerts.AlertFixtures.AMITRIPTYLINE_10MG_TABLETS_AMP;
import static health.umr.alerts.AlertFixtures.APIXABAN;
import static health.umr.alerts.AlertFixtures.APIXABAN_5MG_TABLETS;
import static health.umr.alerts.AlertFixtures.AT;
import static health.umr.alerts.AlertFixtures.CITALOPRAM_20MG_TABLETS;
import static health.umr.alerts.AlertFixtures.CO_CARELDOPA_25_100_TABLETS;
import static health.umr.alerts.AlertFixtures.GP;
import static health.umr.alerts.AlertFixtures.HOMECARE;
import static health.umr.alerts.AlertFixtures.LANSOPRAZOLE_30MG_CAPSULES;
import static health.umr.alerts.AlertFixtures.MENTAL_HEALTH;
import static health.umr.alerts.AlertFixtures.OMEPRAZOLE_20MG_CAPSULES;
import static health.umr.alerts.AlertFixtures.OXYBUTYNIN_5MG_TABLETS;
import static health.umr.alerts.AlertFixtures.RIVAROXABAN_20MG_TABLETS;
import static health.umr.alerts.AlertFixtures.SERTRALINE;
import static health.umr.alerts.AlertFixtures.SERTRALINE_50MG_TABLETS;
import static health.umr.alerts.AlertFixtures.admission;
import static health.umr.alerts.AlertFixtures.encounter;
import static health.umr.alerts.AlertFixtures.reconcile;
import static health.umr.alerts.AlertFixtures.request;
import static health.umr.alerts.AlertFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The alert rules over unified records made by the real Reconciler from source records, with a real
 * dm+d and the shipped reference lists: every rule has cases that must alert and cases that must not.
 */
class ClinicalAlertsTest {

    private final ClinicalAlerts rules = new ClinicalAlerts(AlertFixtures.lists());

    private ClinicalAlerts.Evaluation evaluate(UnifiedRecord record) {
        return rules.evaluate(record, Admission.NOT_ADMITTED, Optional.empty(), AT);
    }

    private static List<Alert> ofType(ClinicalAlerts.Evaluation evaluation, AlertType type) {
        return evaluation.alerts().stream().filter(a -> a.type() == type).toList();
    }

    private static Alert onlyOfType(ClinicalAlerts.Evaluation evaluation, AlertType type) {
        List<Alert> found = ofType(evaluation, type);
        assertEquals(1, found.size(), () -> "expected one " + type.code() + " alert in " + evaluation.alerts());
        return found.get(0);
    }

    private static void assertNone(ClinicalAlerts.Evaluation evaluation, AlertType type) {
        assertEquals(List.of(), ofType(evaluation, type), () -> "expected no " + type.code() + " alert");
    }

    private static String itemIdOfVtm(UnifiedRecord record, String vtm) {
        List<UnifiedItem> items = record.itemsOfVtm(vtm);
        assertEquals(1, items.size(), () -> "items of VTM " + vtm + ": " + record.items());
        return items.get(0).id();
    }

    @Nested
    class TherapeuticDuplication {

        @Test
        void sameDrugFromTwoSources_isNotADuplication() {
            // Given apixaban from the GP (VMP) and from the hospital (VTM)
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(APIXABAN_5MG_TABLETS).build(),
                    request(ACUTE, "b", "order").dmd(APIXABAN).build());

            // When
            ClinicalAlerts.Evaluation evaluation = evaluate(record);

            // Then one item, no duplication
            assertEquals(1, record.items().size());
            assertNone(evaluation, AlertType.THERAPEUTIC_DUPLICATION);
        }

        @Test
        void twoSsris_areADuplication() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(SERTRALINE_50MG_TABLETS).build(),
                    statement(MENTAL_HEALTH, "b").dmd(CITALOPRAM_20MG_TABLETS).build());

            Alert alert = onlyOfType(evaluate(record), AlertType.THERAPEUTIC_DUPLICATION);

            assertEquals(Alert.Severity.MODERATE, alert.severity());
            assertEquals(2, alert.itemIds().size());
            assertTrue(alert.itemIds().contains(itemIdOfVtm(record, SERTRALINE)));
            assertTrue(alert.message().contains("Serotonergic antidepressants (SSRIs and SNRIs)"), alert.message());
            assertTrue(alert.message().contains("gp-a") && alert.message().contains("mh-c"), alert.message());
        }

        @Test
        void apixabanAndRivaroxaban_areADuplication() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(APIXABAN_5MG_TABLETS).build(),
                    request(ACUTE, "b", "order").dmd(RIVAROXABAN_20MG_TABLETS).build());

            Alert alert = onlyOfType(evaluate(record), AlertType.THERAPEUTIC_DUPLICATION);

            assertTrue(alert.message().contains("Anticoagulants"), alert.message());
            assertEquals(Alert.Severity.HIGH, alert.severity(), "anticoagulant duplication is high");
            assertEquals(2, alert.itemIds().size());
        }

        @Test
        void omeprazoleAndLansoprazole_areADuplication() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(OMEPRAZOLE_20MG_CAPSULES).build(),
                    statement(HOMECARE, "b").dmd(LANSOPRAZOLE_30MG_CAPSULES).build());

            Alert alert = onlyOfType(evaluate(record), AlertType.THERAPEUTIC_DUPLICATION);

            assertTrue(alert.message().contains("Proton pump inhibitors"), alert.message());
        }

        @Test
        void oneOfTheTwoStopped_isNotADuplication() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(APIXABAN_5MG_TABLETS).build(),
                    request(ACUTE, "b", "order")
                            .dmd(RIVAROXABAN_20MG_TABLETS)
                            .status("stopped")
                            .build());

            assertNone(evaluate(record), AlertType.THERAPEUTIC_DUPLICATION);
        }

        @Test
        void medicinesOfDifferentClasses_areNotADuplication() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(SERTRALINE_50MG_TABLETS).build(),
                    statement(GP, "b").dmd(OMEPRAZOLE_20MG_CAPSULES).build(),
                    statement(GP, "c").dmd(APIXABAN_5MG_TABLETS).build());

            assertNone(evaluate(record), AlertType.THERAPEUTIC_DUPLICATION);
        }
    }

    @Nested
    class AnticholinergicBurden {

        @Test
        void amitriptylineAlone_scoresThree_andAlerts() {
            UnifiedRecord record =
                    reconcile(statement(GP, "a").dmd(AMITRIPTYLINE_10MG_TABLETS).build());

            ClinicalAlerts.Evaluation evaluation = evaluate(record);

            assertEquals(3, evaluation.acbScore());
            Alert alert = onlyOfType(evaluation, AlertType.ACB_HIGH);
            assertEquals(Alert.Severity.MODERATE, alert.severity());
            assertEquals(List.of(itemIdOfVtm(record, AMITRIPTYLINE)), alert.itemIds());
            assertTrue(alert.message().startsWith("Anticholinergic burden 3"), alert.message());
        }

        @Test
        void oxybutyninThreePlusSertralineOne_scoresFour_andNamesBoth() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(OXYBUTYNIN_5MG_TABLETS).build(),
                    statement(MENTAL_HEALTH, "b").dmd(SERTRALINE_50MG_TABLETS).build());

            ClinicalAlerts.Evaluation evaluation = evaluate(record);

            assertEquals(4, evaluation.acbScore());
            Alert alert = onlyOfType(evaluation, AlertType.ACB_HIGH);
            assertEquals(2, alert.itemIds().size());
            assertTrue(alert.message().contains("Oxybutynin 5mg tablets 3"), alert.message());
            assertTrue(alert.message().contains("Sertraline 50mg tablets 1"), alert.message());
        }

        @Test
        void aTotalOfTwo_doesNotAlert() {
            // Given sertraline (1) and lansoprazole (1)
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(SERTRALINE_50MG_TABLETS).build(),
                    statement(GP, "b").dmd(LANSOPRAZOLE_30MG_CAPSULES).build());

            ClinicalAlerts.Evaluation evaluation = evaluate(record);

            assertEquals(2, evaluation.acbScore());
            assertNone(evaluation, AlertType.ACB_HIGH);
        }

        @Test
        void eachVtmCountsOnce_howeverManySourcesListIt() {
            // Given sertraline from three sources (one at VTM level) and lansoprazole: 1 + 1, not 3 + 1
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(SERTRALINE_50MG_TABLETS).build(),
                    statement(MENTAL_HEALTH, "b").dmd(SERTRALINE_50MG_TABLETS).build(),
                    request(ACUTE, "c", "order").dmd(SERTRALINE).build(),
                    statement(GP, "d").dmd(LANSOPRAZOLE_30MG_CAPSULES).build());

            ClinicalAlerts.Evaluation evaluation = evaluate(record);

            assertEquals(2, evaluation.acbScore());
            assertNone(evaluation, AlertType.ACB_HIGH);
        }

        @Test
        void amitriptylineAsVmpAndAmpFromTwoSources_countsThreeNotSix() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(AMITRIPTYLINE_10MG_TABLETS).build(),
                    statement(HOMECARE, "b").dmd(AMITRIPTYLINE_10MG_TABLETS_AMP).build());

            assertEquals(3, evaluate(record).acbScore());
        }

        @Test
        void stoppedMedicines_doNotCount() {
            UnifiedRecord record = reconcile(statement(GP, "a")
                    .dmd(AMITRIPTYLINE_10MG_TABLETS)
                    .status("stopped")
                    .build());

            ClinicalAlerts.Evaluation evaluation = evaluate(record);

            assertEquals(0, evaluation.acbScore());
            assertNone(evaluation, AlertType.ACB_HIGH);
        }
    }

    @Nested
    class Discrepancies {

        @Test
        void differentDailyDoses_alert() {
            // Given GP: one 10mg tablet a day; hospital: 20 mg a day
            UnifiedRecord record = reconcile(
                    statement(GP, "a")
                            .dmd(AMITRIPTYLINE_10MG_TABLETS)
                            .dose(1, "tablet", 1)
                            .build(),
                    request(ACUTE, "b", "order")
                            .dmd(AMITRIPTYLINE)
                            .dose(20, "mg", 1)
                            .build());

            Alert alert = onlyOfType(evaluate(record), AlertType.DOSE_DISCREPANCY);

            assertEquals(Alert.Severity.MODERATE, alert.severity());
            assertEquals(List.of(itemIdOfVtm(record, AMITRIPTYLINE)), alert.itemIds());
        }

        @Test
        void equalDailyDoses_inDifferentUnits_doNotAlert() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a")
                            .dmd(AMITRIPTYLINE_10MG_TABLETS)
                            .dose(2, "tablets", 1)
                            .build(),
                    request(ACUTE, "b", "order")
                            .dmd(AMITRIPTYLINE)
                            .dose(10, "mg", 2)
                            .build());

            assertNone(evaluate(record), AlertType.DOSE_DISCREPANCY);
        }

        @Test
        void stoppedInOneSource_activeInAnother_isAStatusConflict() {
            // Given the GP has apixaban active and the hospital's order (older) is stopped
            UnifiedRecord record = reconcile(
                    statement(GP, "a")
                            .dmd(APIXABAN_5MG_TABLETS)
                            .updated("2026-11-01T10:00:00Z")
                            .build(),
                    request(ACUTE, "b", "order")
                            .dmd(APIXABAN)
                            .status("stopped")
                            .updated("2026-10-01T10:00:00Z")
                            .build());

            Alert alert = onlyOfType(evaluate(record), AlertType.STATUS_CONFLICT);

            assertEquals(List.of(itemIdOfVtm(record, APIXABAN)), alert.itemIds());
        }

        @Test
        void stoppedMostRecently_whileAnotherSourceStillHasItActive_isAStatusConflictToo() {
            // Given the hospital stopped apixaban after the GP's last active record: the GP still has it
            UnifiedRecord record = reconcile(
                    statement(GP, "a")
                            .dmd(APIXABAN_5MG_TABLETS)
                            .updated("2026-10-01T10:00:00Z")
                            .build(),
                    request(ACUTE, "b", "order")
                            .dmd(APIXABAN)
                            .status("stopped")
                            .updated("2026-11-01T10:00:00Z")
                            .build());

            Alert alert = onlyOfType(evaluate(record), AlertType.STATUS_CONFLICT);

            assertEquals(List.of(itemIdOfVtm(record, APIXABAN)), alert.itemIds());
        }

        @Test
        void allSourcesActive_isNoStatusConflict() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a").dmd(APIXABAN_5MG_TABLETS).build(),
                    request(ACUTE, "b", "order").dmd(APIXABAN).build());

            assertNone(evaluate(record), AlertType.STATUS_CONFLICT);
        }

        @Test
        void allSourcesStopped_isNoStatusConflict() {
            UnifiedRecord record = reconcile(
                    statement(GP, "a")
                            .dmd(APIXABAN_5MG_TABLETS)
                            .status("stopped")
                            .build(),
                    request(ACUTE, "b", "order").dmd(APIXABAN).status("stopped").build());

            assertNone(evaluate(record), AlertType.STATUS_CONFLICT);
        }
    }

    @Nested
    class UnmappedMedication {

        @Test
        void anActiveTextOnlyMedicine_alertsLow() {
            UnifiedRecord record = reconcile(
                    statement(GP, "t").text("Senna 7.5mg tablets, two at night").build());

            Alert alert = onlyOfType(evaluate(record), AlertType.UNMAPPED_MEDICATION);

            assertEquals(Alert.Severity.LOW, alert.severity());
            assertEquals(List.of(record.items().get(0).id()), alert.itemIds());
            assertTrue(alert.message().contains("Senna"), alert.message());
        }

        @Test
        void anActiveMedicineWithACodeDmdDoesNotKnow_alerts() {
            UnifiedRecord record = reconcile(statement(GP, "x")
                    .coded("http://snomed.info/sct", "999999999999999", "Unknown drug")
                    .build());

            onlyOfType(evaluate(record), AlertType.UNMAPPED_MEDICATION);
        }

        @Test
        void aStoppedTextOnlyMedicine_doesNotAlert() {
            UnifiedRecord record = reconcile(statement(GP, "t")
                    .text("Senna 7.5mg tablets")
                    .status("stopped")
                    .build());

            assertNone(evaluate(record), AlertType.UNMAPPED_MEDICATION);
        }

        @Test
        void aMappedMedicine_doesNotAlert() {
            assertNone(
                    evaluate(reconcile(
                            statement(GP, "a").dmd(APIXABAN_5MG_TABLETS).build())),
                    AlertType.UNMAPPED_MEDICATION);
        }
    }

    @Nested
    class Evaluation {

        @Test
        void theSameInputs_giveTheSameAlerts_inAFixedOrder() {
            SourceRecord[] records = {
                statement(GP, "a").dmd(SERTRALINE_50MG_TABLETS).build(),
                statement(MENTAL_HEALTH, "b").dmd(CITALOPRAM_20MG_TABLETS).build(),
                statement(GP, "c").dmd(AMITRIPTYLINE_10MG_TABLETS).build(),
                statement(GP, "d").dmd(CO_CARELDOPA_25_100_TABLETS).build(),
                statement(GP, "e").text("Something unmapped").build()
            };
            Admission admitted = admission(encounter(ACUTE, "enc", "IMP", "in-progress", "2026-11-01T08:00:00Z"));

            List<Alert> first = rules.evaluate(reconcile(records), admitted, Optional.empty(), AT)
                    .alerts();
            SourceRecord[] reversed = {records[4], records[3], records[2], records[1], records[0]};
            List<Alert> second = rules.evaluate(reconcile(reversed), admitted, Optional.empty(), AT)
                    .alerts();

            assertEquals(first, second);
            assertEquals(
                    List.of(
                            AlertType.CRITICAL_MEDICINE_OMISSION,
                            AlertType.ACB_HIGH,
                            AlertType.THERAPEUTIC_DUPLICATION,
                            AlertType.UNMAPPED_MEDICATION),
                    first.stream().map(Alert::type).toList());
        }
    }
}
