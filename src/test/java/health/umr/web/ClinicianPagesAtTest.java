package health.umr.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import health.umr.domain.InvalidInputException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The page's ?at= is refused as bad input beyond the year 9999 (it had reached the database: a 500). */
class ClinicianPagesAtTest {

    @Test
    void anInstantBeyondTheYear9999_isRefused() {
        InvalidInputException refused =
                assertThrows(InvalidInputException.class, () -> ClinicianPages.instant("+999999999-12-31T23:59:59Z"));

        assertEquals("UMR-0015", refused.code().code());
    }

    @Test
    void aLocalTimeBeyondTheYear9999_isRefused() {
        assertThrows(InvalidInputException.class, () -> ClinicianPages.instant("+999999999-12-31T23:59:59"));
    }

    @Test
    void anInstantAndALocalTime_stillRead() {
        assertEquals(
                Optional.of(Instant.parse("9999-12-31T23:59:59Z")), ClinicianPages.instant("9999-12-31T23:59:59Z"));
        assertEquals(Optional.of(Instant.parse("2026-07-01T09:00:00Z")), ClinicianPages.instant("2026-07-01T10:00"));
    }
}
