package health.umr.records;

import java.time.Instant;

/**
 * Criteria for finding source records as received; null criteria do not restrict.
 *
 * @param identifier "system|value", "|value" or "value"
 */
public record RecordCriteria(
        String resourceType,
        String nhsNumber,
        String identifier,
        String status,
        Instant lastUpdatedFrom,
        Instant lastUpdatedTo,
        int limit) {}
