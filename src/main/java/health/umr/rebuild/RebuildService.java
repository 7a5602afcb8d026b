package health.umr.rebuild;

import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.ingest.EntryOutcome;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.IngestOutcome;
import health.umr.ingest.IngestService;
import health.umr.ingest.UnifiedRecordService;
import health.umr.store.InboundLog;
import health.umr.store.PatientRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Rebuilds everything derived from the inbound log: every logged message is read again (by
 * today's reader and mapper) and re-applied in log order, then every patient's unified record is
 * recomputed. A version is written only where the record differs, so a consistent store rebuilds
 * to exactly the records it had.
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);
    private static final int CHUNK = 500;
    /** Bodies replayed per transaction: a 500-line NDJSON message is one chunk, not 500 of them. */
    private static final long CHUNK_BYTES = 1L << 20;

    /** What a rebuild did. */
    public record Summary(
            long messages,
            long recordsRewritten,
            long refused,
            long patients,
            long recordsChanged,
            long elapsedMillis,
            double messagesPerSecond) {}

    private final InboundLog inboundLog;
    private final IngestService ingest;
    private final UnifiedRecordService unifiedRecords;
    private final PatientRepository patients;

    public RebuildService(
            InboundLog inboundLog,
            IngestService ingest,
            UnifiedRecordService unifiedRecords,
            PatientRepository patients) {
        this.inboundLog = inboundLog;
        this.ingest = ingest;
        this.unifiedRecords = unifiedRecords;
        this.patients = patients;
    }

    /** Where a rebuild stands: "messages" replayed, then "patients" refreshed, each done of total. */
    @FunctionalInterface
    public interface Progress {
        void report(String phase, long done, long total);
    }

    /** What a rebuild stopped midway leaves, for the job that ran it (health.umr.jobs). */
    public static final String IF_INTERRUPTED =
            "each chunk of the rebuild is one transaction, so every record is as a committed"
                    + " chunk left it; unified records not yet refreshed keep their last version. Run the rebuild again:"
                    + " it converges to the same records";

    public Summary rebuild() {
        return rebuild((phase, done, total) -> {});
    }

    public synchronized Summary rebuild(Progress progress) {
        Instant started = Instant.now();
        long total = QuarkusTransaction.requiringNew().call(inboundLog::size);
        LOG.infof("rebuild: replaying %d logged messages", total);
        AtomicLong messages = new AtomicLong();
        AtomicLong rewritten = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long after = 0;
        while (true) {
            final long from = after;
            List<InboundLog.Logged> chunk =
                    QuarkusTransaction.requiringNew().call(() -> inboundLog.readAfter(from, CHUNK, CHUNK_BYTES));
            if (chunk.isEmpty()) {
                break;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                for (InboundLog.Logged logged : chunk) {
                    replay(logged, rewritten, refused);
                }
            });
            after = chunk.get(chunk.size() - 1).sequence();
            progress("messages", messages.addAndGet(chunk.size()), total, started);
            progress.report("messages", messages.get(), total);
        }
        List<NhsNumber> everyone = QuarkusTransaction.requiringNew().call(patients::listAll);
        long changed = 0;
        for (int i = 0; i < everyone.size(); i += CHUNK) {
            List<NhsNumber> part = everyone.subList(i, Math.min(everyone.size(), i + CHUNK));
            changed += QuarkusTransaction.requiringNew().call(() -> unifiedRecords.refresh(part));
            progress("patients", Math.min(everyone.size(), i + CHUNK), everyone.size(), started);
            progress.report("patients", Math.min(everyone.size(), i + CHUNK), everyone.size());
        }
        long millis = Math.max(1, Duration.between(started, Instant.now()).toMillis());
        Summary summary = new Summary(
                messages.get(),
                rewritten.get(),
                refused.get(),
                everyone.size(),
                changed,
                millis,
                messages.get() * 1000.0 / millis);
        LOG.infof("rebuild done: %s", summary);
        return summary;
    }

    private void replay(InboundLog.Logged logged, AtomicLong rewritten, AtomicLong refused) {
        InboundLog.Entry entry = logged.entry();
        InboundMessage message = new InboundMessage(
                InboundMessage.Transport.valueOf(entry.transport().toUpperCase(Locale.ROOT)),
                InboundMessage.Interaction.ofCode(entry.interaction()),
                entry.contentType(),
                entry.body(),
                entry.sourceHint(),
                entry.target(),
                entry.receivedAt());
        try {
            IngestOutcome outcome = ingest.replay(message);
            rewritten.addAndGet(
                    outcome.count(EntryOutcome.Result.UPDATED) + outcome.count(EntryOutcome.Result.CREATED));
            refused.addAndGet(outcome.refused().size());
        } catch (InvalidInputException nowRefused) {
            // accepted once, refused today (a source since removed, say): reported, not fatal
            refused.incrementAndGet();
            LOG.warnf("rebuild: logged message %d is refused today: %s", logged.sequence(), nowRefused.getMessage());
        }
    }

    private static void progress(String what, long done, long total, Instant started) {
        long millis = Math.max(1, Duration.between(started, Instant.now()).toMillis());
        LOG.infof(
                "rebuild: %d / %d %s (%.0f%%), %.0f/s",
                done, total, what, total == 0 ? 100.0 : done * 100.0 / total, done * 1000.0 / millis);
    }
}
