package health.umr.kafka;

import health.umr.config.UmrConfig;
import health.umr.ops.Outage;
import health.umr.records.RecordChangeOutbox;
import health.umr.records.RecordChangedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Publishes the record-changed outbox to {@code umr.record-changed}, keyed by NHS number, one event
 * per new record version. A batch is marked published only after the broker acknowledged it; after
 * a start or a failure the drainer first reads the tail of each partition and marks what is already
 * there, so a crash between the acknowledgement and the database commit publishes nothing twice.
 */
@ApplicationScoped
public class RecordChangedPublisher {

    static final String OUTBOX_ID_HEADER = "umr-outbox-id";
    private static final Logger LOG = Logger.getLogger(RecordChangedPublisher.class);
    private static final int BATCH = 500;

    private final UmrConfig.Kafka config;
    private final RecordChangeOutbox outbox;
    private volatile boolean running;
    private final Outage failing = new Outage("record-changed publishing", LOG);
    private Thread thread;
    private KafkaProducer<byte[], byte[]> producer;

    public RecordChangedPublisher(UmrConfig config, RecordChangeOutbox outbox) {
        this.config = config.kafka();
        this.outbox = outbox;
    }

    void start(@Observes StartupEvent started) {
        if (config.bootstrapServers().isEmpty()) {
            return;
        }
        producer = KafkaClients.producer(config.bootstrapServers().get());
        running = true;
        thread = new Thread(this::drainForever, "umr-record-changed");
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
            producer.close();
        }
    }

    private void drainForever() {
        boolean checkTopic = true;
        while (running) {
            try {
                if (checkTopic) {
                    markWhatTheTopicAlreadyHas();
                    checkTopic = false;
                }
                int published = drainOnce();
                failing.up();
                if (published == 0) {
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException failure) {
                if (!failing.down(failure.getMessage() + "; retrying every " + config.retryBackoff())) {
                    LOG.debugf("publishing record-changed events failed again: %s", failure.getMessage());
                }
                checkTopic = true;
                sleep(config.retryBackoff());
            }
        }
    }

    /** Publishes one batch; answers how many events it published. */
    int drainOnce() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.tryLockDrain()) {
                return 0;
            }
            List<RecordChangedEvent> events = outbox.unpublished(BATCH);
            List<Future<?>> sent = new ArrayList<>();
            for (RecordChangedEvent event : events) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        config.recordChangedTopic(),
                        null,
                        event.nhsNumber().getBytes(StandardCharsets.UTF_8),
                        event.payload().getBytes(StandardCharsets.UTF_8));
                record.headers().add(OUTBOX_ID_HEADER, Long.toString(event.id()).getBytes(StandardCharsets.UTF_8));
                record.headers()
                        .add(
                                "umr-record-version",
                                Integer.toString(event.version()).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(record));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            outbox.markPublished(events.stream().map(RecordChangedEvent::id).toList());
            return events.size();
        });
    }

    /** Marks as published the unpublished events already on the topic (the tail of each partition holds them). */
    private void markWhatTheTopicAlreadyHas() {
        List<RecordChangedEvent> pending = QuarkusTransaction.requiringNew().call(() -> outbox.unpublished(BATCH));
        if (pending.isEmpty()) {
            return;
        }
        // matched on id, key and the whole payload: a fresh database reuses outbox ids, and an old
        // event with the same id must not stand in for a new one
        Map<Long, RecordChangedEvent> pendingById = new HashMap<>();
        pending.forEach(e -> pendingById.put(e.id(), e));
        Set<Long> onTopic = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                KafkaClients.reader(config.bootstrapServers().get())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(config.recordChangedTopic(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long from = Math.max(starts.get(partition), ends.get(partition) - BATCH);
                consumer.seek(partition, from);
                remaining.put(partition, ends.get(partition) - from);
            }
            while (remaining.values().stream().anyMatch(n -> n > 0)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    remaining.put(partition, ends.get(partition) - record.offset() - 1);
                    Header id = record.headers().lastHeader(OUTBOX_ID_HEADER);
                    if (id != null) {
                        long outboxId = Long.parseLong(new String(id.value(), StandardCharsets.UTF_8));
                        if (isSameEvent(pendingById.get(outboxId), record)) {
                            onTopic.add(outboxId);
                        }
                    }
                }
            }
        }
        if (!onTopic.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.markPublished(onTopic));
            LOG.infof(
                    "%d record-changed events were already on the topic from before a restart: not sent again",
                    onTopic.size());
        }
    }

    private static boolean isSameEvent(RecordChangedEvent event, ConsumerRecord<byte[], byte[]> record) {
        return event != null
                && Arrays.equals(event.nhsNumber().getBytes(StandardCharsets.UTF_8), record.key())
                && Arrays.equals(event.payload().getBytes(StandardCharsets.UTF_8), record.value());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
