package health.umr.tools;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes generated NDJSON lines to the inbound topic as the peers would (key = NHS number,
 * header umr-source) and waits until UMR's consumer group has committed every offset. UMR commits
 * offsets only after the database transaction that also refreshed the unified records, so "caught up"
 * here means every record is current: the end-to-end time the benchmark reports.
 */
final class KafkaLoad {

    record Result(
            long lines, long resources, long bytes, double produceSeconds, double endToEndSeconds, boolean caughtUp) {}

    private final String bootstrap;
    private final String topic;
    private final String groupId;

    KafkaLoad(String bootstrap, String topic, String groupId) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.groupId = groupId;
    }

    /**
     * Sends every line of the files ({@code linesPerSecond} 0 = as fast as the broker takes them; else
     * paced, for the mixed run, stopping after {@code maxSeconds}), then waits up to {@code catchUp}.
     */
    Result run(List<Path> files, NdjsonLines lines, int linesPerSecond, int maxSeconds, Duration catchUp)
            throws InterruptedException, ExecutionException {
        AtomicLong sent = new AtomicLong();
        AtomicLong resources = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = maxSeconds <= 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(maxSeconds);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            try {
                lines.forEach(files, line -> {
                    if (linesPerSecond > 0) {
                        long due = start + sent.get() * 1_000_000_000L / linesPerSecond;
                        if (due > deadline) {
                            throw new StopSending();
                        }
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                            topic,
                            line.nhsNumber() == null ? null : line.nhsNumber().getBytes(StandardCharsets.UTF_8),
                            line.bytes());
                    if (line.sourceId() != null) {
                        record.headers().add("umr-source", line.sourceId().getBytes(StandardCharsets.UTF_8));
                    }
                    producer.send(record, (metadata, exception) -> {
                        if (exception != null) {
                            failed.compareAndSet(null, exception);
                        }
                    });
                    sent.incrementAndGet();
                    resources.addAndGet(line.resources());
                    bytes.addAndGet(line.bytes().length);
                });
            } catch (StopSending enough) {
                // the paced run's time is up
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new ExecutionException("a send to " + topic + " failed", failed.get());
        }
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        boolean caughtUp = awaitCaughtUp(catchUp);
        return new Result(
                sent.get(), resources.get(), bytes.get(), produceSeconds, (System.nanoTime() - start) / 1e9, caughtUp);
    }

    /** Polls the group's committed offsets against the topic's end offsets until no partition lags. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.nanoTime() < deadline) {
                if (lag(admin) == 0) {
                    return true;
                }
                Thread.sleep(100);
            }
            return false;
        }
    }

    long lag(Admin admin) throws InterruptedException, ExecutionException {
        List<TopicPartition> partitions =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            lag += ends.get(partition).offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** Large batches: the broker here moves 135–245k msg/s at 128 KB batches against 55–85k at 16 KB (STACK.md). */
    private Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /** Ends a paced send from inside the line callback. */
    private static final class StopSending extends RuntimeException {
        StopSending() {
            super(null, null, false, false);
        }
    }
}
