package example.umr.ingest;

import example.umr.domain.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes a batch of messages (a Kafka poll) in one database transaction. A message that cannot be
 * taken is refused alone, with its reason, and the rest of the batch goes on; a database failure
 * rolls the whole batch back so it can be retried.
 */
@ApplicationScoped
public class BatchIngestService {

    /** A message of the batch that was refused, and why. */
    public record Refused(int position, InvalidInputException reason) {
    }

    private final MessageReader reader;
    private final IngestService ingest;

    public BatchIngestService(MessageReader reader, IngestService ingest) {
        this.reader = reader;
        this.ingest = ingest;
    }

    /** @return the refused messages, by their position in the batch */
    @Transactional
    public List<Refused> ingest(List<InboundMessage> batch) {
        List<Refused> refused = new ArrayList<>();
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
            ingest.ingest(message, entries);
        }
        return refused;
    }
}
