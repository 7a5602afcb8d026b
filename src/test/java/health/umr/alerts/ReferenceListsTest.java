package health.umr.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Known clinical facts hold in the bundled reference lists (ids are 2019 dm+d VTMIDs). */
class ReferenceListsTest {

    private static final String AMITRIPTYLINE = "40589005";
    private static final String OXYBUTYNIN = "35768004";
    private static final String PARACETAMOL = "90332006";
    private static final String CO_CARELDOPA = "404830004";
    private static final String WARFARIN = "48603004";
    private static final String APIXABAN = "703906002";
    private static final String SERTRALINE = "321958004";
    private static final String CITALOPRAM = "321986007";
    private static final String OMEPRAZOLE = "25673006";
    private static final String LANSOPRAZOLE = "108666007";
    private static final String SODIUM_VALPROATE = "10049011000001109";
    private static final String VALPROIC_ACID = "13965000";

    private static ReferenceLists lists;

    @BeforeAll
    static void load() {
        lists = ReferenceLists.fromClasspath();
    }

    @Test
    void amitriptylineAndOxybutyninScoreThree() {
        assertEquals(3, lists.acbScore(AMITRIPTYLINE));
        assertEquals(3, lists.acbScore(OXYBUTYNIN));
    }

    @Test
    void anUnlistedOrMissingVtmScoresZero() {
        assertEquals(0, lists.acbScore(PARACETAMOL));
        assertEquals(0, lists.acbScore("123456"));
        assertEquals(0, lists.acbScore(null));
    }

    @Test
    void coCareldopaIsATimeCriticalParkinsonsMedicine() {
        Optional<TimeCriticalMedicine> m = lists.timeCritical(CO_CARELDOPA);
        assertTrue(m.isPresent());
        assertEquals("parkinsons", m.get().clazz());
        assertEquals("Co-careldopa", m.get().name());
        assertFalse(m.get().reason().isBlank());
        assertTrue(lists.isTimeCritical(CO_CARELDOPA));
    }

    @Test
    void everyValproateVtmIsATimeCriticalAntiepileptic() {
        assertEquals(
                "antiepileptics",
                lists.timeCritical(SODIUM_VALPROATE).orElseThrow().clazz());
        assertEquals(
                "antiepileptics",
                lists.timeCritical(VALPROIC_ACID).orElseThrow().clazz());
    }

    @Test
    void paracetamolIsNotTimeCritical() {
        assertTrue(lists.timeCritical(PARACETAMOL).isEmpty());
        assertTrue(lists.timeCritical(null).isEmpty());
    }

    @Test
    void warfarinApixabanAndTheHeparinsShareTheAnticoagulantClass_ofHighSeverity() {
        assertTrue(lists.duplicationClassesOf(WARFARIN).contains("anticoagulant"));
        assertTrue(lists.duplicationClassesOf(APIXABAN).contains("anticoagulant"));
        DuplicationClass anticoagulant = lists.duplicationClass("anticoagulant").orElseThrow();
        assertTrue(anticoagulant.contains(WARFARIN));
        assertTrue(anticoagulant.contains("108984007"), "enoxaparin");
        assertTrue(anticoagulant.contains("84812008"), "heparin");
        assertEquals(health.umr.domain.Alert.Severity.HIGH, anticoagulant.severity());
        assertTrue(anticoagulant.members().get("84812008").appliesTo().notLineFlush(), "heparin flushes are left out");
    }

    @Test
    void sertralineAndCitalopramShareTheSerotonergicClass_andMeetAnMaoiOnlyThroughItsAnchor() {
        assertEquals(Set.of("maoi", "serotonergic-antidepressant"), lists.duplicationClassesOf(SERTRALINE));
        assertEquals(Set.of("maoi", "serotonergic-antidepressant"), lists.duplicationClassesOf(CITALOPRAM));
        DuplicationClass maoi = lists.duplicationClass("maoi").orElseThrow();
        assertFalse(maoi.isDuplication(List.of(SERTRALINE, CITALOPRAM)), "two SSRIs are not an MAOI combination");
        assertTrue(maoi.isDuplication(List.of(SERTRALINE, "9500005")), "sertraline with phenelzine");
    }

    @Test
    void omeprazoleAndLansoprazoleShareThePpiClass() {
        assertEquals(Set.of("ppi"), lists.duplicationClassesOf(OMEPRAZOLE));
        assertEquals(Set.of("ppi"), lists.duplicationClassesOf(LANSOPRAZOLE));
    }

    @Test
    void aceInhibitorsAndSartansShareOneClass() {
        assertTrue(lists.duplicationClassesOf("108564000").contains("ace-inhibitor-or-arb"), "ramipril");
        assertTrue(lists.duplicationClassesOf("96309000").contains("ace-inhibitor-or-arb"), "losartan");
    }

    @Test
    void aMedicineOutsideEveryClassHasNone() {
        assertEquals(Set.of(), lists.duplicationClassesOf(PARACETAMOL));
        assertEquals(Set.of(), lists.duplicationClassesOf(null));
    }

    @Test
    void theRequiredClassesExist() {
        for (String c : new String[] {
            "anticoagulant",
            "serotonergic-antidepressant",
            "maoi",
            "tricyclic",
            "antiplatelet",
            "p2y12-inhibitor",
            "gabapentinoid",
            "ppi",
            "nsaid",
            "statin",
            "ace-inhibitor-or-arb",
            "opioid",
            "benzodiazepine-or-z-drug",
            "antipsychotic"
        }) {
            assertTrue(
                    lists.duplicationClass(c).map(d -> d.members().size() >= 2).orElse(false), c);
        }
    }

    @Test
    void eachFileCarriesAVersionAndASource() {
        assertEquals(6, lists.files().size());
        for (ReferenceFile f : lists.files()) {
            assertTrue(f.version().matches("\\d{4}-\\d{2}-\\d{2}\\.\\d+"), f.fileName() + " version " + f.version());
            assertFalse(f.sources().isEmpty(), f.fileName());
            assertFalse(f.title().isBlank(), f.fileName());
            assertTrue(f.rows() > 0, f.fileName());
            assertTrue(lists.version().contains(f.fileName() + " " + f.version()));
        }
        assertEquals(
                lists.timeCriticalMedicines().size(), lists.timeCriticalFile().rows());
        assertEquals(lists.acbScores().size(), lists.acbFile().rows());
    }
}
