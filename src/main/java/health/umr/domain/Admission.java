package health.umr.domain;

/**
 * Whether the patient is in hospital now, by the encounters the admitting settings sent.
 *
 * @param admitted          an inpatient or emergency encounter is arrived or in progress
 * @param admittingSourceId the source that admitted them (its orders are the inpatient orders that count)
 * @param encounterKey      the encounter that says so (its record key), or null
 * @param since             its period start as sent, or null
 */
public record Admission(boolean admitted, String admittingSourceId, String encounterKey, String since) {

    public static final Admission NOT_ADMITTED = new Admission(false, null, null, null);
}
