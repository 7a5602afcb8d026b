package health.umr.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A test's own consumer loop on its own thread, watched by readiness and {@code
 * umr_kafka_consumption_paused} as the instance's own loops are, until closed.
 */
public final class WatchedLoop implements AutoCloseable {

    private final KafkaIngestion ingestion;
    private final InboundConsumerLoop loop;
    private final Thread thread;

    private WatchedLoop(KafkaIngestion ingestion, InboundConsumerLoop loop) {
        this.ingestion = ingestion;
        this.loop = loop;
        this.thread = new Thread(loop, "test-consumer-" + UUID.randomUUID());
    }

    /**
     * Starts a loop on the real ingest; {@code retryBackoff} stands for umr.kafka.retry-backoff (2 s),
     * shortened so that a test is quick: the same steps, sooner.
     */
    public static WatchedLoop start(KafkaIngestion ingestion, String group, String topic, Duration retryBackoff) {
        WatchedLoop watched = new WatchedLoop(ingestion, ingestion.newLoop(group, List.of(topic), retryBackoff));
        ingestion.watch(watched.loop, watched.thread);
        watched.thread.start();
        return watched;
    }

    public Optional<String> pausedBecause() {
        return loop.pausedBecause();
    }

    /** Its thread still runs the loop, which has not died. */
    public boolean running() {
        return thread.isAlive() && loop.diedBecause().isEmpty();
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(30_000);
        ingestion.unwatch(loop);
    }
}
