package health.umr.domain;

import java.util.List;

/**
 * One medicines record as one source asserts it: a MedicationStatement or MedicationRequest,
 * normalised. The raw resource is kept beside it, so nothing the source said is lost.
 *
 * @param resourceId  the resource's own id as sent, if any
 * @param status      the FHIR status code as sent (active, stopped, completed, entered-in-error ...)
 * @param intent      MedicationRequest.intent (plan, order, original-order, instance-order ...); null for statements
 * @param category    the first category code (inpatient, outpatient, community, discharge ...), if any
 * @param effectiveStart FHIR dateTime text as sent (effective[x] start, or authoredOn for requests)
 * @param basedOn     references and identifiers of the request this record is based on ("MedicationRequest/x" or "system|value")
 * @param identifiers every business identifier as "system|value"
 * @param statusReason why the source stopped, held or did not give it (statusReason text, else its
 *                    codings' displays, else codes), or null
 * @param indication  what the source says it is for (reasonCode text, else its codings' displays, else codes;
 *                    and reasonReference displays), or null
 */
public record SourceRecord(
        RecordKey key,
        String resourceId,
        NhsNumber nhsNumber,
        MedicationCode medication,
        String status,
        String intent,
        String category,
        Dosage dosage,
        String effectiveStart,
        String effectiveEnd,
        String dateAsserted,
        List<String> basedOn,
        String groupIdentifier,
        List<String> identifiers,
        VersionStamp version,
        String statusReason,
        String indication)
        implements ClinicalRecord {

    public SourceRecord {
        basedOn = List.copyOf(basedOn);
        identifiers = List.copyOf(identifiers);
    }

    /** A record whose source gave no status reason. */
    public SourceRecord(
            RecordKey key,
            String resourceId,
            NhsNumber nhsNumber,
            MedicationCode medication,
            String status,
            String intent,
            String category,
            Dosage dosage,
            String effectiveStart,
            String effectiveEnd,
            String dateAsserted,
            List<String> basedOn,
            String groupIdentifier,
            List<String> identifiers,
            VersionStamp version) {
        this(
                key,
                resourceId,
                nhsNumber,
                medication,
                status,
                intent,
                category,
                dosage,
                effectiveStart,
                effectiveEnd,
                dateAsserted,
                basedOn,
                groupIdentifier,
                identifiers,
                version,
                null,
                null);
    }

    /** The same record with a status reason. */
    public SourceRecord withStatusReason(String reason) {
        return new SourceRecord(
                key,
                resourceId,
                nhsNumber,
                medication,
                status,
                intent,
                category,
                dosage,
                effectiveStart,
                effectiveEnd,
                dateAsserted,
                basedOn,
                groupIdentifier,
                identifiers,
                version,
                reason,
                indication);
    }

    public boolean isEnteredInError() {
        return "entered-in-error".equals(status);
    }
}
