package health.umr.kafka;

import health.umr.config.UmrConfig;
import health.umr.ops.Outage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jboss.logging.Logger;

/**
 * Asks the broker every second whether it is there (when Kafka is configured), off the request
 * path: readiness answers from the last answer and from whether the broker has answered at all since
 * this instance started, and the outage is logged once when it begins and once when it ends (the
 * Kafka clients' own per-second connection warnings are turned off in application.properties).
 */
@ApplicationScoped
public class KafkaMonitor {

    private static final Logger LOG = Logger.getLogger(KafkaMonitor.class);
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final int ANSWER_WITHIN_MS = 3_000;

    private final Optional<String> bootstrapServers;
    private final Outage broker = new Outage("Kafka broker", LOG);
    private volatile boolean checked;
    private volatile boolean reached;
    private Admin admin;
    private ScheduledExecutorService timer;

    @Inject
    public KafkaMonitor(UmrConfig config) {
        this(config.kafka().bootstrapServers());
    }

    /** A monitor of the given brokers (tests: one no broker has ever answered at). */
    KafkaMonitor(Optional<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent started) {
        if (bootstrapServers.isEmpty()) {
            return;
        }
        admin = KafkaClients.admin(bootstrapServers.get());
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "umr-kafka-monitor");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopped) {
        if (timer != null) {
            timer.shutdownNow();
            admin.close(Duration.ofSeconds(2));
        }
    }

    public boolean configured() {
        return bootstrapServers.isPresent();
    }

    /** Empty while the broker answers; else why not (also before the first answer). */
    public Optional<String> problem() {
        if (!checked) {
            return Optional.of("not asked yet");
        }
        return broker.isDown() ? broker.reason() : Optional.empty();
    }

    /** Whether the broker has answered once or more since this instance started. */
    public boolean reached() {
        return reached;
    }

    public Optional<Instant> downSince() {
        return broker.since();
    }

    void check() {
        try {
            boolean answered = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(ANSWER_WITHIN_MS))
                    .nodes()
                    .get(ANSWER_WITHIN_MS + 1_000L, TimeUnit.MILLISECONDS)
                    .isEmpty();
            if (answered) {
                reached = true;
                broker.up();
            } else {
                broker.down("no broker in the cluster at " + bootstrapServers.get());
            }
        } catch (ExecutionException e) {
            broker.down("no answer from " + bootstrapServers.get() + " ("
                    + e.getCause().getMessage() + ")");
        } catch (TimeoutException e) {
            broker.down("no answer from " + bootstrapServers.get() + " within " + ANSWER_WITHIN_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            broker.down(e.getMessage());
        }
        checked = true;
    }
}
