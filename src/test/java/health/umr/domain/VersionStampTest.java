package health.umr.domain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionStampTest {

    private static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATE = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void theSourcesClockDecidesBeforeArrival() {
        VersionStamp stampedLateArrivedFirst = new VersionStamp(LATE, null, 1);
        VersionStamp stampedEarlyArrivedLater = new VersionStamp(EARLY, null, 2);
        assertTrue(stampedLateArrivedFirst.isNewerThan(stampedEarlyArrivedLater));
    }

    @Test
    void versionIdBreaksATieOfLastUpdated() {
        assertTrue(new VersionStamp(EARLY, 3L, 1).isNewerThan(new VersionStamp(EARLY, 2L, 9)));
    }

    @Test
    void arrivalDecidesOnlyWhereTheSourceStampsNothing() {
        assertTrue(new VersionStamp(null, null, 2).isNewerThan(new VersionStamp(null, null, 1)));
        assertFalse(new VersionStamp(null, null, 9).isNewerThan(new VersionStamp(EARLY, null, 1)));
    }

    @Test
    void parseVersionNumber_takesDigitsOnly() {
        assertNull(VersionStamp.parseVersionNumber("W/\"3\""));
        assertNull(VersionStamp.parseVersionNumber(null));
        assertTrue(VersionStamp.parseVersionNumber("42") == 42L);
    }
}
