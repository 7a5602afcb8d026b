package health.umr.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One version of everything UMR derives for a patient: the reconciled medicines, whether they are
 * in hospital, and the alerts. A new version is stored only when its fingerprint changes.
 *
 * @param notes      what the rules could not assess, and why (e.g. valproate with no known sex or age)
 * @param references each source record's key ({@link RecordKey#text()}) → "Type/id" as UMR serves it
 */
public record PatientRecord(
        UnifiedRecord unified,
        Admission admission,
        List<Alert> alerts,
        int acbScore,
        List<String> notes,
        Map<String, String> references) {

    public PatientRecord {
        Objects.requireNonNull(unified, "unified");
        Objects.requireNonNull(admission, "admission");
        alerts = List.copyOf(alerts);
        notes = List.copyOf(notes);
        references = Map.copyOf(references);
    }

    public NhsNumber nhsNumber() {
        return unified.nhsNumber();
    }

    /** Equal inputs give equal fingerprints: what replay and rebuild compare. */
    public String fingerprint() {
        StringBuilder text = new StringBuilder(unified.canonicalText());
        text.append("\nadmission ").append(admission);
        text.append("\nacb ").append(acbScore);
        alerts.forEach(alert -> text.append("\nalert ").append(alert));
        notes.forEach(note -> text.append("\nnote ").append(note));
        return Sha256.hex(text.toString());
    }
}
