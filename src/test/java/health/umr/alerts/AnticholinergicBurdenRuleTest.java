package health.umr.alerts;

import static health.umr.alerts.AlertFixtures.AMITRIPTYLINE_10MG_TABLETS;
import static health.umr.alerts.AlertFixtures.AT;
import static health.umr.alerts.AlertFixtures.ATROPINE_EYE_DROPS;
import static health.umr.alerts.AlertFixtures.CO_CODAMOL;
import static health.umr.alerts.AlertFixtures.GP;
import static health.umr.alerts.AlertFixtures.MENTAL_HEALTH;
import static health.umr.alerts.AlertFixtures.MEPYRAMINE_CREAM;
import static health.umr.alerts.AlertFixtures.OXYBUTYNIN_5MG_TABLETS;
import static health.umr.alerts.AlertFixtures.SERTRALINE_50MG_TABLETS;
import static health.umr.alerts.AlertFixtures.facts;
import static health.umr.alerts.AlertFixtures.reconcile;
import static health.umr.alerts.AlertFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.Gender;
import health.umr.domain.PatientFacts;
import health.umr.domain.SourceRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code acb-high}: route matters (eye drops and creams carry no systemic burden), the higher score is
 * kept where the scales disagree (co-codamol), stale records do not count, and the severity is lower
 * under 65.
 */
class AnticholinergicBurdenRuleTest {

    private final AnticholinergicBurdenRule rule = new AnticholinergicBurdenRule(AlertFixtures.lists());

    private List<Alert> alerts(Optional<PatientFacts> facts, SourceRecord... records) {
        return rule.evaluate(new RuleInput(reconcile(records), Admission.NOT_ADMITTED, facts, AT, List.of()));
    }

    private List<Alert> alerts(SourceRecord... records) {
        return alerts(facts(Gender.FEMALE, "1940-01-01"), records);
    }

    @Test
    void mustNotAlert_atropineEyeDropsAndMepyramineCream_carryNoSystemicBurden() {
        // atropine 3 + mepyramine 3 would be 6 by VTM; as eye drops and a cream they score nothing
        assertEquals(
                List.of(),
                alerts(
                        statement(GP, "a").dmd(ATROPINE_EYE_DROPS).build(),
                        statement(GP, "m").dmd(MEPYRAMINE_CREAM).build()));
        assertEquals(
                0,
                new ClinicalAlerts(AlertFixtures.lists())
                        .acbScore(reconcile(statement(GP, "a")
                                        .dmd(ATROPINE_EYE_DROPS)
                                        .build())
                                .items()
                                .get(0)));
    }

    @Test
    void atropineEyeDrops_withAmitriptyline_areNotCounted_andTheAlertSaysSo() {
        List<Alert> found = alerts(
                statement(GP, "a").dmd(ATROPINE_EYE_DROPS).build(),
                statement(MENTAL_HEALTH, "t").dmd(AMITRIPTYLINE_10MG_TABLETS).build());
        assertEquals(1, found.size());
        assertTrue(
                found.get(0).message().startsWith("Anticholinergic burden 3 ("),
                found.get(0).message());
        assertTrue(
                found.get(0).message().contains("Not counted: Atropine 1% eye drops (a local product"),
                found.get(0).message());
    }

    @Test
    void coCodamolScoresTheHigherOfTheTwoScales_soWithSertralineItReachesThree() {
        // co-codamol: ACB scale 2, ACB calculator 1: 2 is kept; sertraline 1
        List<Alert> found = alerts(
                statement(GP, "c").dmd(CO_CODAMOL).build(),
                statement(GP, "s").dmd(SERTRALINE_50MG_TABLETS).build());
        assertEquals(1, found.size());
        assertTrue(
                found.get(0).message().contains("Anticholinergic burden 3"),
                found.get(0).message());
    }

    @Test
    void theSeverityIsModerateFrom65OrUnknownAge_andLowUnder65() {
        SourceRecord oxybutynin = statement(GP, "o").dmd(OXYBUTYNIN_5MG_TABLETS).build();
        assertEquals(
                Alert.Severity.MODERATE,
                alerts(facts(Gender.MALE, "1950-01-01"), oxybutynin).get(0).severity());
        assertEquals(
                Alert.Severity.MODERATE,
                alerts(Optional.empty(), oxybutynin).get(0).severity());
        Alert younger = alerts(facts(Gender.MALE, "1990-01-01"), oxybutynin).get(0);
        assertEquals(Alert.Severity.LOW, younger.severity());
        assertTrue(younger.message().contains("Lower severity under 65"), younger.message());
    }

    @Test
    void mustNotAlert_aRecordNotRecentlyConfirmed() {
        SourceRecord old = statement(GP, "o")
                .dmd(OXYBUTYNIN_5MG_TABLETS)
                .asserted("2021-03-04")
                .updated("2021-03-04T10:00:00Z")
                .build();
        assertEquals(List.of(), alerts(old));
    }
}
