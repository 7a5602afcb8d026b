package health.umr.records;

import java.time.Instant;
import java.util.List;

/**
 * A search over the source records as received. Null or empty criteria do not restrict.
 *
 * @param nhsNumber the patient
 * @param identifier a FHIR token: "system|value", "system|", "|value" or "value"
 * @param statuses any of these statuses
 * @param ids any of these logical ids
 * @param medicationCode a dm+d code at any level (VTM, VMP, AMP, VMPP, AMPP): records coded with it
 *     or with any code below it; a code of another system matches only itself
 * @param lastUpdatedTo exclusive
 * @param count page size
 * @param total whether to count every match (one more query)
 */
public record SearchCriteria(
        String resourceType,
        String nhsNumber,
        String identifier,
        List<String> statuses,
        List<String> ids,
        String medicationCode,
        Instant lastUpdatedFrom,
        Instant lastUpdatedTo,
        Sort sort,
        boolean descending,
        int count,
        boolean total) {

    /** The orders a search can be sorted in (FHIR _sort). */
    public enum Sort {
        /** the default: the order UMR received the records in */
        RECEIVED,
        /** _sort=_lastUpdated */
        LAST_UPDATED,
        /** _sort=_id */
        ID
    }

    /** True when the search is narrowed to one patient, identifier or id: its count is an index lookup. */
    public boolean narrow() {
        return nhsNumber != null || identifier != null || (ids != null && !ids.isEmpty());
    }
}
