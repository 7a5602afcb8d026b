package health.umr.records;

import java.time.Instant;

/** A source record as received (its JSON), with the id and version UMR serves it under. */
public record ReceivedResource(
        String resourceType, String logicalId, int version, Instant storedAt, String sourceId, String resourceJson) {}
