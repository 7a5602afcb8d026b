package health.umr.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Criteria for finding source records as received, and which page of them; null or empty criteria
 * do not restrict.
 *
 * @param identifier "system|value" (exact), "system|" (any value under the system), "|value" or "value"
 *     (the value under any system)
 * @param medicationCodes codes any of the record's medication codings must carry; null: no filter
 * @param lastUpdatedTo exclusive
 * @param keyset where the page starts: after (or before) the row with this sort key and row id
 * @param limit rows wanted; the repository answers up to limit + 1, so the caller knows if there are more
 */
public record RecordSearch(
        String resourceType,
        String nhsNumber,
        String identifier,
        List<String> statuses,
        List<String> logicalIds,
        Set<String> medicationCodes,
        Instant lastUpdatedFrom,
        Instant lastUpdatedTo,
        Order order,
        boolean descending,
        Keyset keyset,
        int limit) {

    /** What the rows are sorted by; the row id breaks ties, so every order is total. */
    public enum Order {
        /** arrival: the row id */
        RECEIVED,
        /** meta.lastUpdated as served: when UMR stored the version */
        LAST_UPDATED,
        /** the logical id */
        ID
    }

    /** A position in the order: the sort key and row id of a row, and which side of it. */
    public record Keyset(boolean before, String key, long rowId) {}

    public RecordSearch withKeyset(Keyset other, int otherLimit) {
        return new RecordSearch(
                resourceType,
                nhsNumber,
                identifier,
                statuses,
                logicalIds,
                medicationCodes,
                lastUpdatedFrom,
                lastUpdatedTo,
                order,
                descending,
                other,
                otherLimit);
    }
}
