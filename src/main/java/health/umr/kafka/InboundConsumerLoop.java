package health.umr.kafka;

import health.umr.domain.InvalidInputException;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.IngestService;
import health.umr.ops.Outage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * One consumer of the inbound topics: poll a batch, take it in one database transaction, dead-letter
 * what was refused, and only then commit the offsets. A crash anywhere before the commit replays
 * the batch, which ingest makes harmless (the log and the records are idempotent).
 *
 * <p>When any step fails (database down, broker gone) the consumer is moved back to the first offset
 * of the batch it polled, a local seek that needs no broker, so the next poll takes the same batch
 * again whether or not the group rebalances meanwhile. Its dead letters are sent again with it,
 * except those the broker already acknowledged.
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
    private final Runnable failedBatchCounter;
    private final ConsumerLag lag;
    private final String name;
    private final Outage failing;
    /** Offsets of dead letters the broker has, per partition, until the batch's offsets are committed. */
    private final Map<TopicPartition, NavigableSet<Long>> deadLettered = new HashMap<>();
    /** The log end offset of each partition as of its last polled batch. */
    private final Map<TopicPartition, Long> logEnds = new HashMap<>();

    private final TopicBindings bindings;
    private final BatchTracing tracing;
    private final KafkaAudit audit;
    private volatile boolean running = true;
    private volatile String stoppedBecause;

    InboundConsumerLoop(
            Consumer<byte[], byte[]> consumer,
            String name,
            List<String> topics,
            IngestService ingest,
            DeadLetters deadLetters,
            Duration retryBackoff,
            LongConsumer takenCounter,
            Runnable failedBatchCounter,
            ConsumerLag lag,
            TopicBindings bindings,
            BatchTracing tracing,
            KafkaAudit audit) {
        this.consumer = consumer;
        this.name = name;
        this.topics = List.copyOf(topics);
        this.ingest = ingest;
        this.deadLetters = deadLetters;
        this.retryBackoff = retryBackoff;
        this.takenCounter = takenCounter;
        this.failedBatchCounter = failedBatchCounter;
        this.lag = lag;
        this.bindings = bindings;
        this.tracing = tracing;
        this.audit = audit;
        this.failing = new Outage("inbound batches of " + name, LOG);
        consumer.subscribe(this.topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // positions come from the committed offsets
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                forget(partitions);
            }
        });
    }

    @Override
    public void run() {
        CloseOptions.GroupMembershipOperation onClose = CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> polled = ConsumerRecords.empty();
                try {
                    polled = consumer.poll(POLL);
                    noteLogEnds(polled);
                    commit(take(polled));
                    failing.up();
                } catch (WakeupException stopping) {
                    break;
                } catch (FencedInstanceIdException fenced) {
                    stoppedBecause = "another consumer joined the group with this one's instance id ("
                            + fenced.getMessage() + "): give each UMR instance its own UMR_INSTANCE_ID";
                    LOG.errorf("%s stops: %s", name, stoppedBecause);
                    onClose = CloseOptions.GroupMembershipOperation.DEFAULT;
                    break;
                } catch (RuntimeException failure) {
                    failedBatchCounter.run();
                    if (!failing.down(failure.getMessage() + "; retrying the batch from its first offset every "
                            + retryBackoff)) {
                        LOG.debugf("%s: inbound batch failed again: %s", name, failure.getMessage());
                    }
                    rewind(polled);
                    recordLagOfFailed(polled);
                    sleep(retryBackoff);
                }
                recordLag();
            }
        } finally {
            lag.forget(consumer.assignment());
            consumer.close(CloseOptions.groupMembershipOperation(onClose));
        }
    }

    /** Asks the loop to stop after the batch in hand; safe from any thread. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Why the loop stopped by itself (its instance id taken by another consumer), if it did. */
    public Optional<String> stoppedBecause() {
        return Optional.ofNullable(stoppedBecause);
    }

    /** Polls one batch, takes it and dead-letters what was refused; answers the offsets to commit. */
    Map<TopicPartition, OffsetAndMetadata> pollAndIngest() {
        return take(consumer.poll(POLL));
    }

    private Map<TopicPartition, OffsetAndMetadata> take(ConsumerRecords<byte[], byte[]> records) {
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
        IngestService.BatchOutcome outcome = tracing.process(all, () -> ingest.ingest(messages));
        outcome.refused().stream()
                .map(r -> new DeadLetters.Refused(polled.get(r.position()), r.reason()))
                .forEach(refused::add);
        deadLetters.send(
                refused.stream().filter(r -> !alreadyDeadLettered(r.record())).toList(), this::deadLettered);
        // before the offsets are committed: an audit trail that cannot be written fails the batch,
        // which is then taken again (idempotently) rather than left unaudited
        audit.record(polled, outcome.taken(), refused, bindings);
        takenCounter.accept(all.size() - refused.size());
        if (!refused.isEmpty()) {
            LOG.infof(
                    "%d of %d inbound messages refused and sent to the dead-letter topic", refused.size(), all.size());
        }
        return nextOffsets(all);
    }

    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitSync(offsets);
        offsets.forEach((partition, offset) -> {
            NavigableSet<Long> sent = deadLettered.get(partition);
            if (sent != null) {
                sent.headSet(offset.offset()).clear();
            }
        });
    }

    /**
     * Moves back to the first offset of each partition of the failed batch: the offset the last
     * commit left, since each batch is committed before the next poll. A local seek: it works with
     * the broker gone, and the next poll takes the batch again.
     */
    private void rewind(ConsumerRecords<byte[], byte[]> failed) {
        try {
            for (TopicPartition partition : failed.partitions()) {
                if (consumer.assignment().contains(partition)) {
                    consumer.seek(partition, failed.records(partition).get(0).offset());
                }
            }
        } catch (RuntimeException e) {
            // only an unassigned partition (revoked meanwhile) can refuse a seek: its next owner starts
            // from the committed offsets
            LOG.debugf("%s: could not seek back: %s", name, e.getMessage());
        }
    }

    /** Where each partition of a batch ended when it was polled (so a failed batch's lag is known with the broker gone). */
    private void noteLogEnds(ConsumerRecords<byte[], byte[]> polled) {
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            long next = records.get(records.size() - 1).offset() + 1;
            consumer.currentLag(partition).ifPresent(behind -> logEnds.put(partition, next + behind));
        }
    }

    /** After a failed batch, its partitions are as far behind as before it: from its first offset to the log end. */
    private void recordLagOfFailed(ConsumerRecords<byte[], byte[]> failed) {
        for (TopicPartition partition : failed.partitions()) {
            Long end = logEnds.get(partition);
            if (end != null) {
                lag.record(partition, end - failed.records(partition).get(0).offset());
            }
        }
    }

    private void recordLag() {
        try {
            for (TopicPartition partition : consumer.assignment()) {
                consumer.currentLag(partition).ifPresent(value -> lag.record(partition, value));
            }
        } catch (RuntimeException e) {
            LOG.debugf("%s: no lag to record: %s", name, e.getMessage());
        }
    }

    private boolean alreadyDeadLettered(ConsumerRecord<byte[], byte[]> record) {
        NavigableSet<Long> sent = deadLettered.get(new TopicPartition(record.topic(), record.partition()));
        return sent != null && sent.contains(record.offset());
    }

    private void deadLettered(ConsumerRecord<byte[], byte[]> record) {
        deadLettered
                .computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new TreeSet<>())
                .add(record.offset());
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(deadLettered::remove);
        partitions.forEach(logEnds::remove);
        lag.forget(partitions);
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
