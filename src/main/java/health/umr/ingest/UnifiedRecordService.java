package health.umr.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientRecord;
import health.umr.domain.RecordChange;
import health.umr.domain.ReferenceTime;
import health.umr.records.PatientRecordBuilder;
import health.umr.reports.PatientSummaryService;
import health.umr.store.PatientRepository;
import health.umr.store.UnifiedRecordRepository;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Keeps each patient's unified record current: after their source records change, recompute it
 * and store a new version (with its record-changed event) only if it differs from the last; keep
 * the patient's summary row for the population reports current in the same transaction.
 */
@ApplicationScoped
public class UnifiedRecordService {

    private final PatientRepository patients;
    private final UnifiedRecordRepository versions;
    private final PatientRecordBuilder builder;
    private final IngestMetrics metrics;
    private final ObjectMapper json;
    private final PatientSummaryService summaries;

    public UnifiedRecordService(
            PatientRepository patients,
            UnifiedRecordRepository versions,
            PatientRecordBuilder builder,
            ObjectMapper json,
            IngestMetrics metrics,
            PatientSummaryService summaries) {
        this.summaries = summaries;
        this.patients = patients;
        this.versions = versions;
        this.builder = builder;
        this.json = json;
        this.metrics = metrics;
    }

    /** Recomputes these patients' records in the caller's transaction; answers how many changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    @WithSpan("umr.record.refresh")
    public int refresh(Collection<NhsNumber> nhsNumbers) {
        int changed = 0;
        for (NhsNumber nhsNumber : new TreeSet<>(nhsNumbers)) {
            patients.lock(nhsNumber);
            changed += refreshLocked(nhsNumber) ? 1 : 0;
        }
        return changed;
    }

    private boolean refreshLocked(NhsNumber nhsNumber) {
        Instant now = Instant.now();
        PatientRecord record = builder.build(nhsNumber, ReferenceTime.at(now));
        String fingerprint = record.fingerprint();
        var current = versions.current(nhsNumber);
        // the population reports' summary row follows every refresh: it also counts each source's
        // records, which an encounter that changes no admission adds without a new version
        summaries.keep(record, now);
        if (current.isPresent() && current.get().fingerprint().equals(fingerprint)) {
            return false;
        }
        int version = current.map(v -> v.version() + 1).orElse(1);
        RecordChange change = RecordChange.between(
                current.map(UnifiedRecordRepository.Version::record).orElse(null), record, version, now);
        versions.append(record, version, now, fingerprint, write(change));
        metrics.versionWritten();
        return true;
    }

    private String write(RecordChange change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record change always serialises", e);
        }
    }
}
