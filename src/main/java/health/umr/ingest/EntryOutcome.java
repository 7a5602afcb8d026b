package health.umr.ingest;

import health.umr.domain.InvalidInputException;

/** What became of one entry. {@code logicalId} and {@code version} are set for stored records. */
public record EntryOutcome(
        int index, String resourceType, Result result, String logicalId, int version, InvalidInputException refusal) {

    public enum Result {
        CREATED,
        UPDATED,
        UNCHANGED,
        REFUSED,
        CONTEXT
    }

    public boolean taken() {
        return result == Result.CREATED || result == Result.UPDATED || result == Result.UNCHANGED;
    }
}
