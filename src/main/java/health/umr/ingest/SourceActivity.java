package health.umr.ingest;

import health.umr.store.SourceQualityRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * Notes when each source's last accepted message arrived, for the data-quality view and the
 * staleness gauges. Written after the message's transaction commits, in a short one of its own,
 * so the ingest transaction never waits on a source's row; at most once a second per source and
 * instance (a stale feed is measured in hours).
 */
@ApplicationScoped
public class SourceActivity {

    private static final Logger LOG = Logger.getLogger(SourceActivity.class);

    /** Sources whose message was taken, and when it arrived. */
    public record Heard(Set<String> sourceIds, Instant receivedAt) {}

    private final SourceQualityRepository repository;
    private final Event<Heard> events;
    private final ConcurrentMap<String, Instant> written = new ConcurrentHashMap<>();

    public SourceActivity(SourceQualityRepository repository, Event<Heard> events) {
        this.repository = repository;
        this.events = events;
    }

    /** In the ingest transaction: note these sources once it commits. */
    void taken(Set<String> sourceIds, Instant receivedAt) {
        if (!sourceIds.isEmpty()) {
            events.fire(new Heard(Set.copyOf(sourceIds), receivedAt));
        }
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Heard heard) {
        for (String sourceId : heard.sourceIds()) {
            Instant last = written.get(sourceId);
            if (last != null && !heard.receivedAt().isAfter(last.plusSeconds(1))) {
                continue;
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> repository.heard(sourceId, heard.receivedAt()));
                written.merge(sourceId, heard.receivedAt(), (a, b) -> a.isAfter(b) ? a : b);
            } catch (RuntimeException e) {
                LOG.warnf("could not note the last message of source %s: %s", sourceId, e.getMessage());
            }
        }
    }
}
