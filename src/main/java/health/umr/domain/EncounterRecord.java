package health.umr.domain;

/**
 * An encounter as a source sent it. An inpatient or emergency encounter from an admitting
 * setting is an admission while arrived or in progress, and a discharge once finished.
 */
public record EncounterRecord(
        RecordKey key,
        String resourceId,
        NhsNumber nhsNumber,
        String encounterClass,
        String status,
        String periodStart,
        String periodEnd,
        java.util.List<String> identifiers,
        VersionStamp version)
        implements ClinicalRecord {

    public EncounterRecord {
        identifiers = java.util.List.copyOf(identifiers);
    }

    public boolean isInpatientOrEmergency() {
        return "IMP".equals(encounterClass) || "EMER".equals(encounterClass);
    }
}
