package health.umr.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the population reports need of one patient, derived from their current unified record and
 * kept beside it: the GP source (its ODS code is the practice), the ACB total and what makes it up,
 * the sources holding active valproate, admission, each alert with when it was raised, and what
 * each source holds for the patient.
 *
 * @param gpSourceId       the patient's GP source, or null when no GP source lists a medicine
 * @param valproateSources sources holding active valproate, sorted; empty when none
 * @param alerts           the record's alerts, each with the instant it was first raised and has
 *                         stood since (an alert resolved and raised again starts anew)
 */
public record PatientSummary(
        NhsNumber nhsNumber,
        String gpSourceId,
        int acbScore,
        List<AcbMedicine> acbMedicines,
        List<String> valproateSources,
        boolean admitted,
        String admittingSourceId,
        String admittedSince,
        List<AlertSince> alerts,
        List<SourceStats> sources) {

    public PatientSummary {
        Objects.requireNonNull(nhsNumber, "nhsNumber");
        acbMedicines = List.copyOf(acbMedicines);
        valproateSources = List.copyOf(valproateSources);
        alerts = List.copyOf(alerts);
        sources = List.copyOf(sources);
    }

    /** One active medicine's contribution to the ACB total (each VTM counts once). */
    public record AcbMedicine(String vtm, String name, int acb) {}

    /** An alert of the record and when it was raised. */
    public record AlertSince(String id, String type, String severity, Instant since, List<String> medicines) {
        public AlertSince {
            medicines = List.copyOf(medicines);
        }
    }

    /**
     * What one source holds for this patient: its stored records, and the medicines it lists (a
     * chain of linked records counts once) with how many are unmapped, have no structured dose, or
     * are text only.
     */
    public record SourceStats(
            String sourceId, int records, int medicines, int unmapped, int noStructuredDose, int textOnly) {}

    /** The oldest standing critical-medicine-omission alert's raised instant, or null. */
    public Instant omissionSince() {
        return alerts.stream()
                .filter(a -> AlertType.CRITICAL_MEDICINE_OMISSION.code().equals(a.type()))
                .map(AlertSince::since)
                .min(Instant::compareTo)
                .orElse(null);
    }
}
