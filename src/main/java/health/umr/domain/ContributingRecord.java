package health.umr.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One source record behind a unified item (what FHIR {@code derivedFrom} points at).
 *
 * @param key          the record's identity within its source
 * @param resourceType MedicationStatement or MedicationRequest
 * @param resourceId   the resource id as sent, or null
 * @param intent       the request intent (plan, order, original-order, instance-order ...), null for statements
 * @param status       the status as sent
 * @param lastUpdated  meta.lastUpdated as sent, or null
 */
public record ContributingRecord(
        RecordKey key, String resourceType, String resourceId, String intent, String status, Instant lastUpdated) {

    public ContributingRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(resourceType, "resourceType");
    }

    public static ContributingRecord of(SourceRecord record) {
        return new ContributingRecord(
                record.key(),
                record.key().kind().resourceType(),
                record.resourceId(),
                record.intent(),
                record.status(),
                record.version().lastUpdated());
    }

    void appendTo(CanonicalText out) {
        out.open("record")
                .field("key", key)
                .field("resourceType", resourceType)
                .field("resourceId", resourceId)
                .field("intent", intent)
                .field("status", status)
                .field("lastUpdated", lastUpdated)
                .close();
    }
}
