package health.umr.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One source's contribution to a unified item: one medicine as that source records it. A chain
 * of linked records counts once (a GP Connect MedicationStatement, its {@code plan} and the
 * {@code order} issues based on that plan; an EPS {@code original-order} and its
 * {@code instance-order}s); its fields are those of the chain's lead record (the statement, else
 * the plan, else the original order, else the order), and {@link #records()} lists every record
 * of the chain.
 *
 * @param sourceId       the source's id
 * @param setting        the source's setting, or null if the source is not registered
 * @param resourceType   MedicationStatement or MedicationRequest (of the lead record)
 * @param key            the lead record's key
 * @param resourceId     the lead record's resource id as sent, or null
 * @param status         the lead record's status as sent
 * @param intent         the lead record's intent (requests only)
 * @param category       the lead record's category code, if any
 * @param medication     the coding as sent that the medicine was resolved from; for an unmapped
 *                       medicine the lead record's first coding; null when text only
 * @param medicationText the medicine's text as sent, if any
 * @param dmdCode        the current dm+d id the medicine resolved to, or null when unmapped
 * @param dosage         the lead record's dosage as sent
 * @param dosageText     the dosage text as sent, else worded from its structure, else null
 * @param dailyDose      the daily dose worked out from a structured dosage (e.g. "20 mg a day"), or null
 * @param lastUpdated    the newest meta.lastUpdated in the chain, or null
 * @param lastIssued     the authoredOn (as sent) of the chain's newest order-type request (order,
 *                       original-order, instance-order, reflex-order, filler-order), or null
 * @param inpatientOrder true when a MedicationRequest of the chain has category {@code inpatient}
 *                       and the source's setting admits patients (acute, mental health)
 * @param current        false when this is a completed or stopped course that ended before the
 *                       record's current window
 * @param records        every record of the chain, sorted by key
 * @param routes         the route codes (SNOMED) of the medicine as the source gives it: the dosage's
 *                       route, else the VMP's dm+d routes; empty when unknown
 * @param form           the VMP's dm+d dose form name, or null
 * @param strength       the VMP's strength, e.g. "10 unit/1 ml" or "25 mg + 100 mg", or null
 * @param orderedAt      for an inpatient order: the newest authoredOn (as sent) of its inpatient
 *                       requests, or null
 * @param lastConfirmed  the newest date in the chain that shows the source still holds the medicine:
 *                       meta.lastUpdated, dateAsserted, effective start / authoredOn, the last issue;
 *                       null when no record carries a date
 * @param statusReason   why the lead record's source stopped, held or did not give it, or null
 * @param indication     what the source says the medicine is for (the lead record's reasonCode or
 *                       reasonReference, else the newest in the chain), or null
 */
public record ItemSource(
        String sourceId,
        SourceSetting setting,
        String resourceType,
        RecordKey key,
        String resourceId,
        String status,
        String intent,
        String category,
        Coding medication,
        String medicationText,
        String dmdCode,
        Dosage dosage,
        String dosageText,
        String dailyDose,
        Instant lastUpdated,
        String lastIssued,
        boolean inpatientOrder,
        boolean current,
        List<ContributingRecord> records,
        List<String> routes,
        String form,
        String strength,
        String orderedAt,
        Instant lastConfirmed,
        String statusReason,
        String indication) {

    public ItemSource {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dosage, "dosage");
        records = List.copyOf(records);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** The lead record's status in MedicationStatement words. */
    public MedicationStatus medicationStatus() {
        return MedicationStatus.ofSourceStatus(status);
    }

    /** True when this contribution is current and says the medicine is being taken. */
    public boolean isActive() {
        return current && medicationStatus().isActive();
    }

    void appendTo(CanonicalText out) {
        out.open("source")
                .field("sourceId", sourceId)
                .field("setting", setting)
                .field("resourceType", resourceType)
                .field("key", key)
                .field("resourceId", resourceId)
                .field("status", status)
                .field("intent", intent)
                .field("category", category)
                .field("medication", medication)
                .field("medicationText", medicationText)
                .field("dmdCode", dmdCode)
                .field("dosage", dosage)
                .field("dosageText", dosageText)
                .field("dailyDose", dailyDose)
                .field("lastUpdated", lastUpdated)
                .field("lastIssued", lastIssued)
                .field("inpatientOrder", inpatientOrder)
                .field("current", current)
                .field("routes", String.join(",", routes))
                .field("form", form)
                .field("strength", strength)
                .field("orderedAt", orderedAt)
                .field("lastConfirmed", lastConfirmed)
                .field("statusReason", statusReason);
        if (indication != null) {
            out.field("indication", indication);
        }
        for (ContributingRecord record : records) {
            record.appendTo(out);
        }
        out.close();
    }
}
