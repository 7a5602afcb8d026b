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
 * per new record version. A batch is marked published only after the broker acknowledged it; when a
 * drain (of this instance or another) may have ended between the acknowledgement and the database
 * commit, the next drainer first reads the tail of each partition and marks what is already there,
 * so nothing is published twice.
 */
@ApplicationScoped
public class RecordChangedPublisher {

    static final String OUTBOX_ID_HEADER = "umr-outbox-id";
    private static final Logger LOG = Logger.getLogger(RecordChangedPublisher.class);
    private static final int BATCH = 500;
    /**
     * Longer than a send can take (KafkaClients.SEND_TIMEOUT) plus the topic check: the drain lock is
     * the transaction's, and a transaction ended by its timeout would free it while this drainer
     * still sends.
     */
    private static final int DRAIN_TIMEOUT_SECONDS = 300;

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
        while (running) {
            try {
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
                sleep(config.retryBackoff());
            }
        }
    }

    /**
     * Publishes one batch; answers how many events it published. Under the drain lock: if the last drain
     * of any instance may have sent events it never marked (it died or failed after sending), first
     * marks what the topic already has. The doubt is committed before sending, on its own, so it
     * outlives this instance; it is cleared with the marks.
     */
    int drainOnce() {
        return QuarkusTransaction.requiringNew().timeout(DRAIN_TIMEOUT_SECONDS).call(() -> {
            if (!outbox.tryLockDrain()) {
                return 0;
            }
            boolean inDoubt = outbox.drainInDoubt();
            if (inDoubt) {
                outbox.markPublished(alreadyOnTheTopic(outbox.unpublished(BATCH)));
            }
            List<RecordChangedEvent> events = outbox.unpublished(BATCH);
            if (events.isEmpty()) {
                if (inDoubt) {
                    outbox.setDrainInDoubt(false);
                }
                return 0;
            }
            if (!inDoubt) {
                QuarkusTransaction.requiringNew().run(() -> outbox.setDrainInDoubt(true));
            }
            send(events);
            outbox.markPublished(events.stream().map(RecordChangedEvent::id).toList());
            outbox.setDrainInDoubt(false);
            return events.size();
        });
    }

    private void send(List<RecordChangedEvent> events) throws Exception {
        List<Future<?>> sent = new ArrayList<>();
        for (RecordChangedEvent event : events) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                    config.recordChangedTopic(),
                    null,
                    event.nhsNumber().getBytes(StandardCharsets.UTF_8),
                    event.payload().getBytes(StandardCharsets.UTF_8));
            record.headers().add(OUTBOX_ID_HEADER, Long.toString(event.id()).getBytes(StandardCharsets.UTF_8));
            record.headers()
                    .add("umr-record-version", Integer.toString(event.version()).getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        for (Future<?> future : sent) {
            future.get();
        }
    }

    /** Of the pending events, the ids of those already on the topic (the tail of each partition holds them). */
    private Set<Long> alreadyOnTheTopic(List<RecordChangedEvent> pending) {
        Set<Long> onTopic = new HashSet<>();
        if (pending.isEmpty()) {
            return onTopic;
        }
        // matched on id, key and the whole payload: a fresh database reuses outbox ids, and an old
        // event with the same id must not stand in for a new one
        Map<Long, RecordChangedEvent> pendingById = new HashMap<>();
        pending.forEach(e -> pendingById.put(e.id(), e));
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
            LOG.infof(
                    "%d record-changed events were already on the topic from a drain that did not finish: not sent again",
                    onTopic.size());
        }
        return onTopic;
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
