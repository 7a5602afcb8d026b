package health.umr.ingest;

import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Takes a batch of messages (a Kafka poll) in one database transaction. A message that cannot be
 * taken is refused alone, with its reason, and the rest of the batch goes on; a database failure
 * rolls the whole batch back so it can be retried.
 */
@ApplicationScoped
public class BatchIngestService {

    /** A message of the batch that was refused, and why. */
    public record Refused(int position, InvalidInputException reason) {}

    private final MessageReader reader;
    private final IngestService ingest;
    private final UnifiedRecordService unifiedRecords;

    public BatchIngestService(MessageReader reader, IngestService ingest, UnifiedRecordService unifiedRecords) {
        this.reader = reader;
        this.ingest = ingest;
        this.unifiedRecords = unifiedRecords;
    }

    /** @return the refused messages, by their position in the batch */
    @Transactional
    @WithSpan("umr.ingest.batch")
    public List<Refused> ingest(List<InboundMessage> batch) {
        List<Refused> refused = new ArrayList<>();
        Set<NhsNumber> changed = new TreeSet<>();
        for (int position = 0; position < batch.size(); position++) {
            InboundMessage message = batch.get(position);
            List<Entry> entries;
            try {
                entries = reader.read(message);
                ingest.checkAcceptable(message, entries);
            } catch (InvalidInputException reason) {
                refused.add(new Refused(position, reason));
                continue;
            }
            changed.addAll(ingest.store(message, entries).changedPatients());
        }
        unifiedRecords.refresh(changed);
        return refused;
    }
}
