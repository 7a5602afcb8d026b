package health.umr.records;

import java.time.Instant;

/** A source record as received, with the id and version UMR serves it under. */
public record ReceivedRecord(
        String resourceType, String logicalId, int version, Instant storedAt, String sourceId, String resourceJson) {}
