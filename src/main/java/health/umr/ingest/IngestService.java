package health.umr.ingest;

import health.umr.access.Caller;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one way in. Every transport hands over an {@link InboundMessage} as it arrived (FHIR REST
 * interactions and {@code $ingest} one at a time, Kafka a polled batch, the rebuild each logged
 * message again); this reads it with the one {@link MessageReader}, refuses what must be refused
 * whole, writes the rest ({@link MessageWriter}) and refreshes the unified records, in one
 * transaction ({@link IngestTransactions}), run again on a transient database failure ({@link TransientFailure}). So every
 * transport shares one meaning of "accepted".
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    /** A message of a batch that was refused, and why. */
    public record Refused(int position, InvalidInputException reason) {}

    /** A message of a batch that was taken, and the patients it named (the audit trail names them). */
    public record Taken(int position, Set<NhsNumber> patients) {}

    /** What a batch came to: each message taken or refused, by its position in the batch. */
    public record BatchOutcome(List<Taken> taken, List<Refused> refused) {}

    /** What a caller's message wrote, and for which patients (the audit trail names them). */
    public record Written(IngestOutcome outcome, Set<NhsNumber> patients) {}

    private final MessageReader reader;
    private final MessageWriter writer;
    private final IngestTransactions transactions;
    private final WriterCheck writers;

    public IngestService(
            MessageReader reader, MessageWriter writer, IngestTransactions transactions, WriterCheck writers) {
        this.reader = reader;
        this.writer = writer;
        this.transactions = transactions;
        this.writers = writers;
    }

    /**
     * Takes one message from an authenticated writer: as {@link #ingest(InboundMessage, String)}, but
     * refused whole (403) first unless the caller may write every entry, as the entry's source
     * (docs/contract.md, "Security and audit").
     */
    @WithSpan("umr.ingest")
    public Written ingest(InboundMessage message, String expectedType, Caller caller) {
        List<Entry> entries = reader.read(message);
        if (expectedType != null) {
            requireType(entries, expectedType);
        }
        Set<NhsNumber> patients = writers.require(caller, entries);
        checkAcceptable(message, entries);
        return new Written(write(message, entries), patients);
    }

    /**
     * Takes one message. An all-or-nothing message with any refused entry is refused whole (the
     * exception names the entry) and nothing is written; otherwise refused entries are reported and
     * the rest taken. A message that gives nothing to take is not logged.
     *
     * @param expectedType the one resource type the URL takes (FHIR create and update), or null
     */
    @WithSpan("umr.ingest")
    public IngestOutcome ingest(InboundMessage message, String expectedType) {
        List<Entry> entries = reader.read(message);
        if (expectedType != null) {
            requireType(entries, expectedType);
        }
        checkAcceptable(message, entries);
        return write(message, entries);
    }

    private IngestOutcome write(InboundMessage message, List<Entry> entries) {
        return retryingTransientFailures(() -> transactions.take(message, entries));
    }

    @WithSpan("umr.ingest")
    public IngestOutcome ingest(InboundMessage message) {
        return ingest(message, null);
    }

    /**
     * Takes a batch (a Kafka poll) in one transaction. A message that cannot be taken is refused
     * alone, with its reason, and the rest of the batch goes on; each changed patient is refreshed
     * once; a database failure rolls the whole batch back so it can be taken again.
     *
     * @return the taken messages with the patients each named, and the refused ones with why
     */
    @WithSpan("umr.ingest.batch")
    public BatchOutcome ingest(List<InboundMessage> batch) {
        // reading (parse and map) touches no database: done once, outside the transaction and its retries
        List<Taken> taken = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        List<MessageWriter.Read> reads = new ArrayList<>(batch.size());
        for (int position = 0; position < batch.size(); position++) {
            InboundMessage message = batch.get(position);
            try {
                List<Entry> entries = reader.read(message);
                checkAcceptable(message, entries);
                reads.add(new MessageWriter.Read(message, entries));
                taken.add(new Taken(position, Entry.patientsNamed(entries)));
            } catch (InvalidInputException reason) {
                refused.add(new Refused(position, reason));
            }
        }
        if (!reads.isEmpty()) {
            retryingTransientFailures(() -> transactions.takeAll(reads));
        }
        return new BatchOutcome(taken, refused);
    }

    /**
     * Takes a logged message again, in the rebuild's transaction, re-deriving what it asserted;
     * unified records are left to the rebuild to refresh at the end.
     *
     * @throws InvalidInputException when the message, accepted once, is refused today
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public IngestOutcome replay(InboundMessage message) {
        List<Entry> entries = reader.read(message);
        checkAcceptable(message, entries);
        return writer.store(message, entries, true);
    }

    /** The one retry policy: a transaction that met a transient failure runs again, a few times. */
    private static <T> T retryingTransientFailures(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException failure) {
                if (attempt >= TransientFailure.ATTEMPTS || !TransientFailure.isTransient(failure)) {
                    throw failure;
                }
                LOG.debugf(
                        "ingest met a transient database failure (attempt %d), running it again: %s",
                        attempt, failure.getMessage());
                TransientFailure.pause(attempt);
            }
        }
    }

    /** A create or update must carry exactly the type its URL names. */
    private static void requireType(List<Entry> entries, String expectedType) {
        String sent = entries.isEmpty() ? "nothing" : entries.get(0).resourceType();
        if (entries.size() != 1 || !expectedType.equals(sent)) {
            throw new InvalidInputException(
                    ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                    "this URL takes a " + expectedType + ", but the body holds " + sent);
        }
    }

    /**
     * Refuses the whole message where it must be (an all-or-nothing message with a refused entry, or
     * nothing to take). Touches no database, so a caller can check before joining a transaction.
     */
    static void checkAcceptable(InboundMessage message, List<Entry> entries) {
        if (message.interaction().allOrNothing()) {
            refuseWholeIfAnyRefused(message, entries);
        }
    }

    private static void refuseWholeIfAnyRefused(InboundMessage message, List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry instanceof Entry.Refusal refusal) {
                throw entries.size() == 1 && message.interaction() != InboundMessage.Interaction.TRANSACTION
                        ? refusal.reason()
                        : new InvalidInputException(
                                refusal.reason().code(),
                                "entry " + refusal.index() + " (" + refusal.resourceType()
                                        + ") was refused, so the whole "
                                        + message.interaction().code() + " was refused and nothing was stored: "
                                        + refusal.reason().getMessage(),
                                refusal.reason().expressions());
            }
        }
        if (entries.stream().noneMatch(e -> e instanceof Entry.OfRecord || e instanceof Entry.OfPatient)) {
            throw new InvalidInputException(
                    ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                    "the message holds no MedicationStatement, MedicationRequest, Encounter or Patient to take");
        }
    }
}
