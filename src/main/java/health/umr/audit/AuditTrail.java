package health.umr.audit;

import health.umr.ops.Unavailable;
import health.umr.store.AuditEventRepository;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hl7.fhir.r4.model.AuditEvent;
import org.jboss.logging.Logger;

/**
 * Records AuditEvents, durably, before the answer they describe leaves: {@link #record} returns
 * once the events are committed (or throws, and the request fails rather than go unaudited). One
 * writer thread commits whatever has queued up meanwhile (up to 500 events) in one INSERT of its own
 * as soon as the previous one is committed (group commit, no waiting for more to arrive), so under
 * load a read pays a share of one commit, not one of its own, and a lone read waits for no one.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final int BATCH = 500;
    private static final long WAIT_SECONDS = 30;

    private record Pending(List<AuditEventRepository.Row> rows, CompletableFuture<Void> done) {}

    private final AuditEventRepository repository;
    private final AuditEvents events;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(50_000);
    private final Thread writer;
    private volatile boolean running = true;

    public AuditTrail(AuditEventRepository repository, AuditEvents events) {
        this.repository = repository;
        this.events = events;
        this.writer = new Thread(this::write, "umr-audit-writer");
        writer.setDaemon(true);
    }

    @PostConstruct
    void start() {
        writer.start();
    }

    /** The stored row of one access: a new id, the columns searches use, and the whole record as JSON. */
    static AuditEventRepository.Row row(AuditRecord record) {
        return new AuditEventRepository.Row(
                AuditIds.next(),
                record.recorded(),
                record.nhsNumber(),
                record.client(),
                record.user(),
                record.action(),
                record.outcome(),
                AuditRecordJson.write(record));
    }

    /** Records these accesses (one AuditEvent each) and returns once they are stored. */
    public void record(List<AuditRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<AuditEventRepository.Row> rows = new ArrayList<>(records.size());
        for (AuditRecord record : records) {
            rows.add(row(record));
        }
        Pending pending = new Pending(rows, new CompletableFuture<>());
        if (!running) {
            throw new IllegalStateException("the service is stopping; the request was not served");
        }
        try {
            if (!queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the audit trail is not keeping up; the request was not served");
            }
            pending.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording the audit trail", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the audit trail could not be written; the request was not served", e);
        }
    }

    /**
     * Records a refusal UMR answered 503 because the database is unavailable. The audit trail lives
     * in that database, so it cannot be written either: the refusal stands (nothing was read or
     * stored, the caller is told to try again), and the outage is logged once, by the database
     * monitor, not once per request. Any other failure to write fails the request as
     * {@link #record(List)} does.
     */
    public void recordRefusedWhileUnavailable(List<AuditRecord> records) {
        try {
            record(records);
        } catch (IllegalStateException e) {
            if (!Unavailable.isDatabaseUnavailable(e)) {
                throw e;
            }
            LOG.debugf("a 503 refusal not audited: the database is unavailable (%s)", e.getMessage());
        }
    }

    public void record(AuditRecord record) {
        record(List.of(record));
    }

    /**
     * Records a request's access: one event for each patient it named, or one when it named none ({@link
     * AuditRecord#perPatient}); answered 503, as {@link #recordRefusedWhileUnavailable} does.
     */
    public void recordRequest(AuditRecord access, Collection<String> patients) {
        List<AuditRecord> events = access.perPatient(patients);
        if (access.status() == 503) {
            recordRefusedWhileUnavailable(events);
        } else {
            record(events);
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                List<AuditEventRepository.Row> rows = new ArrayList<>();
                batch.forEach(p -> rows.addAll(p.rows()));
                try {
                    repository.append(rows);
                    batch.forEach(p -> p.done().complete(null));
                } catch (RuntimeException e) {
                    if (Unavailable.isDatabaseUnavailable(e)) { // logged once by the database monitor
                        LOG.debugf("could not write %d audit events: %s", rows.size(), e.getMessage());
                    } else {
                        LOG.errorf(e, "could not write %d audit events; their requests fail", rows.size());
                    }
                    batch.forEach(p -> p.done().completeExceptionally(e));
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops the writer once what is queued is written (each waiting request then answers); anything
     * queued after that, or still queued if the database did not take it within the wait, fails its
     * request: no request is answered as served without its AuditEvent stored.
     */
    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        IllegalStateException stopped = new IllegalStateException("the service is stopping");
        left.forEach(p -> p.done().completeExceptionally(stopped));
    }

    /** What GET /fhir/AuditEvent asks for; nulls match everything. */
    public record Search(String nhsNumber, java.time.Instant from, java.time.Instant to, String agent) {
        AuditEventRepository.Query query() {
            return new AuditEventRepository.Query(nhsNumber, from, to, agent);
        }
    }

    public long count(Search search) {
        return repository.count(search.query());
    }

    /** The AuditEvents that match, newest first. */
    public List<AuditEvent> find(Search search, int offset, int limit) {
        return repository.search(search.query(), offset, limit).stream()
                .map(row -> events.toAuditEvent(row.id(), AuditRecordJson.read(row.json())))
                .toList();
    }
}
