package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dose-text reader, table-tested with the dosage texts of the bundled examples (UK Core, EPS and
 * GP Connect under src/test/resources/fhir and the shared data, quoted exactly) and common UK
 * prescribing phrases. Each row: the text, then what is read as "dose unit, times/day, as needed"
 * (DoseText#toString), or nothing.
 */
class DoseTextTest {

    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            value = {
                // UK Core examples (src/test/resources/fhir/ukcore)
                "1 drop in left eye, every 12 hours, until finished.                 | 1 drop, 2/day",
                "2 capsules 4 times a day.                                          | 2 capsule, 4/day",
                "500mg - three times a day.                                         | 500 mg, 3/day",
                "Ciprofloxacin 500mg, twice daily.                                  | 500 mg, 2/day",
                "Paracetamol 500mg, four times a day.                               | 500 mg, 4/day",
                "Take 1 capsule, 3 times a day.                                     | 1 capsule, 3/day",
                // EPS examples (src/test/resources/fhir/eps)
                "1 tablet - 3 times a day - Oral route - One tablet three times daily | 1 tablet, 3/day",
                "1 patch - every 72 hours - One every 72 hours                       | 1 patch, 0.333333/day",
                "4 times a day - Oral route - One or two, four times daily            | 1-2, 4/day",
                "twice a day - Oral route - One twice daily                          | 1, 2/day",
                "1 tablet, at NIGHT                                                  | 1 tablet, 1/day",
                "1 tablet, daily                                                     | 1 tablet, 1/day",
                "2 times a day for 10 days                                           | 2/day",
                "5 times a day - Inhalation                                          | 5/day",
                "One tablet three times daily                                        | 1 tablet, 3/day",
                "One or two, four times daily                                        | 1-2, 4/day",
                // GP Connect example (shared data, STU3)
                "TAKE ONE 3 TIMES/DAY                                                | 1, 3/day",
                "TAKE ONE DAILY                                                      | 1, 1/day",
                // the bundled GP feed (src/test/resources/fhir/gp-feed.ndjson)
                "100micrograms once daily in the morning                             | 100 microgram, 1/day",
                "20mg once daily at night                                            | 20 mg, 1/day",
                "500mg twice daily with meals                                        | 500 mg, 2/day",
                "5mg once daily                                                      | 5 mg, 1/day",
                // common phrases: the same dose in other words, ranges, as needed, weekly
                "One tablet once daily                                               | 1 tablet, 1/day",
                "1 tablet daily                                                      | 1 tablet, 1/day",
                "one at night                                                        | 1, 1/day",
                "10mg at night                                                       | 10 mg, 1/day",
                "1 tablet in the morning and 1 at night                              | 2 tablet, 1/day",
                "2 tablets in the morning; 1 tablet at night                          | 3 tablet, 1/day",
                "15mg once a week                                                    | 15 mg, 0.142857/day",
                "15mg weekly on Mondays                                              | 15 mg, 0.142857/day",
                "Methotrexate 2.5mg tablets, six tablets once a week                 | 6 tablet, 0.142857/day",
                "1-2 tablets every 4-6 hours when required                           | 1-2 tablet, 4-6/day, as needed",
                "2 puffs when required                                               | 2 puff, as needed",
                "5ml three times a day                                               | 5 ml, 3/day",
                "200mg bd                                                            | 200 mg, 2/day",
                "1 tds                                                               | 1, 3/day",
                "10 units at breakfast                                               | 10 unit, 1/day",
                "half a tablet every other day                                       | 0.5 tablet, 0.5/day",
                "Co-careldopa 25mg/100mg tablets, one four times a day               | 1, 4/day",
            })
    void reads(String text, String expected) {
        assertEquals(expected, DoseText.parse(text).map(DoseText::toString).orElse(""));
    }

    @ParameterizedTest(name = "''{0}'' gives no dose")
    @CsvSource(
            delimiter = '|',
            value = {
                "Follow directions",
                "Dosage has been decreased on advice from the hospital.",
                "As directed",
                "INSTRUCTIONS FOR PATIENT",
            })
    void readsNothingItDoesNotUnderstand(String text) {
        assertEquals(Optional.empty(), DoseText.parse(text));
    }
}
