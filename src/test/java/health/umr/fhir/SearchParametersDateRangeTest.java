package health.umr.fhir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A partial date's prefix bounds the whole period it names: ge2026 reaches back to the start of 2026
 * and le2026 on to its end. HAPI's DateRangeParam(DateParam) put them at the wrong ends (ge2026 from
 * 30 December, le2026 to 2 January), so an AuditEvent search by year found next to nothing.
 * HAPI keeps up to 14 hours either side for dates without a zone; the bounds are checked with that.
 */
class SearchParametersDateRangeTest {

    private static final Instant START_OF_2026 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant END_OF_2026 = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void geAYear_startsAtTheYearsStart() {
        Instant[] range = SearchParameters.dateRange("date", "ge2026");

        assertTrue(!range[0].isAfter(START_OF_2026), "from " + range[0]);
        assertTrue(range[0].isAfter(START_OF_2026.minusSeconds(15 * 3600)), "from " + range[0]);
        assertNull(range[1]);
    }

    @Test
    void leAYear_endsAtTheYearsEnd() {
        Instant[] range = SearchParameters.dateRange("date", "le2026");

        assertNull(range[0]);
        assertTrue(!range[1].isBefore(END_OF_2026), "to " + range[1]);
        assertTrue(range[1].isBefore(END_OF_2026.plusSeconds(15 * 3600)), "to " + range[1]);
    }

    @Test
    void geAMonth_startsAtTheMonthsStart() {
        Instant[] range = SearchParameters.dateRange("date", "ge2026-12");

        assertTrue(!range[0].isAfter(Instant.parse("2026-12-01T00:00:00Z")), "from " + range[0]);
        assertTrue(range[0].isAfter(Instant.parse("2026-11-30T09:00:00Z")), "from " + range[0]);
    }

    @Test
    void anInstant_isExact() {
        Instant[] from = SearchParameters.dateRange("date", "ge2026-12-03T10:00:00Z");
        Instant[] to = SearchParameters.dateRange("date", "lt2026-12-03T10:00:00Z");

        assertTrue(from[0].equals(Instant.parse("2026-12-03T10:00:00Z")), "from " + from[0]);
        assertTrue(to[1].equals(Instant.parse("2026-12-03T10:00:00Z")), "to " + to[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ne2026", "ap2026-12-03", "ne2026-12-03T10:00:00Z"})
    void neAndAp_areRefused_namingThePrefixesServed(String value) {
        InvalidInputException refused =
                assertThrows(InvalidInputException.class, () -> SearchParameters.dateRange("date", value));

        assertEquals(ErrorCode.INVALID_PARAMETER, refused.code());
        assertTrue(refused.getMessage().contains("eq (or none), gt, ge, lt or le"), refused.getMessage());
    }

    @Test
    void saAndEb_overAnInstant_areGtAndLt() {
        assertArrayEquals(
                SearchParameters.dateRange("date", "gt2026-12-03T10:00:00Z"),
                SearchParameters.dateRange("date", "sa2026-12-03T10:00:00Z"));
        assertArrayEquals(
                SearchParameters.dateRange("date", "lt2026-12-03T10:00:00Z"),
                SearchParameters.dateRange("date", "eb2026-12-03T10:00:00Z"));
    }
}
