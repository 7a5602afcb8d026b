package health.umr.alerts;

import static health.umr.alerts.AlertFixtures.GP;
import static health.umr.alerts.AlertFixtures.MENTAL_HEALTH;
import static health.umr.alerts.AlertFixtures.SODIUM_VALPROATE;
import static health.umr.alerts.AlertFixtures.SODIUM_VALPROATE_200MG_GR_TABLETS;
import static health.umr.alerts.AlertFixtures.facts;
import static health.umr.alerts.AlertFixtures.reconcile;
import static health.umr.alerts.AlertFixtures.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.Gender;
import health.umr.domain.PatientFacts;
import health.umr.domain.ReferenceTime;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code valproate-pregnancy-prevention} (MHRA 2018, 2024, 2025) over reconciled records with the
 * shipped lists: the age band is taken on the reference date ("today"), never at the newest record's date.
 */
class ValproateRuleTest {

    /** Today for these tests: 1 December 2026. The records are dated 1 November 2026 (a month earlier). */
    private static final ReferenceTime TODAY = ReferenceTime.at(Instant.parse("2026-12-01T10:00:00Z"));

    private final ValproateRule rule = new ValproateRule(AlertFixtures.lists());
    private final SourceRecord valproate =
            statement(GP, "v").dmd(SODIUM_VALPROATE_200MG_GR_TABLETS).build();

    private List<Alert> alerts(Optional<PatientFacts> facts, SourceRecord... records) {
        return rule.evaluate(new RuleInput(reconcile(records), Admission.NOT_ADMITTED, facts, TODAY, List.of()));
    }

    @ParameterizedTest(name = "{0} born {1}: {2}")
    @CsvSource({
        // the pregnancy prevention programme: female, or sex unknown or other, aged 12 to 54 today
        "FEMALE,  1996-06-01, high",
        "UNKNOWN, 1996-06-01, high",
        "OTHER,   1996-06-01, high",
        "FEMALE,  2014-12-01, high", // 12 today
        "FEMALE,  1971-12-02, high", // 54, 55 tomorrow
        // a male under 55: the 2024 counselling
        "MALE,    1996-06-01, moderate",
        "MALE,    2015-06-01, moderate", // a boy of 11
        "MALE,    1971-12-02, moderate", // 54
        // nothing
        "FEMALE,  2014-12-02, none", // 12 tomorrow
        "FEMALE,  1971-12-01, none", // 55 today
        "FEMALE,  1950-01-01, none",
        "OTHER,   1950-01-01, none",
        "MALE,    1971-12-01, none", // 55 today
    })
    void theAgeBandIsTakenToday(Gender gender, String birthDate, String expected) {
        List<Alert> found = alerts(facts(gender, birthDate), valproate);
        if (expected.equals("none")) {
            assertEquals(List.of(), found);
        } else {
            assertEquals(1, found.size());
            assertEquals(expected, found.get(0).severity().code());
        }
    }

    @Test
    void aGirlWhoTurned12SinceTheNewestRecord_isAlertedToday() {
        // 12 on 15 November 2026: 11 at the newest record's date (1 November), 12 today
        Alert alert = alerts(facts(Gender.FEMALE, "2014-11-15"), valproate).get(0);
        assertEquals(Alert.Severity.HIGH, alert.severity());
        assertTrue(alert.message().contains("aged 12"), alert.message());
    }

    @Test
    void noFactsAtAll_isTreatedAsMayBecomePregnant_high() {
        Alert alert = alerts(Optional.empty(), valproate).get(0);
        assertEquals(Alert.Severity.HIGH, alert.severity());
        assertTrue(alert.message().contains("sex is not recorded, age not recorded"), alert.message());
    }

    @Test
    void theMaleAlertIsTheCounsellingNotThePregnancyProgramme() {
        Alert alert = alerts(facts(Gender.MALE, "1990-01-01"), valproate).get(0);
        assertTrue(alert.message().contains("MHRA 2024"), alert.message());
        assertTrue(alert.message().contains("contraception"), alert.message());
        assertTrue(alert.message().contains("two specialists"), alert.message());
        assertFalse(alert.message().contains("Pregnancy Prevention Programme"), alert.message());
    }

    @Test
    void mustNotAlert_stoppedValproate() {
        SourceRecord stopped = statement(GP, "v")
                .dmd(SODIUM_VALPROATE_200MG_GR_TABLETS)
                .status("stopped")
                .build();
        assertEquals(List.of(), alerts(facts(Gender.FEMALE, "1996-06-01"), stopped));
    }

    @Test
    void aTextOnlyEpilimChrono_alertsAtFullSeverity_markedMatchedByName_andIsNeverMergedByName() {
        SourceRecord text =
                statement(MENTAL_HEALTH, "e").text("Epilim Chrono 500mg").build();
        UnifiedRecord record = reconcile(text, valproate);

        List<Alert> found = rule.evaluate(
                new RuleInput(record, Admission.NOT_ADMITTED, facts(Gender.FEMALE, "1996-06-01"), TODAY, List.of()));

        assertEquals(1, found.size());
        assertEquals(Alert.Severity.HIGH, found.get(0).severity());
        assertTrue(found.get(0).matchedByName());
        assertTrue(
                found.get(0).message().startsWith("Matched by name, confirm:"),
                found.get(0).message());
        assertEquals(2, found.get(0).itemIds().size(), "the text-only record is an item of its own");
        assertEquals(2, record.items().size());
        assertEquals(1, record.itemsOfVtm(SODIUM_VALPROATE).size());
        assertTrue(found.get(0).referenceVersions().contains("medicine-names.csv"));
    }

    @Test
    void mustNotAlert_aTextOnlyMedicineThatIsNotValproate() {
        assertEquals(
                List.of(),
                alerts(
                        facts(Gender.FEMALE, "1996-06-01"),
                        statement(GP, "x").text("Levothyroxine 50 micrograms").build()));
    }

    @Test
    void aValproateRecordNotRecentlyConfirmed_stillAlerts_andSaysSo() {
        SourceRecord old = statement(GP, "v")
                .dmd(SODIUM_VALPROATE_200MG_GR_TABLETS)
                .asserted("2022-01-10")
                .updated("2022-01-10T10:00:00Z")
                .build();
        Alert alert = alerts(facts(Gender.FEMALE, "1996-06-01"), old).get(0);
        assertTrue(alert.message().contains("not recently confirmed"), alert.message());
    }

    @Test
    void theAlertIdIsTheSameWhateverTheSeverity() {
        String female =
                alerts(facts(Gender.FEMALE, "1996-06-01"), valproate).get(0).id();
        String male = alerts(facts(Gender.MALE, "1996-06-01"), valproate).get(0).id();
        assertEquals(female, male);
    }
}
