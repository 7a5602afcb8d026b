package health.umr.alerts;

import static health.umr.alerts.AlertFixtures.ACUTE;
import static health.umr.alerts.AlertFixtures.AMITRIPTYLINE_10MG_TABLETS;
import static health.umr.alerts.AlertFixtures.APIXABAN;
import static health.umr.alerts.AlertFixtures.APIXABAN_5MG_TABLETS;
import static health.umr.alerts.AlertFixtures.CITALOPRAM_20MG_TABLETS;
import static health.umr.alerts.AlertFixtures.CO_CARELDOPA_25_100_TABLETS;
import static health.umr.alerts.AlertFixtures.GABAPENTIN;
import static health.umr.alerts.AlertFixtures.GP;
import static health.umr.alerts.AlertFixtures.INSULIN_GLARGINE;
import static health.umr.alerts.AlertFixtures.LEVODOPA;
import static health.umr.alerts.AlertFixtures.MENTAL_HEALTH;
import static health.umr.alerts.AlertFixtures.OMEPRAZOLE_20MG_CAPSULES;
import static health.umr.alerts.AlertFixtures.OXYBUTYNIN_5MG_TABLETS;
import static health.umr.alerts.AlertFixtures.RIVAROXABAN;
import static health.umr.alerts.AlertFixtures.RIVAROXABAN_20MG_TABLETS;
import static health.umr.alerts.AlertFixtures.ROPINIROLE;
import static health.umr.alerts.AlertFixtures.SERTRALINE_50MG_TABLETS;
import static health.umr.alerts.AlertFixtures.SODIUM_VALPROATE;
import static health.umr.alerts.AlertFixtures.SODIUM_VALPROATE_200MG_GR_TABLETS;
import static health.umr.alerts.AlertFixtures.admission;
import static health.umr.alerts.AlertFixtures.encounter;
import static health.umr.alerts.AlertFixtures.facts;
import static health.umr.alerts.AlertFixtures.reconcile;
import static health.umr.alerts.AlertFixtures.request;
import static health.umr.alerts.AlertFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.dmd.Dmd;
import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.Coding;
import health.umr.domain.Gender;
import health.umr.domain.MedicationCode;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Draft orders checked against unified records made by the real Reconciler, on a real dm+d and
 * the shipped reference lists: each finding has cases that must be found and cases that must not.
 */
class DraftOrderCheckTest {

    /** "Today" for these checks: 30 November 2026, 10:00 UTC. */
    private static final ReferenceTime TODAY = ReferenceTime.at(Instant.parse("2026-11-30T10:00:00Z"));

    private final ClinicalAlerts rules = new ClinicalAlerts(AlertFixtures.lists());
    private final DraftOrderCheck check = new DraftOrderCheck(rules);

    private PatientRecord record(Admission admission, SourceRecord... records) {
        UnifiedRecord unified = reconcile(records);
        ClinicalAlerts.Evaluation evaluation = rules.evaluate(unified, admission, Optional.empty(), TODAY);
        return new PatientRecord(
                unified, admission, evaluation.alerts(), evaluation.acbScore(), evaluation.notes(), Map.of(), null);
    }

    private PatientRecord record(SourceRecord... records) {
        return record(Admission.NOT_ADMITTED, records);
    }

    private static DraftOrder draft(String id, String dmdCode) {
        return DraftOrder.resolve(
                "MedicationRequest/" + id,
                new MedicationCode(List.of(new Coding(Dmd.DMD_SYSTEM, dmdCode, null)), null),
                AlertFixtures.dmd());
    }

    private List<OrderFinding> checkAll(PatientRecord record, Optional<PatientFacts> facts, DraftOrder... drafts) {
        return check.check(record, facts, TODAY, List.of(drafts), List.of(drafts));
    }

