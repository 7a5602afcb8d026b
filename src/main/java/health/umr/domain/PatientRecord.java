package health.umr.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One version of everything UMR derives for a patient: the reconciled medicines, whether they are
 * in hospital, and the alerts. A new version is stored only when its fingerprint changes.
 *
 * @param alerts     the alerts as evaluated when this version was made (readers re-evaluate them at
 *                   their own reference time: see {@code alerts.ClinicalAlerts})
 * @param notes      what the rules could not assess, and why (e.g. a time-critical medicine not
 *                   recently confirmed)
 * @param references each source record's key ({@link RecordKey#text()}) → "Type/id" as UMR serves it
 * @param facts      the patient's sex and birth date as UMR held them, or null if none
 */
public record PatientRecord(
        UnifiedRecord unified,
        Admission admission,
        List<Alert> alerts,
        int acbScore,
        List<String> notes,
        Map<String, String> references,
        PatientFacts facts) {

    public PatientRecord {
        Objects.requireNonNull(unified, "unified");
        Objects.requireNonNull(admission, "admission");
        alerts = List.copyOf(alerts);
        notes = List.copyOf(notes);
        references = Map.copyOf(references);
    }

    /** The same record with the alerts, ACB total and notes of another evaluation. */
    public PatientRecord withEvaluation(List<Alert> newAlerts, int newAcbScore, List<String> newNotes) {
        return new PatientRecord(unified, admission, newAlerts, newAcbScore, newNotes, references, facts);
    }

    public NhsNumber nhsNumber() {
        return unified.nhsNumber();
    }

    /** Equal inputs give equal fingerprints: what replay and rebuild compare. */
    public String fingerprint() {
        StringBuilder text = unified.canonical(256 + 512 * alerts.size() + 128 * notes.size())
                .text();
        text.append("\nadmission ");
        RecordText.append(text, admission);
        text.append("\nacb ").append(acbScore);
        if (facts != null) {
            text.append("\nfacts ").append(facts.gender()).append(' ').append(facts.birthDate());
        }
        for (Alert alert : alerts) {
            text.append("\nalert ");
            RecordText.append(text, alert);
        }
        notes.forEach(note -> text.append("\nnote ").append(note));
        return Sha256.hex(text.toString());
    }
}
