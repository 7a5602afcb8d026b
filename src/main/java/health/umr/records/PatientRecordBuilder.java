package health.umr.records;

import health.umr.alerts.ClinicalAlerts;
import health.umr.alerts.ReferenceLists;
import health.umr.dmd.Dmd;
import health.umr.domain.Admission;
import health.umr.domain.EncounterRecord;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import health.umr.reconcile.Admissions;
import health.umr.reconcile.Reconciler;
import health.umr.sources.SourceRegistry;
import health.umr.store.PatientRepository;
import health.umr.store.SourceRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes a patient's record from what is stored now: reconcile, admission, alerts at a reference time
 * the caller gives (the rules never read the clock). Reads only.
 */
@ApplicationScoped
public class PatientRecordBuilder {

    private final SourceRecordRepository records;
    private final PatientRepository patients;
    private final SourceRegistry sources;
    private final Dmd dmd;
    private final Reconciler reconciler = new Reconciler();
    private final ClinicalAlerts alerts = new ClinicalAlerts(ReferenceLists.fromClasspath());

    public PatientRecordBuilder(
            SourceRecordRepository records, PatientRepository patients, SourceRegistry sources, Dmd dmd) {
        this.records = records;
        this.patients = patients;
        this.sources = sources;
        this.dmd = dmd;
    }

    public PatientRecord build(NhsNumber nhsNumber, ReferenceTime at) {
        List<SourceRecord> medicines = new ArrayList<>();
        List<EncounterRecord> encounters = new ArrayList<>();
        Map<String, String> references = new TreeMap<>();
        for (SourceRecordRepository.Loaded loaded : records.findByPatient(nhsNumber.value())) {
            if (loaded.record() instanceof SourceRecord medicine) {
                medicines.add(medicine);
            } else {
                encounters.add((EncounterRecord) loaded.record());
            }
            references.put(
                    loaded.record().key().text(),
                    loaded.record().key().kind().resourceType() + "/" + loaded.logicalId());
        }
        UnifiedRecord unified = reconciler.reconcile(nhsNumber, medicines, sources::findById, dmd);
        Admission admission = Admissions.of(encounters, sources::findById);
        Optional<PatientFacts> facts = patients.find(nhsNumber);
        ClinicalAlerts.Evaluation evaluation = alerts.evaluate(unified, admission, facts, at);
        return new PatientRecord(
                unified,
                admission,
                evaluation.alerts(),
                evaluation.acbScore(),
                evaluation.notes(),
                references,
                facts.orElse(null));
    }

    /**
     * A stored record's alerts, ACB total and notes evaluated again at another reference time (a read
     * "now", or at an {@code _at} instant): ages, freshness and how long an omission is open move with
     * time while the record itself does not.
     */
    public PatientRecord reevaluate(PatientRecord record, ReferenceTime at) {
        Optional<PatientFacts> facts = Optional.ofNullable(record.facts()).or(() -> patients.find(record.nhsNumber()));
        ClinicalAlerts.Evaluation evaluation = alerts.evaluate(record.unified(), record.admission(), facts, at);
        return record.withEvaluation(evaluation.alerts(), evaluation.acbScore(), evaluation.notes());
    }

    /** The rules, for readers that show per-item ACB scores and time-critical flags. */
    public ClinicalAlerts alerts() {
        return alerts;
    }
}
