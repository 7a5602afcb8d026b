package health.umr.rebuild;

import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.ingest.EntryOutcome;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.IngestOutcome;
import health.umr.ingest.IngestService;
import health.umr.ingest.MessageReader;
import health.umr.ingest.UnifiedRecordService;
import health.umr.store.InboundLog;
import health.umr.store.PatientRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Rebuilds everything derived from the inbound log, in two steps.
 *
 * <ol>
 *   <li><b>Re-derive where the derivation can change.</b> Source records are what the reader and
 *       mapper derive from the logged messages; each message remembers the derivation
 *       ({@link MessageReader#derivation()}) that stored its records. Only messages stored by an
 *       older derivation (a reader or mapper change, or {@code fromLog}: every message) are read
 *       again and re-applied in log order. After that the stored source records are exactly what
 *       today's reader derives from the whole log.
 *   <li><b>Recompute every unified record from the stored source records</b>: reconciliation, dm+d
 *       resolution, admissions, alerts and the report summaries are functions of them (and of the
 *       dm+d release and reference lists, which is why a new release needs this step and not the
 *       first). Patients are independent, so chunks of them run in parallel, each in its own
 *       transaction (patients locked in NHS-number order; chunks are disjoint), streamed by NHS
 *       number so memory stays bounded at any population.
 * </ol>
 *
 * A version is written only where the record differs, so a consistent store rebuilds to exactly
 * the records it had.
 */
@ApplicationScoped
public class RebuildService {

    private static final Logger LOG = Logger.getLogger(RebuildService.class);
    private static final int CHUNK = 500;
    /** Bodies replayed per transaction: a 500-line NDJSON message is one chunk, not 500 of them. */
    private static final long CHUNK_BYTES = 1L << 20;
    /** Patients recomputed per transaction. */
    private static final int PATIENT_CHUNK = 500;
    /** Skipped patients named (by internal id) in the summary; the count is always whole. */
    static final int SKIPPED_NAMED = 100;

    /**
     * What a rebuild did: messages read again (and the source records they rewrote, and the entries
     * refused today), then patients recomputed from the records stored for them (recordsRead) and
     * unified records changed. Stored patients whose NHS number is not valid (a row written behind
     * UMR's back) are skipped, not fatal: {@code skipped} counts them and {@code skippedPatients} names
     * the first {@value #SKIPPED_NAMED} by internal id (patient.id), never by NHS number.
     */
    public record Summary(
            long messages,
            long recordsRewritten,
            long refused,
            long patients,
            long recordsChanged,
            long elapsedMillis,
            double messagesPerSecond,
            long recordsRead,
            double recordsPerSecond,
            int threads,
            long skipped,
            List<Long> skippedPatients) {}

    /** Where a rebuild stands: "messages" replayed, then "patients" refreshed, each done of total. */
    @FunctionalInterface
    public interface Progress {
        void report(String phase, long done, long total);
    }

    private final InboundLog inboundLog;
    private final IngestService ingest;
    private final UnifiedRecordService unifiedRecords;
    private final PatientRepository patients;
    private final MessageReader reader;

    public RebuildService(
            InboundLog inboundLog,
            IngestService ingest,
            UnifiedRecordService unifiedRecords,
            PatientRepository patients,
            MessageReader reader) {
        this.inboundLog = inboundLog;
        this.ingest = ingest;
        this.unifiedRecords = unifiedRecords;
        this.patients = patients;
        this.reader = reader;
    }

    /** What a rebuild stopped midway leaves, for the job that ran it (health.umr.jobs). */
    public static final String IF_INTERRUPTED =
            "each chunk of the rebuild is one transaction, so every record is as a committed"
                    + " chunk left it; unified records not yet refreshed keep their last version. Run the rebuild again:"
                    + " it converges to the same records";

    public Summary rebuild() {
        return rebuild(false, (phase, done, total) -> {});
    }

    public Summary rebuild(Progress progress) {
        return rebuild(false, progress);
    }

    /**
     * @param fromLog read every logged message again, not only those an older derivation stored
     *     (repairs source records changed behind UMR's back)
     */
    public synchronized Summary rebuild(boolean fromLog, Progress progress) {
        Instant started = Instant.now();
        int derivation = fromLog ? Integer.MAX_VALUE : reader.derivation();
        AtomicLong messages = new AtomicLong();
        AtomicLong rewritten = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        rederive(derivation, started, progress, messages, rewritten, refused);
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        Skipped skipped = new Skipped();
        long[] recomputed = recomputeAll(threads, started, progress, skipped);
        long millis = Math.max(1, Duration.between(started, Instant.now()).toMillis());
        Summary summary = new Summary(
                messages.get(),
                rewritten.get(),
                refused.get(),
                recomputed[0],
                recomputed[2],
                millis,
                messages.get() * 1000.0 / millis,
                recomputed[1],
                recomputed[1] * 1000.0 / millis,
                threads,
                skipped.count(),
                skipped.named());
        LOG.infof("rebuild done: %s", summary);
        return summary;
    }

    /** Step 1: the logged messages stored by a derivation older than {@code derivation}, in log order. */
    private void rederive(
            int derivation,
            Instant started,
            Progress progress,
            AtomicLong messages,
            AtomicLong rewritten,
            AtomicLong refused) {
        long total = QuarkusTransaction.requiringNew().call(() -> inboundLog.countUnderived(derivation));
        LOG.infof(
                "rebuild: %d logged messages to read again (stored by a derivation older than %d)",
                total, Math.min(derivation, reader.derivation()));
        long after = 0;
        while (total > 0) {
            final long from = after;
            List<InboundLog.Logged> chunk = QuarkusTransaction.requiringNew()
                    .call(() -> inboundLog.readUnderivedAfter(from, derivation, CHUNK, CHUNK_BYTES));
            if (chunk.isEmpty()) {
                break;
            }
            QuarkusTransaction.requiringNew().run(() -> {
                for (InboundLog.Logged logged : chunk) {
                    replay(logged, rewritten, refused);
                }
                inboundLog.markDerived(
                        chunk.stream().map(InboundLog.Logged::sequence).toList(), reader.derivation());
            });
            after = chunk.get(chunk.size() - 1).sequence();
            progress("messages", messages.addAndGet(chunk.size()), total, started);
            progress.report("messages", messages.get(), total);
        }
    }

    /**
     * Step 2: every patient's record recomputed from their stored source records, chunks of patients
     * taken in NHS-number order by {@code threads} workers. A stored patient whose NHS number is not
     * valid is skipped (and counted in {@code skipped}); the others are recomputed.
     *
     * @return patients, source records read, records changed
     */
    private long[] recomputeAll(int threads, Instant started, Progress progress, Skipped skipped) {
        long total = QuarkusTransaction.requiringNew().call(patients::count);
        Cursor cursor = new Cursor(skipped);
        AtomicLong done = new AtomicLong();
        AtomicLong records = new AtomicLong();
        AtomicLong changed = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "umr-rebuild");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(workers.submit(() -> {
                    Chunk chunk;
                    while ((chunk = cursor.next()) != null) {
                        List<NhsNumber> part = chunk.valid();
                        UnifiedRecordService.Recomputed result = part.isEmpty()
                                ? new UnifiedRecordService.Recomputed(0, 0, 0)
                                : QuarkusTransaction.requiringNew().call(() -> unifiedRecords.recompute(part));
                        records.addAndGet(result.records());
                        changed.addAndGet(result.changed());
                        // skipped patients count as done, so that the progress reaches its total
                        long step = result.patients() + chunk.skipped();
                        long now = done.addAndGet(step);
                        progress.report("patients", now, total);
                        if (now / (PATIENT_CHUNK * 20L) != (now - step) / (PATIENT_CHUNK * 20L)) {
                            progress("patients", now, total, started);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the rebuild was interrupted", e);
        } catch (ExecutionException e) {
            cursor.stop();
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("a rebuild worker failed", e.getCause());
        } finally {
            workers.shutdownNow();
        }
        progress("patients", done.get(), total, started);
        return new long[] {done.get() - skipped.count(), records.get(), changed.get()};
    }

    /** A chunk of stored patients: those to recompute, and how many were skipped. */
    private record Chunk(List<NhsNumber> valid, int skipped) {}

    /** The stored patients a rebuild skipped because their NHS number is not valid. */
    private static final class Skipped {
        private long count;
        private final List<Long> named = new ArrayList<>();

        synchronized void add(long patientId) {
            count++;
            if (named.size() < SKIPPED_NAMED) {
                named.add(patientId);
            }
        }

        synchronized long count() {
            return count;
        }

        synchronized List<Long> named() {
            return List.copyOf(named);
        }
    }

    /**
     * Hands out the next chunk of patients in NHS-number order, reading only that chunk; {@code null}
     * once there are no more. Patients whose stored NHS number is not valid are left out of the chunk
     * and reported (by internal id, never the number).
     */
    private final class Cursor {
        private final Skipped skipped;
        private String after = "";
        private boolean stopped;

        Cursor(Skipped skipped) {
            this.skipped = skipped;
        }

        synchronized Chunk next() {
            if (stopped) {
                return null;
            }
            String from = after;
            List<PatientRepository.Listed> listed =
                    QuarkusTransaction.requiringNew().call(() -> patients.listAfter(from, PATIENT_CHUNK));
            if (listed.isEmpty()) {
                return null;
            }
            after = listed.get(listed.size() - 1).nhsNumber();
            List<NhsNumber> valid = new ArrayList<>(listed.size());
            List<Long> invalid = new ArrayList<>();
            for (PatientRepository.Listed patient : listed) {
                if (NhsNumber.isValid(patient.nhsNumber())) {
                    valid.add(new NhsNumber(patient.nhsNumber()));
                } else {
                    invalid.add(patient.id());
                    skipped.add(patient.id());
                }
            }
            if (!invalid.isEmpty()) {
                LOG.warnf(
                        "rebuild: skipped %d stored patients whose NHS number is not valid (patient ids %s);"
                                + " their unified records are left as they were",
                        invalid.size(), invalid);
            }
            return new Chunk(valid, invalid.size());
        }

        synchronized void stop() {
            stopped = true;
        }
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
