package health.umr.alerts;

import static health.umr.alerts.AlertFixtures.AMITRIPTYLINE;
import static health.umr.alerts.AlertFixtures.APIXABAN;
import static health.umr.alerts.AlertFixtures.APIXABAN_5MG_TABLETS;
import static health.umr.alerts.AlertFixtures.ASPIRIN;
import static health.umr.alerts.AlertFixtures.AT;
import static health.umr.alerts.AlertFixtures.CITALOPRAM;
import static health.umr.alerts.AlertFixtures.CITALOPRAM_20MG_TABLETS;
import static health.umr.alerts.AlertFixtures.CLOPIDOGREL;
import static health.umr.alerts.AlertFixtures.CO_CODAMOL;
import static health.umr.alerts.AlertFixtures.DIAZEPAM;
import static health.umr.alerts.AlertFixtures.ENOXAPARIN;
import static health.umr.alerts.AlertFixtures.GABAPENTIN;
import static health.umr.alerts.AlertFixtures.GP;
import static health.umr.alerts.AlertFixtures.HEPARIN_FLUSH_10_UNITS_ML;
import static health.umr.alerts.AlertFixtures.IBUPROFEN_GEL;
import static health.umr.alerts.AlertFixtures.MENTAL_HEALTH;
import static health.umr.alerts.AlertFixtures.MORPHINE;
import static health.umr.alerts.AlertFixtures.NAPROXEN_500MG_TABLETS;
import static health.umr.alerts.AlertFixtures.NORTRIPTYLINE;
import static health.umr.alerts.AlertFixtures.PHENELZINE;
import static health.umr.alerts.AlertFixtures.PREGABALIN;
import static health.umr.alerts.AlertFixtures.SERTRALINE;
import static health.umr.alerts.AlertFixtures.SERTRALINE_50MG_TABLETS;
import static health.umr.alerts.AlertFixtures.TICAGRELOR;
import static health.umr.alerts.AlertFixtures.VENLAFAXINE;
import static health.umr.alerts.AlertFixtures.ZOPICLONE;
import static health.umr.alerts.AlertFixtures.reconcile;
import static health.umr.alerts.AlertFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.SourceRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code therapeutic-duplication} with the shipped classes: the classes the issue names, each with its
 * severity, over real VTMs (2019 release) and synthetic VMPs where the product matters.
 */
class TherapeuticDuplicationRuleTest {

    private final TherapeuticDuplicationRule rule = new TherapeuticDuplicationRule(AlertFixtures.lists());

    private List<Alert> alerts(SourceRecord... records) {
        return rule.evaluate(
                new RuleInput(reconcile(records), Admission.NOT_ADMITTED, Optional.empty(), AT, List.of()));
    }

    private static SourceRecord gp(String id, String code) {
        return statement(GP, id).dmd(code).build();
    }

    private static SourceRecord mh(String id, String code) {
        return statement(MENTAL_HEALTH, id).dmd(code).build();
    }

    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource({
        "heparin with an oral anticoagulant, " + ENOXAPARIN + ", " + APIXABAN + ", high, anticoagulant",
        "two opioids,                         " + MORPHINE + ", " + CO_CODAMOL + ", high, opioid",
        "two gabapentinoids,                  " + GABAPENTIN + ", " + PREGABALIN + ", moderate, gabapentinoid",
        "SSRI with an SNRI,                   " + SERTRALINE + ", " + VENLAFAXINE
                + ", moderate, serotonergic-antidepressant",
        "two SSRIs,                           " + SERTRALINE + ", " + CITALOPRAM
                + ", moderate, serotonergic-antidepressant",
        "SSRI with an MAOI,                   " + SERTRALINE + ", " + PHENELZINE + ", high, maoi",
        "two tricyclics,                      " + AMITRIPTYLINE + ", " + NORTRIPTYLINE + ", moderate, tricyclic",
        "two P2Y12 inhibitors,                " + CLOPIDOGREL + ", " + TICAGRELOR + ", high, p2y12-inhibitor",
        "aspirin with clopidogrel,            " + ASPIRIN + ", " + CLOPIDOGREL + ", low, antiplatelet",
        "a Z-drug with a benzodiazepine,      " + ZOPICLONE + ", " + DIAZEPAM + ", moderate, benzodiazepine-or-z-drug",
    })
    void mustAlert_atTheClassesSeverity(String what, String first, String second, String severity, String classId) {
        List<Alert> found = alerts(gp("a", first), mh("b", second));
        assertEquals(1, found.size(), what + ": " + found);
        assertEquals(severity, found.get(0).severity().code(), what);
        assertEquals(
                Alert.idOf(AlertFixtures.PATIENT, found.get(0).type(), classId),
                found.get(0).id(),
                what);
        assertTrue(found.get(0).referenceVersions().startsWith("duplication-classes.csv"), what);
    }

    @Test
    void mustNotAlert_aHeparinLineFlushWithAnOralAnticoagulant() {
        assertEquals(List.of(), alerts(gp("a", APIXABAN_5MG_TABLETS), mh("f", HEPARIN_FLUSH_10_UNITS_ML)));
    }

    @Test
    void mustNotAlert_aTopicalNsaidWithAnOralOne() {
        assertEquals(List.of(), alerts(gp("a", NAPROXEN_500MG_TABLETS), mh("g", IBUPROFEN_GEL)));
    }

    @Test
    void mustNotAlert_twoSsrisAreNotAlsoAnMaoiCombination_norTwoP2y12sAlsoALowAntiplateletOne() {
        assertEquals(
                1,
                alerts(gp("a", SERTRALINE_50MG_TABLETS), mh("b", CITALOPRAM_20MG_TABLETS))
                        .size());
        assertEquals(1, alerts(gp("a", CLOPIDOGREL), mh("b", TICAGRELOR)).size());
    }

    @Test
    void mustNotAlert_aRecordNotRecentlyConfirmed() {
        SourceRecord old = statement(GP, "a")
                .dmd(APIXABAN_5MG_TABLETS)
                .asserted("2020-01-10")
                .updated("2020-01-10T10:00:00Z")
                .build();
        assertEquals(List.of(), alerts(old, mh("b", ENOXAPARIN)));
    }

    @Test
    void theIdIsTheClass_soItStaysWhenAThirdMemberJoins() {
        String two = alerts(gp("a", SERTRALINE_50MG_TABLETS), mh("b", CITALOPRAM_20MG_TABLETS))
                .get(0)
                .id();
        List<Alert> three =
                alerts(gp("a", SERTRALINE_50MG_TABLETS), mh("b", CITALOPRAM_20MG_TABLETS), gp("c", VENLAFAXINE));
        assertEquals(two, three.get(0).id());
        assertEquals(3, three.get(0).itemIds().size());
    }
}
