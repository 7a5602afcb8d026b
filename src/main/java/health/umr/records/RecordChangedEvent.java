package health.umr.records;

/** A record-changed event waiting in the outbox: written with its record version, not yet published. */
public record RecordChangedEvent(long id, String nhsNumber, int version, String payload) {}
