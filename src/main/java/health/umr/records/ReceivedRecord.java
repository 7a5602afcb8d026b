package health.umr.records;

import health.umr.store.StoredResource;
import java.time.Instant;

/** A source record as received, with the id and version UMR serves it under. */
public record ReceivedRecord(
        String resourceType, String logicalId, int version, Instant storedAt, String sourceId, String resourceJson) {

    /** The store's row as the services give it out (the store's types never leave the services). */
    static ReceivedRecord of(StoredResource stored) {
        return new ReceivedRecord(
                stored.resourceType(),
                stored.logicalId(),
                stored.version(),
                stored.storedAt(),
                stored.sourceId(),
                stored.resourceJson());
    }
}
