package health.umr.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.domain.ReferenceTime;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Freshness' window arithmetic without a ZonedDateTime gives the instants the ZonedDateTime in UTC gave
 * (the cut-off a year back, a confirmation's "recent until" a year on): month ends, 29 February, any nanos.
 */
class FreshnessWindowTest {

    @Property(tries = 2000)
    void sameInstantsAsAZonedDateTimeInUtc(
            @ForAll @LongRange(min = -2_000_000_000L, max = 8_000_000_000L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        assertEquals(
                instant.atZone(ZoneOffset.UTC).minus(Freshness.WINDOW).toInstant(),
                Freshness.cutoff(ReferenceTime.at(instant)));
        assertEquals(instant.atZone(ZoneOffset.UTC).plus(Freshness.WINDOW).toInstant(), Freshness.recentUntil(instant));
    }

    @Example
    void monthEndsAndLeapDays() {
        for (String text : new String[] {
            "2024-02-29T23:59:59.999999999Z", "2025-02-28T00:00:00Z", "2024-03-31T12:00:00Z", "2023-12-31T23:59:59Z"
        }) {
            sameInstantsAsAZonedDateTimeInUtc(
                    Instant.parse(text).getEpochSecond(), Instant.parse(text).getNano());
        }
    }
}
