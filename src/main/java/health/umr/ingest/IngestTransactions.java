package health.umr.ingest;

import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The transactions of {@link IngestService}, one a call, so that it can run a failed one again.
 * Reached only through IngestService.
 */
@ApplicationScoped
public class IngestTransactions {

    private final MessageReader reader;
    private final MessageWriter writer;
    private final UnifiedRecordService unifiedRecords;

    public IngestTransactions(MessageReader reader, MessageWriter writer, UnifiedRecordService unifiedRecords) {
        this.reader = reader;
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

    /** A batch: each message read and written, or refused alone; each changed patient refreshed once. */
    @Transactional
    IngestService.BatchOutcome take(List<InboundMessage> batch) {
        List<IngestService.Taken> taken = new ArrayList<>();
        List<IngestService.Refused> refused = new ArrayList<>();
        Set<NhsNumber> changed = new TreeSet<>();
        for (int position = 0; position < batch.size(); position++) {
            InboundMessage message = batch.get(position);
            List<Entry> entries;
            try {
                entries = reader.read(message);
                IngestService.checkAcceptable(message, entries);
            } catch (InvalidInputException reason) {
                refused.add(new IngestService.Refused(position, reason));
                continue;
            }
            changed.addAll(writer.store(message, entries, false).changedPatients());
            taken.add(new IngestService.Taken(position, Entry.patientsNamed(entries)));
        }
        unifiedRecords.refresh(changed);
        return new IngestService.BatchOutcome(taken, refused);
    }
}
