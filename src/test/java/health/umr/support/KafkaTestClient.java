package health.umr.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends to and reads from the test broker as a peer system would. */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final java.util.Set<String> ready = new java.util.HashSet<>();

    public KafkaTestClient() {
        this(EmbeddedKafkaResource.broker().bootstrapServers());
    }

    /** A client of a broker a test started itself. */
    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                131072,
                // one request at a time: a first batch retried after a later one was appended (a timeout
                // on a busy box) is refused as out of sequence, and lost to the test
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1));
    }

    /**
     * Creates a topic (as a peer system's topic would exist before UMR subscribes) and waits until the
     * broker has it, so a consumer that subscribes next is assigned its partitions at once (subscribed
     * to a topic not created yet, it would see them only at its next metadata refresh, minutes later).
     */
    public static void createTopic(String topic, int partitions) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedKafkaResource.broker().bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not create topic " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + topic, e);
        }
    }

    /** Sends one message keyed by NHS number, with the umr-source header when sourceId is not null. */
    public void send(String topic, String nhsNumber, String sourceId, String value) {
        ensureTopic(topic);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                null,
                nhsNumber == null ? null : nhsNumber.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        if (sourceId != null) {
            record.headers().add("umr-source", sourceId.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record);
    }

    /** Sends one message with extra headers (a W3C traceparent, say). */
    public void send(String topic, String nhsNumber, String sourceId, String value, Map<String, String> headers) {
        ensureTopic(topic);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic, null, nhsNumber.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        record.headers().add("umr-source", sourceId.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
    }

    /**
     * Creates the topic (3 partitions, as the broker's default) and waits until each partition has a
     * leader, before the first send to it: an idempotent producer racing the topic's auto-creation
     * can see its first batch refused (NOT_LEADER_OR_FOLLOWER) while later ones are appended, and then
     * that first batch is lost to OUT_OF_ORDER_SEQUENCE_NUMBER.
     */
    private void ensureTopic(String topic) {
        if (!ready.add(topic)) {
            return;
        }
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            try {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 3, (short) 1)))
                        .all()
                        .get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw new IllegalStateException("could not create " + topic, e.getCause());
                }
            }
            await(
                    "leaders for every partition of " + topic,
                    Duration.ofSeconds(60),
                    () -> producer.partitionsFor(topic).stream().allMatch(p -> p.leader() != null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void flush() {
        producer.flush();
    }

    public void sendAndWait(String topic, String nhsNumber, String sourceId, String value) {
        send(topic, nhsNumber, sourceId, value);
        flush();
    }

    /** Reads a topic from its start until the predicate holds for the records read, or the timeout passes. */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(read) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /**
     * Every record on the topic up to its end offsets as they stand now (everything sent and acknowledged
     * before the call), whichever partitions they are on.
     */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** Whether a consumer group has committed the end offset of every partition of a topic. */
    public boolean caughtUp(String group, String topic) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(
                    new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            for (var end : ends.entrySet()) {
                var at = committed.get(end.getKey());
                if (end.getValue().offset() > 0
                        && (at == null || at.offset() < end.getValue().offset())) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }

    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }

    public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastFailure = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // a check can meet what the test itself broke (a pooled connection its database outage
                // killed): that is "not yet", not a verdict; the last such failure is kept for the report
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError timedOut = new AssertionError("timed out after " + timeout + " waiting for " + what);
                if (lastFailure != null) {
                    timedOut.addSuppressed(lastFailure);
                }
                throw timedOut;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
