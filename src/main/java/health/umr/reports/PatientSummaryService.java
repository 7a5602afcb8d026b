package health.umr.reports;

import health.umr.alerts.ClinicalAlerts;
import health.umr.alerts.ReferenceLists;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientRecord;
import health.umr.domain.PatientSummary;
import health.umr.domain.RecordText;
import health.umr.domain.Sha256;
import health.umr.store.PatientSummaryRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        PatientSummaryRepository.Stored stored = summaries.find(record.nhsNumber());
        save(
                summariser.summarise(record, stored.raised(), now, stored.gender(), stored.birthDate()),
                stored.contentSha256(),
                now);
    }

    /**
     * As {@link #keep} for each record, with one read of the stored rows and one batch of writes
     * (only the rows whose content changed).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void keepAll(List<PatientRecord> records, Instant now) {
        Map<NhsNumber, PatientSummaryRepository.Stored> stored =
                summaries.findAll(records.stream().map(PatientRecord::nhsNumber).toList());
        List<PatientSummaryRepository.Save> saves = new ArrayList<>();
        for (PatientRecord record : records) {
            PatientSummaryRepository.Stored held = stored.get(record.nhsNumber());
            PatientSummary summary = summariser.summarise(record, held.raised(), now, held.gender(), held.birthDate());
            String sha = Sha256.hex(RecordText.of(summary));
            if (!sha.equals(held.contentSha256())) {
                saves.add(new PatientSummaryRepository.Save(summary, sha));
            }
        }
        summaries.saveAll(saves, now);
    }

    /**
     * Writes a first summary for a patient recorded before summaries existed: each alert's raised
     * instant is the start of its unbroken run in the stored versions.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fill(PatientRecord record, Instant now) {
        PatientSummaryRepository.Stored stored = summaries.find(record.nhsNumber());
        Map<String, Instant> raised = summaries.raisedFromHistory(
                record.nhsNumber(), record.alerts().stream().map(a -> a.id()).toList());
        save(summariser.summarise(record, raised, now, stored.gender(), stored.birthDate()), null, now);
    }

    private void save(PatientSummary summary, String storedSha, Instant now) {
        String sha = Sha256.hex(RecordText.of(summary));
        if (!sha.equals(storedSha)) {
            summaries.save(summary, sha, now);
        }
    }
}
