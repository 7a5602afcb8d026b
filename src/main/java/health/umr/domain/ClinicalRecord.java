package health.umr.domain;

/** What one source asserts about one patient: a medicines record or an encounter. */
public sealed interface ClinicalRecord permits SourceRecord, EncounterRecord {

    RecordKey key();

    /** The resource's own id as sent, if any. */
    String resourceId();

    NhsNumber nhsNumber();

    String status();

    VersionStamp version();
}
