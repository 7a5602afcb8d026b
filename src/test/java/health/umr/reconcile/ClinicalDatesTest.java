package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ClinicalDatesTest {

    @ParameterizedTest
    @CsvSource({
        "2024, 2024-01-01T00:00:00Z",
        "2024-03, 2024-03-01T00:00:00Z",
        "2024-03-05, 2024-03-05T00:00:00Z",
        "2024-03-05T10:00:00Z, 2024-03-05T10:00:00Z",
        "2024-03-05T10:00:00+01:00, 2024-03-05T09:00:00Z",
        "2024-03-05T10:00:00.250Z, 2024-03-05T10:00:00.250Z",
        "2024-03-05T10:00:00, 2024-03-05T10:00:00Z"
    })
    void parse_readsFhirDatesAndDateTimes(String text, String expected) {
        assertEquals(Instant.parse(expected), ClinicalDates.parse(text));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"yesterday", "2024-13", "24-03-05", " "})
    void parse_answersNullForWhatIsNotADate(String text) {
        assertNull(ClinicalDates.parse(text));
    }
}
