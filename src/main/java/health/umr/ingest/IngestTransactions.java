package health.umr.ingest;

import health.umr.domain.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The transactions of {@link IngestService}, one a call, so that it can run a failed one again.
 * Reached only through IngestService.
 */
@ApplicationScoped
public class IngestTransactions {

    private final MessageWriter writer;
    private final UnifiedRecordService unifiedRecords;

    public IngestTransactions(MessageWriter writer, UnifiedRecordService unifiedRecords) {
        this.writer = writer;
        this.unifiedRecords = unifiedRecords;
    }

    /** One read, acceptable message: written, and its changed patients refreshed. */
    @Transactional
    IngestOutcome take(InboundMessage message, List<Entry> entries) {
        IngestOutcome outcome = writer.store(message, entries, false);
        unifiedRecords.refresh(outcome.changedPatients());
        return outcome;
    }

    /**
     * A batch already read (each message acceptable): written set-based, and each changed patient
     * refreshed once.
     *
     * @return the number of unified records refreshed
     */
    @Transactional
    int takeAll(List<MessageWriter.Read> reads) {
        Set<NhsNumber> changed = new TreeSet<>();
        for (IngestOutcome outcome : writer.storeAll(reads, false)) {
            changed.addAll(outcome.changedPatients());
        }
        return unifiedRecords.refresh(changed);
    }
}