    private static <T extends OrderFinding> List<T> ofKind(List<OrderFinding> findings, Class<T> kind) {
        return findings.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static SourceRecord gp(String id, String code) {
        return statement(GP, id).dmd(code).dosageText("as directed").build();
    }

    @Test
    void aDraftIsResolvedThroughDmd_toItsCurrentVtmAndVmp() {
        DraftOrder order = draft("a", APIXABAN_5MG_TABLETS);

        assertEquals(APIXABAN, order.vtm());
        assertEquals(APIXABAN_5MG_TABLETS, order.vmp());
        assertEquals("Apixaban", order.vtmName());
        assertEquals("Apixaban 5mg tablets", order.name());
    }

    @Nested
    class Duplication {

        @Test
        void rivaroxabanOrderedWhileTheGpHasApixaban_isASameClassDuplication_namingTheGp() {
            List<OrderFinding> findings = checkAll(
                    record(gp("s1", APIXABAN_5MG_TABLETS)), Optional.empty(), draft("d1", RIVAROXABAN_20MG_TABLETS));

            List<OrderFinding.SameClass> same = ofKind(findings, OrderFinding.SameClass.class);
            assertEquals(1, same.size(), findings::toString);
            assertEquals("anticoagulant", same.get(0).duplicationClass().id());
            assertEquals(APIXABAN, same.get(0).item().vtmCode().orElseThrow());
            assertEquals(List.of("gp-a"), same.get(0).sourceIds());
            assertEquals(RIVAROXABAN, same.get(0).order().vtm());
        }

        @Test
        void theSameMedicineTheGpAndMentalHealthHold_isAlreadyTaken_namingBoth_notASameClassDuplication() {
            PatientRecord record = record(
                    gp("s1", SERTRALINE_50MG_TABLETS),
                    statement(MENTAL_HEALTH, "s2").dmd(SERTRALINE_50MG_TABLETS).build());

            List<OrderFinding> findings = checkAll(record, Optional.empty(), draft("d1", SERTRALINE_50MG_TABLETS));

            List<OrderFinding.AlreadyTaken> taken = ofKind(findings, OrderFinding.AlreadyTaken.class);
            assertEquals(1, taken.size(), findings::toString);
            assertEquals(List.of("gp-a", "mh-c"), taken.get(0).sourceIds());
            assertFalse(taken.get(0).continuesOnAdmission());
            assertEquals(List.of(), ofKind(findings, OrderFinding.SameClass.class));
        }

        @Test
        void onAdmission_anOrderContinuingTheGpsMedicine_isInformation_notAWarning() {
            Admission admitted = admission(encounter(ACUTE, "e", "IMP", "in-progress", "2026-11-01T08:00:00Z"));

            List<OrderFinding> findings = checkAll(
                    record(admitted, gp("s1", SERTRALINE_50MG_TABLETS)),
                    Optional.empty(),
                    draft("d1", SERTRALINE_50MG_TABLETS));

            assertTrue(ofKind(findings, OrderFinding.AlreadyTaken.class).get(0).continuesOnAdmission());
        }

        @Test
        void aStoppedMedicine_orAnotherClass_isNoDuplication() {
            PatientRecord record = record(
                    statement(GP, "s1")
                            .dmd(APIXABAN_5MG_TABLETS)
                            .status("stopped")
                            .build(),
                    gp("s2", OMEPRAZOLE_20MG_CAPSULES));

            List<OrderFinding> findings = checkAll(
                    record,
                    Optional.empty(),
                    draft("d1", RIVAROXABAN_20MG_TABLETS),
                    draft("d2", SERTRALINE_50MG_TABLETS));

            assertEquals(List.of(), findings);
        }

        @Test
        void twoAnticoagulantsInOneCall_areOneDuplicationAmongTheOrders_reportedOnce() {
            DraftOrder apixaban = draft("d1", APIXABAN_5MG_TABLETS);
            DraftOrder rivaroxaban = draft("d2", RIVAROXABAN_20MG_TABLETS);

            List<OrderFinding.DuplicateInOrders> found = ofKind(
                    checkAll(record(gp("s1", OMEPRAZOLE_20MG_CAPSULES)), Optional.empty(), apixaban, rivaroxaban),
                    OrderFinding.DuplicateInOrders.class);

            assertEquals(1, found.size(), found::toString);
            assertEquals("anticoagulant", found.get(0).duplicationClass().id());
            assertEquals(
                    List.of("MedicationRequest/d1", "MedicationRequest/d2"),
                    List.of(
                            found.get(0).order().reference(),
                            found.get(0).other().reference()));
        }

        @Test
        void theSameMedicineOrderedTwice_isADuplicateOrder_withNoClass() {
            List<OrderFinding.DuplicateInOrders> found = ofKind(
                    checkAll(
                            record(gp("s1", OMEPRAZOLE_20MG_CAPSULES)),
                            Optional.empty(),
                            draft("d1", SERTRALINE_50MG_TABLETS),
                            draft("d2", SERTRALINE_50MG_TABLETS)),
                    OrderFinding.DuplicateInOrders.class);

            assertEquals(1, found.size(), found::toString);
            assertEquals(null, found.get(0).duplicationClass());
        }

        @Test
        void orderSelect_theSelectedDraftIsComparedWithTheUnselectedOnes() {
            DraftOrder selected = draft("d1", APIXABAN_5MG_TABLETS);
            DraftOrder other = draft("d2", RIVAROXABAN_20MG_TABLETS);

            List<OrderFinding> findings = check.check(
                    record(gp("s1", OMEPRAZOLE_20MG_CAPSULES)),
                    Optional.empty(),
                    TODAY,
                    List.of(selected),
                    List.of(other, selected));

            assertEquals(
                    1, ofKind(findings, OrderFinding.DuplicateInOrders.class).size(), findings::toString);
        }

        @Test
        void twoSsris_sertralineOrderedOnCitalopram_isASameClassDuplication() {
            List<OrderFinding> findings = checkAll(
                    record(gp("s1", CITALOPRAM_20MG_TABLETS)), Optional.empty(), draft("d1", SERTRALINE_50MG_TABLETS));

            assertEquals(
                    "serotonergic-antidepressant",
                    ofKind(findings, OrderFinding.SameClass.class)
                            .get(0)
                            .duplicationClass()
                            .id());
        }
    }

    @Nested
    class AnticholinergicBurden {

        @Test
        void oxybutyninOnTopOfAmitriptyline_raisesTheTotalFrom3To6() {
            List<OrderFinding> findings = checkAll(
                    record(gp("s1", AMITRIPTYLINE_10MG_TABLETS)),
                    Optional.empty(),
                    draft("d1", OXYBUTYNIN_5MG_TABLETS));

            OrderFinding.AcbRise rise =
                    ofKind(findings, OrderFinding.AcbRise.class).get(0);
            assertEquals(3, rise.before());
            assertEquals(6, rise.after());
            assertEquals(
                    List.of("MedicationRequest/d1"),
                    rise.adding().stream().map(DraftOrder::reference).toList());
            assertEquals(List.of("gp-a"), rise.sourceIds());
        }

        @Test
        void amitriptylineAlone_reachesExactly3_theThreshold() {
            OrderFinding.AcbRise rise = ofKind(
                            checkAll(
                                    record(gp("s1", OMEPRAZOLE_20MG_CAPSULES)),
                                    Optional.empty(),
                                    draft("d1", AMITRIPTYLINE_10MG_TABLETS)),
                            OrderFinding.AcbRise.class)
                    .get(0);

            assertEquals(0, rise.before());
            assertEquals(3, rise.after());
        }

        @Test
        void sertralineAlone_bringsOnly1_andNoFinding() {
            assertEquals(
                    List.of(),
                    ofKind(
                            checkAll(
                                    record(gp("s1", OMEPRAZOLE_20MG_CAPSULES)),
                                    Optional.empty(),
                                    draft("d1", SERTRALINE_50MG_TABLETS)),
                            OrderFinding.AcbRise.class));
        }

        @Test
        void reorderingAMedicineAlreadyCounted_addsNothing() {
            assertEquals(
                    List.of(),
                    ofKind(
                            checkAll(
                                    record(gp("s1", AMITRIPTYLINE_10MG_TABLETS)),
                                    Optional.empty(),
                                    draft("d1", AMITRIPTYLINE_10MG_TABLETS)),
                            OrderFinding.AcbRise.class));
        }
    }

    @Nested
    class Valproate {

        private final PatientRecord record = record(gp("s1", OMEPRAZOLE_20MG_CAPSULES));
        private final DraftOrder valproate = draft("d1", SODIUM_VALPROATE_200MG_GR_TABLETS);

        private List<OrderFinding.Valproate> found(Optional<PatientFacts> facts) {
            return ofKind(checkAll(record, facts, valproate), OrderFinding.Valproate.class);
        }

        @Test
        void female30_findsThePregnancyPreventionProgramme_high() {
            assertEquals(SODIUM_VALPROATE, valproate.vtm());
            List<OrderFinding.Valproate> found = found(facts(Gender.FEMALE, "1996-05-01"));
            assertEquals(1, found.size());
            assertEquals(Alert.Severity.HIGH, found.get(0).risk().severity());
            assertEquals("female, aged 30", found.get(0).risk().label());
        }

        @Test
        void theAgeBand_is12To54_onTheOrderDate() {
            assertEquals(1, found(facts(Gender.FEMALE, "2014-11-30")).size(), "12 today");
            assertEquals(1, found(facts(Gender.FEMALE, "1971-12-01")).size(), "55 tomorrow");
            assertEquals(List.of(), found(facts(Gender.FEMALE, "2014-12-01")), "12 tomorrow");
            assertEquals(List.of(), found(facts(Gender.FEMALE, "1971-11-30")), "55 today");
        }

        @Test
        void sexUnknownOrOther_isTreatedAsMayBecomePregnant_high() {
            assertEquals(
                    Alert.Severity.HIGH,
                    found(facts(Gender.OTHER, "1996-05-01")).get(0).risk().severity());
            assertEquals(
                    Alert.Severity.HIGH,
                    found(facts(Gender.UNKNOWN, "1996-05-01")).get(0).risk().severity());
            assertEquals(
                    Alert.Severity.HIGH, found(Optional.empty()).get(0).risk().severity());
            assertEquals(
                    Alert.Severity.HIGH,
                    found(facts(Gender.FEMALE, null)).get(0).risk().severity());
        }

        @Test
        void male30_isTheModerateCounselling_male55_female60_female11_findNothing() {
            List<OrderFinding.Valproate> male = found(facts(Gender.MALE, "1996-05-01"));
            assertEquals(Alert.Severity.MODERATE, male.get(0).risk().severity());
            assertFalse(male.get(0).risk().pregnancyPrevention());
            assertEquals(List.of(), found(facts(Gender.MALE, "1971-11-30")));
            assertEquals(List.of(), found(facts(Gender.FEMALE, "1966-05-01")));
            assertEquals(List.of(), found(facts(Gender.FEMALE, "2015-05-01")));
        }
    }

    @Nested
    class CriticalOmission {

        private final Admission admitted =
                admission(encounter(ACUTE, "e", "IMP", "in-progress", "2026-11-01T08:00:00Z"));
        private final SourceRecord gpCoCareldopa = gp("s1", CO_CARELDOPA_25_100_TABLETS);

        @Test
        void admittedWithGpCoCareldopa_andDraftsForSomethingElse_findsTheOmission() {
            List<OrderFinding> findings =
                    checkAll(record(admitted, gpCoCareldopa), Optional.empty(), draft("d1", OMEPRAZOLE_20MG_CAPSULES));

            OrderFinding.CriticalOmission omission =
                    ofKind(findings, OrderFinding.CriticalOmission.class).get(0);
            assertEquals("parkinsons", omission.medicine().clazz());
            assertEquals("acute-b", omission.admittingSourceId());
            assertEquals(List.of("acute-b", "gp-a"), omission.sourceIds());
        }

        @Test
        void aDraftOfAnotherMedicineOfTheSameClass_doesNotCoverIt() {
            List<OrderFinding.CriticalOmission> found = ofKind(
                    checkAll(record(admitted, gpCoCareldopa), Optional.empty(), draft("d1", ROPINIROLE)),
                    OrderFinding.CriticalOmission.class);
            assertEquals(1, found.size());
        }

        @Test
        void aDraftOfTheSameMedicine_orOfANamedSubstitute_coversIt() {
            PatientRecord record = record(admitted, gpCoCareldopa);

            assertEquals(
                    List.of(),
                    ofKind(
                            checkAll(record, Optional.empty(), draft("d1", CO_CARELDOPA_25_100_TABLETS)),
                            OrderFinding.CriticalOmission.class));
            assertEquals(
                    List.of(),
                    ofKind(
                            checkAll(record, Optional.empty(), draft("d1", LEVODOPA)),
                            OrderFinding.CriticalOmission.class));
        }

        @Test
        void gabapentinForEpilepsy_isFound_andADraftOfGabapentinCoversIt_thoughTheDraftDoesNotSayWhatItIsFor() {
            PatientRecord record = record(
                    admitted,
                    statement(GP, "g")
                            .dmd(GABAPENTIN)
                            .dosageText("600mg twice a day")
                            .indication("Epilepsy")
                            .build());

            assertEquals(
                    1,
                    ofKind(
                                    checkAll(record, Optional.empty(), draft("d1", OMEPRAZOLE_20MG_CAPSULES)),
                                    OrderFinding.CriticalOmission.class)
                            .size());
            assertEquals(
                    List.of(),
                    ofKind(
                            checkAll(record, Optional.empty(), draft("d1", GABAPENTIN)),
                            OrderFinding.CriticalOmission.class));
        }

        @Test
        void aDraftOfAnotherTimeCriticalClass_doesNotCoverIt() {
            assertEquals(
                    1,
                    ofKind(
                                    checkAll(
                                            record(admitted, gpCoCareldopa),
                                            Optional.empty(),
                                            draft("d1", INSULIN_GLARGINE)),
                                    OrderFinding.CriticalOmission.class)
                            .size());
        }

        @Test
        void anExistingInpatientOrder_orNotAdmitted_findsNothing() {
            SourceRecord order = request(ACUTE, "o", "order")
                    .dmd(CO_CARELDOPA_25_100_TABLETS)
                    .category("inpatient")
                    .build();

            assertEquals(
                    List.of(),
                    ofKind(
                            checkAll(
                                    record(admitted, gpCoCareldopa, order),
                                    Optional.empty(),
                                    draft("d1", OMEPRAZOLE_20MG_CAPSULES)),
                            OrderFinding.CriticalOmission.class));
            assertEquals(
                    List.of(),
                    ofKind(
                            checkAll(record(gpCoCareldopa), Optional.empty(), draft("d1", OMEPRAZOLE_20MG_CAPSULES)),
                            OrderFinding.CriticalOmission.class));
        }
    }

    @Test
    void aDraftWithNoDmdCode_isReportedUnchecked() {
        DraftOrder uncoded = DraftOrder.resolve(
                "MedicationRequest/x", new MedicationCode(List.of(), "Herbal tonic"), AlertFixtures.dmd());

        List<OrderFinding> findings = checkAll(record(gp("s1", OMEPRAZOLE_20MG_CAPSULES)), Optional.empty(), uncoded);

        assertEquals(1, findings.size());
        assertEquals(
                "Herbal tonic",
                ((OrderFinding.Unchecked) findings.get(0)).order().name());
    }

    @Test
    void orderSelect_checksOnlyTheSelectedDraft_butEveryDraftCanCoverAnOmission_ofItsOwnMedicineOnly() {
        Admission admitted = admission(encounter(ACUTE, "e", "IMP", "in-progress", "2026-11-01T08:00:00Z"));
        PatientRecord record = record(admitted, gp("s1", CO_CARELDOPA_25_100_TABLETS), gp("s2", APIXABAN_5MG_TABLETS));
        DraftOrder selected = draft("d1", OMEPRAZOLE_20MG_CAPSULES);
        DraftOrder other = draft("d2", RIVAROXABAN_20MG_TABLETS);
        DraftOrder coCareldopa = draft("d3", CO_CARELDOPA_25_100_TABLETS);

        List<OrderFinding> findings =
                check.check(record, Optional.empty(), TODAY, List.of(selected), List.of(selected, other, coCareldopa));

        // co-careldopa is covered by its draft; rivaroxaban is another anticoagulant, not apixaban
        List<OrderFinding.CriticalOmission> omissions = ofKind(findings, OrderFinding.CriticalOmission.class);
        assertEquals(1, findings.size(), findings::toString);
        assertEquals(
                List.of(APIXABAN),
                omissions.stream().map(o -> o.medicine().vtmId()).toList());
    }
}
