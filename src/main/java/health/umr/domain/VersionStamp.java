package health.umr.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * Orders versions of one source record. The source's own clock decides first
 * ({@code meta.lastUpdated}, then a numeric {@code meta.versionId}); only where a source
 * sends neither does arrival order (the inbound log sequence) decide. So feeds that stamp
 * their resources give the same record in any arrival order, and a rebuild, which replays
 * the log in its order, always gives the same record.
 */
public record VersionStamp(Instant lastUpdated, Long versionNumber, long receivedSequence) {

    public static final Comparator<VersionStamp> ORDER = Comparator.comparing(
                    VersionStamp::lastUpdated, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(VersionStamp::versionNumber, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(VersionStamp::receivedSequence);

    public boolean isNewerThan(VersionStamp other) {
        return ORDER.compare(this, other) > 0;
    }

    public static Long parseVersionNumber(String versionId) {
        if (versionId == null
                || versionId.isEmpty()
                || versionId.length() > 18
                || !versionId.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(versionId);
    }
}
