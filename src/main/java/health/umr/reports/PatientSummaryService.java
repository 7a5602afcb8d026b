package health.umr.reports;

import health.umr.alerts.ClinicalAlerts;
import health.umr.alerts.ReferenceLists;
import health.umr.domain.PatientRecord;
import health.umr.domain.PatientSummary;
import health.umr.domain.Sha256;
import health.umr.store.PatientSummaryRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;

/**
 * Keeps each patient's summary row current: called in the transaction that refreshes the
 * patient's unified record (with the patient's row locked), it rewrites the row only when what it
 * says changed, carrying over when each standing alert was raised.
 */
@ApplicationScoped
public class PatientSummaryService {

    private final PatientSummaryRepository summaries;
    private final PatientSummaries summariser =
            new PatientSummaries(new ClinicalAlerts(ReferenceLists.fromClasspath()));

    public PatientSummaryService(PatientSummaryRepository summaries) {
        this.summaries = summaries;
    }

    /** Brings the summary up to this record; an alert new to it counts as raised {@code now}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keep(PatientRecord record, Instant now) {
        var stored = summaries.find(record.nhsNumber());
        Map<String, Instant> raised =
                stored.map(PatientSummaryRepository.Stored::raised).orElse(Map.of());
        save(
                summariser.summarise(record, raised, now),
                stored.map(PatientSummaryRepository.Stored::contentSha256),
                now);
    }

    /**
     * Writes a first summary for a patient recorded before summaries existed: each alert's raised
     * instant is the start of its unbroken run in the stored versions.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fill(PatientRecord record, Instant now) {
        Map<String, Instant> raised = summaries.raisedFromHistory(
                record.nhsNumber(), record.alerts().stream().map(a -> a.id()).toList());
        save(summariser.summarise(record, raised, now), java.util.Optional.empty(), now);
    }

    private void save(PatientSummary summary, java.util.Optional<String> storedSha, Instant now) {
        String sha = Sha256.hex(summary.toString());
        if (storedSha.isEmpty() || !storedSha.get().equals(sha)) {
            summaries.save(summary, sha, now);
        }
    }
}
