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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Recomputes these patients' records in the caller's transaction; answers how many changed. Set
     * based: the patients are locked in one statement (NHS-number order), their source records, facts,
     * current versions and summary rows read in one query each, and the new versions, their
     * record-changed events and the summary rows written in one statement (or batch) each.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @WithSpan("umr.record.refresh")
    public int refresh(Collection<NhsNumber> nhsNumbers) {
        return recompute(nhsNumbers).changed();
    }

    /** What a refresh did: patients recomputed, the source records they were computed from, versions written. */
    public record Recomputed(int patients, long records, int changed) {}

    /** As {@link #refresh}, answering what it read as well as what it changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Recomputed recompute(Collection<NhsNumber> nhsNumbers) {
        if (nhsNumbers.isEmpty()) {
            return new Recomputed(0, 0, 0);
        }
        List<NhsNumber> sorted = new ArrayList<>(new TreeSet<>(nhsNumbers));
        patients.lockAll(sorted);
        Instant now = Instant.now();
        Map<NhsNumber, PatientRecord> built = builder.buildAll(sorted, ReferenceTime.at(now));
        long records = 0;
        for (PatientRecord record : built.values()) {
            records += record.references().size();
        }
        return new Recomputed(sorted.size(), records, store(built, now));
    }

    /**
     * Stores the records computed for these (locked) patients: a new version and its event where the
     * fingerprint differs from the current one, and every summary row.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int store(Map<NhsNumber, PatientRecord> built, Instant now) {
        Map<NhsNumber, UnifiedRecordRepository.Head> heads = versions.heads(built.keySet());
        Map<NhsNumber, String> fingerprints = new LinkedHashMap<>();
        Map<NhsNumber, Integer> previous = new HashMap<>();
        for (Map.Entry<NhsNumber, PatientRecord> entry : built.entrySet()) {
            String fingerprint = entry.getValue().fingerprint();
            UnifiedRecordRepository.Head head = heads.get(entry.getKey());
            if (head == null || !head.fingerprint().equals(fingerprint)) {
                fingerprints.put(entry.getKey(), fingerprint);
                if (head != null) {
                    previous.put(entry.getKey(), head.version());
                }
            }
        }
        // the population reports' summary row follows every refresh: it also counts each source's
        // records, which an encounter that changes no admission adds without a new version
        summaries.keepAll(new ArrayList<>(built.values()), now);
        if (fingerprints.isEmpty()) {
            return 0;
        }
        Map<NhsNumber, PatientRecord> before = versions.records(previous);
        List<UnifiedRecordRepository.NewVersion> written = new ArrayList<>(fingerprints.size());
        for (Map.Entry<NhsNumber, String> entry : fingerprints.entrySet()) {
            PatientRecord record = built.get(entry.getKey());
            int version = previous.getOrDefault(entry.getKey(), 0) + 1;
            RecordChange change = RecordChange.between(before.get(entry.getKey()), record, version, now);
            written.add(new UnifiedRecordRepository.NewVersion(record, version, entry.getValue(), write(change)));
        }
        versions.appendAll(written, now);
        written.forEach(v -> metrics.versionWritten());
        return written.size();
    }

    private String write(RecordChange change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record change always serialises", e);
        }
    }
}
