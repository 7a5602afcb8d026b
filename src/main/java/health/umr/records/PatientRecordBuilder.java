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
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import health.umr.reconcile.Admissions;
import health.umr.reconcile.Reconciler;
import health.umr.sources.SourceRegistry;
import health.umr.store.PatientRepository;
import health.umr.store.SourceRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

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
        return build(nhsNumber, records.findByPatient(nhsNumber.value()), patients.find(nhsNumber), at);
    }

    /** Each patient's record, from one read of all their source records and one of their facts. */
    public Map<NhsNumber, PatientRecord> buildAll(Collection<NhsNumber> nhsNumbers, ReferenceTime at) {
        Map<String, List<SourceRecordRepository.Loaded>> loaded =
                records.findByPatients(nhsNumbers.stream().map(NhsNumber::value).toList());
        Map<NhsNumber, PatientFacts> facts = patients.findAll(nhsNumbers);
        Function<String, Optional<Source>> sources = sourceLookup();
        Map<NhsNumber, PatientRecord> built = new LinkedHashMap<>();
        for (NhsNumber nhsNumber : nhsNumbers) {
            built.put(
                    nhsNumber,
                    build(
                            nhsNumber,
                            loaded.getOrDefault(nhsNumber.value(), List.of()),
                            Optional.ofNullable(facts.get(nhsNumber)),
                            at,
                            sources));
        }
        return built;
    }

    /**
     * The registry's sources, each looked up once by the caller (every registry look-up is a
     * transactional call, and the reconciler asks for a source per record). Not thread-safe: one
     * per build.
     */
    private Function<String, Optional<Source>> sourceLookup() {
        Map<String, Optional<Source>> found = new HashMap<>();
        return id -> found.computeIfAbsent(id, sources::findById);
    }

    /**
     * A patient's record from their source records and facts, as read, at a reference time (a pure
     * function of them).
     */
    public PatientRecord build(
            NhsNumber nhsNumber,
            List<SourceRecordRepository.Loaded> loaded,
            Optional<PatientFacts> facts,
            ReferenceTime at) {
        return build(nhsNumber, loaded, facts, at, sourceLookup());
    }

    private PatientRecord build(
            NhsNumber nhsNumber,
            List<SourceRecordRepository.Loaded> loaded,
            Optional<PatientFacts> facts,
            ReferenceTime at,
            Function<String, Optional<Source>> sources) {
        List<SourceRecord> medicines = new ArrayList<>();
        List<EncounterRecord> encounters = new ArrayList<>();
        Map<String, String> references = new TreeMap<>();
        for (SourceRecordRepository.Loaded one : loaded) {
            if (one.record() instanceof SourceRecord medicine) {
                medicines.add(medicine);
            } else {
                encounters.add((EncounterRecord) one.record());
            }
            references.put(one.record().key().text(), one.record().key().kind().resourceType() + "/" + one.logicalId());
        }
        UnifiedRecord unified = reconciler.reconcile(nhsNumber, medicines, sources, dmd);
        Admission admission = Admissions.of(encounters, sources);
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
