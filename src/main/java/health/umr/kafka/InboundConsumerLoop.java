package health.umr.kafka;

import health.umr.domain.InvalidInputException;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.IngestService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * One consumer of the inbound topics: poll a batch, take it in one database transaction, dead-letter
 * what was refused, and only then commit the offsets. A crash anywhere before the commit replays
 * the batch, which ingest makes harmless (the log and the records are idempotent).
 */
public final class InboundConsumerLoop implements Runnable {

    static final String SOURCE_HEADER = "umr-source";
    private static final Logger LOG = Logger.getLogger(InboundConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final IngestService ingest;
    private final DeadLetters deadLetters;
    private final Duration retryBackoff;
    private final LongConsumer takenCounter;
    private final TopicBindings bindings;
    private final BatchTracing tracing;
    private volatile boolean running = true;

    InboundConsumerLoop(
            Consumer<byte[], byte[]> consumer,
            List<String> topics,
            IngestService ingest,
            DeadLetters deadLetters,
            Duration retryBackoff,
            LongConsumer takenCounter,
            TopicBindings bindings,
            BatchTracing tracing) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.ingest = ingest;
        this.deadLetters = deadLetters;
        this.retryBackoff = retryBackoff;
        this.takenCounter = takenCounter;
        this.bindings = bindings;
        this.tracing = tracing;
        consumer.subscribe(this.topics);
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    commit(pollAndIngest());
                } catch (WakeupException stopping) {
                    break;
                } catch (RuntimeException failure) {
                    LOG.warnf(
                            "inbound batch failed, will retry from the last committed offsets in %s: %s",
                            retryBackoff, failure.getMessage());
                    rewind();
                    sleep(retryBackoff);
                }
            }
        } finally {
            consumer.close();
        }
    }

    /** Asks the loop to stop after the batch in hand; safe from any thread. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Polls one batch, takes it and dead-letters what was refused; answers the offsets to commit. */
    Map<TopicPartition, OffsetAndMetadata> pollAndIngest() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
            return Map.of();
        }
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>();
        List<InboundMessage> messages = new ArrayList<>();
        List<DeadLetters.Refused> refused = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            all.add(record);
            InvalidInputException misbound = bindings.refusal(record);
            if (misbound != null) {
                refused.add(new DeadLetters.Refused(record, misbound));
                continue;
            }
            polled.add(record);
            messages.add(toMessage(record, bindings.sourceOf(record.topic()).orElse(null)));
        }
        tracing.process(all, () -> ingest.ingest(messages)).stream()
                .map(r -> new DeadLetters.Refused(polled.get(r.position()), r.reason()))
                .forEach(refused::add);
        deadLetters.send(refused);
        takenCounter.accept(all.size() - refused.size());
        if (!refused.isEmpty()) {
            LOG.infof(
                    "%d of %d inbound messages refused and sent to the dead-letter topic", refused.size(), all.size());
        }
        return nextOffsets(all);
    }

    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    /** @param boundSource the source the record's topic is bound to (it names the source when the header does not), or null */
    private static InboundMessage toMessage(ConsumerRecord<byte[], byte[]> record, String boundSource) {
        Header source = record.headers().lastHeader(SOURCE_HEADER);
        String sourceId = source == null || source.value() == null
                ? boundSource
                : new String(source.value(), StandardCharsets.UTF_8);
        byte[] body = record.value() == null ? new byte[0] : record.value();
        return new InboundMessage(
                InboundMessage.Transport.KAFKA,
                InboundMessage.Interaction.KAFKA,
                "application/fhir+json",
                body,
                sourceId,
                null,
                Instant.now());
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> polled) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : polled) {
            offsets.merge(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /** Goes back to the last committed offsets, so a failed batch is polled again. */
    private void rewind() {
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            for (TopicPartition partition : assigned) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            }
        } catch (RuntimeException unreachable) {
            LOG.debugf(
                    "could not rewind yet (%s); the next poll resumes from the committed offsets",
                    unreachable.getMessage());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
