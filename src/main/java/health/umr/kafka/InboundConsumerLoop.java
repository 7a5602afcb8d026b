package health.umr.kafka;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.IngestService;
import health.umr.ingest.TransientFailure;
import health.umr.ops.Causes;
import health.umr.ops.Outage;
import health.umr.ops.Unavailable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
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
 *
 * <p>A batch that fails for any other reason (a bug met by one message: any exception, or an Error
 * such as an AssertionError or a StackOverflowError) is logged at ERROR with its cause and taken
 * again one message at a time: a message that fails alone {@value #ATTEMPTS_ALONE} times in a row,
 * the database and the broker being there, is held; when a message after it is taken, it is tried
 * once more and, failing again, goes to the dead-letter topic with the failure as its reason ({@link
 * ErrorCode#NOT_PROCESSED}). When instead several messages in a row fail alone in the same way, or the
 * database is unreachable, the fault is not the messages': {@link ConsumptionBreaker} pauses
 * consumption (no dead letters, no commit) and resumes it by itself. Only what was stored or
 * dead-lettered is committed. A failure the JVM cannot be trusted after (a VirtualMachineError other
 * than a stack overflow, a LinkageError) stops the loop: logged at ERROR, and {@link #diedBecause}
 * says why, which the health checks report so that an orchestrator restarts the instance.
 */
public final class InboundConsumerLoop implements Runnable {

    static final String SOURCE_HEADER = "umr-source";
    private static final Logger LOG = Logger.getLogger(InboundConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Times a message is taken alone, each failing, before it is dead-lettered as not processed. */
    static final int ATTEMPTS_ALONE = 3;

    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Batches ingest;
    private final BooleanSupplier databaseDown;
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
    private volatile String diedBecause;
    /** After a batch failed for a reason of its own: take the next one a message at a time. */
    private boolean oneByOne;
    /** Tells a message bad on its own from a failure every message meets; see {@link ConsumptionBreaker}. */
    private final ConsumptionBreaker breaker;
    /** Attempts that failed, per message (by partition and offset) not yet taken nor dead-lettered. */
    private final Map<TopicPartition, NavigableMap<Long, Integer>> failedAttempts = new HashMap<>();

    /** How the loop takes a batch: {@link IngestService#ingest(List)}; tests may wrap it (a seam, package-private). */
    @FunctionalInterface
    interface Batches {
        IngestService.BatchOutcome ingest(List<InboundMessage> batch);
    }

    InboundConsumerLoop(
            Consumer<byte[], byte[]> consumer,
            String name,
            List<String> topics,
            Batches ingest,
            BooleanSupplier databaseDown,
            DeadLetters deadLetters,
            Duration retryBackoff,
            LongConsumer takenCounter,
            Runnable failedBatchCounter,
            ConsumerLag lag,
            TopicBindings bindings,
            BatchTracing tracing,
            KafkaAudit audit,
            int breakerThreshold,
            Duration breakerMaxBackoff) {
        this.consumer = consumer;
        this.name = name;
        this.topics = List.copyOf(topics);
        this.ingest = ingest;
        this.databaseDown = databaseDown;
        this.deadLetters = deadLetters;
        this.retryBackoff = retryBackoff;
        this.takenCounter = takenCounter;
        this.failedBatchCounter = failedBatchCounter;
        this.lag = lag;
        this.bindings = bindings;
        this.tracing = tracing;
        this.audit = audit;
        this.failing = new Outage("inbound batches of " + name, LOG);
        this.breaker = new ConsumptionBreaker(name, LOG, breakerThreshold, retryBackoff, breakerMaxBackoff);
        consumer.subscribe(this.topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // positions come from the committed offsets; while paused, new partitions wait too
                if (breaker.holding()) {
                    consumer.pause(partitions);
                }
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
                    if (breaker.dueToProbe()) {
                        consumer.resume(consumer.paused());
                        breaker.probe();
                    }
                    polled = consumer.poll(POLL);
                    noteLogEnds(polled);
                    Took took = take(polled);
                    commit(took.offsets());
                    if (took.whole()) {
                        oneByOne = oneByOne && polled.isEmpty();
                    } else {
                        resumeAfter(polled, took.offsets());
                    }
                    if (breaker.holding()) {
                        consumer.pause(consumer.assignment());
                    } else if (breaker.probing() && polled.isEmpty() && nothingToTake()) {
                        breaker.taken(); // what it held went elsewhere (a rebalance) or was taken meanwhile
                    }
                    failing.up();
                } catch (WakeupException stopping) {
                    break;
                } catch (FencedInstanceIdException fenced) {
                    stoppedBecause = "another consumer joined the group with this one's instance id ("
                            + fenced.getMessage() + "): give each UMR instance its own UMR_INSTANCE_ID";
                    LOG.errorf("%s stops: %s", name, stoppedBecause);
                    onClose = CloseOptions.GroupMembershipOperation.DEFAULT;
                    break;
                } catch (Throwable failure) {
                    if (fatal(failure)) {
                        die(failure);
                        break;
                    }
                    failedBatchCounter.run();
                    if (databaseUnavailable(failure)) {
                        // no message is to blame and none can be taken: pause, and probe with a growing wait
                        breaker.databaseUnavailable(describeWithCause(failure));
                        rewind(polled);
                        recordLagOfFailed(polled);
                        pauseAll();
                        recordLag();
                        continue;
                    }
                    if (dependencyFailure(failure)) {
                        if (!failing.down(failure.getMessage() + "; retrying the batch from its first offset every "
                                + retryBackoff)) {
                            LOG.debugf("%s: inbound batch failed again: %s", name, failure.getMessage());
                        }
                    } else {
                        LOG.errorf(
                                failure,
                                "%s: a batch of %d inbound messages failed, not for want of the database or the"
                                        + " broker (%s); taking it again in %s, one message at a time: a message"
                                        + " that fails alone %d times while others are taken goes to the dead-letter"
                                        + " topic with the reason (several in a row failing the same way pause"
                                        + " consumption instead)",
                                name,
                                polled.count(),
                                describe(failure),
                                retryBackoff,
                                ATTEMPTS_ALONE);
                        oneByOne = true;
                    }
                    rewind(polled);
                    recordLagOfFailed(polled);
                    sleep(retryBackoff);
                }
                recordLag();
            }
        } catch (Throwable failure) { // outside a batch (recording the lag): nothing to take again
            die(failure);
        } finally {
            try {
                lag.forget(consumer.assignment());
                consumer.close(CloseOptions.groupMembershipOperation(onClose));
            } catch (Throwable closing) {
                LOG.warnf("%s: could not close its consumer cleanly: %s", name, describe(closing));
            }
        }
    }

    private boolean databaseUnavailable(Throwable failure) {
        return Unavailable.isDatabaseUnavailable(failure) || databaseDown.getAsBoolean();
    }

    private void pauseAll() {
        try {
            consumer.pause(consumer.assignment());
        } catch (RuntimeException e) {
            LOG.debugf("%s: could not pause: %s", name, e.getMessage());
        }
    }

    /** Whether every partition it has is known to be caught up (nothing to probe with). */
    private boolean nothingToTake() {
        for (TopicPartition partition : consumer.assignment()) {
            if (consumer.currentLag(partition).orElse(1) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A failure after which this JVM cannot be trusted to go on: the loop stops, and says why. */
    static boolean fatal(Throwable failure) {
        return (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError))
                || failure instanceof LinkageError;
    }

    private void die(Throwable failure) {
        diedBecause = "the consumer loop stopped on " + describe(failure)
                + "; restart this instance (what it had not committed is taken again)";
        LOG.errorf(failure, "%s stops: %s", name, diedBecause);
    }

    /**
     * The database or the broker not there (or a transaction to run again): the whole batch is taken
     * again once they are, and no message is blamed for it.
     */
    private boolean dependencyFailure(Throwable failure) {
        if (TransientFailure.isTransient(failure) || Unavailable.isDatabaseUnavailable(failure)) {
            return true;
        }
        return Causes.find(failure, KafkaException.class).isPresent() || databaseDown.getAsBoolean();
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null
                ? failure.getClass().getName()
                : failure.getClass().getName() + ": " + failure.getMessage();
    }

    /** As {@link #describe}, followed by the innermost cause (with its SQLSTATE) when there is one. */
    static String describeWithCause(Throwable failure) {
        Throwable innermost = Causes.innermost(failure);
        String described = describe(failure);
        if (innermost != failure) {
            described += "; caused by " + describe(innermost);
        }
        if (innermost instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
            described += " (SQLSTATE " + sql.getSQLState() + ")";
        }
        return described;
    }

    /** Asks the loop to stop after the batch in hand; safe from any thread. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Whether it has not been asked to stop. */
    boolean isRunning() {
        return running;
    }

    /** Why the loop stopped by itself (its instance id taken by another consumer), if it did. */
    public Optional<String> stoppedBecause() {
        return Optional.ofNullable(stoppedBecause);
    }

    /** Why the loop has paused consumption (see {@link ConsumptionBreaker}), if it has. */
    public Optional<String> pausedBecause() {
        return breaker.pausedBecause();
    }

    /** Why the loop stopped on a failure it cannot go on after (see {@link #fatal}), if it did. */
    public Optional<String> diedBecause() {
        return Optional.ofNullable(diedBecause);
    }

    /** Polls one batch, takes it and dead-letters what was refused; answers the offsets to commit. */
    Map<TopicPartition, OffsetAndMetadata> pollAndIngest() {
        return take(consumer.poll(POLL)).offsets();
    }

    /**
     * What taking a batch came to: the offsets to commit, and whether they cover the whole batch (taken
     * one message at a time, a batch stops after the first message dead-lettered as not processed, so
     * that a poll is never held for long).
     */
    private record Took(Map<TopicPartition, OffsetAndMetadata> offsets, boolean whole) {}

    private Took take(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return new Took(Map.of(), true);
        }
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        records.forEach(all::add);
        Taking batch = new Taking();
        if (oneByOne) {
            all = takeOneByOne(all, batch);
        } else {
            batch.take(all);
            breaker.taken();
        }
        deadLetters.send(
                batch.refused.stream()
                        .filter(r -> !alreadyDeadLettered(r.record()))
                        .toList(),
                this::deadLettered);
        // before the offsets are committed: an audit trail that cannot be written fails the batch,
        // which is then taken again (idempotently) rather than left unaudited
        audit.record(batch.polled, batch.taken, batch.refused, bindings);
        takenCounter.accept(all.size() - batch.refused.size());
        if (!batch.refused.isEmpty()) {
            LOG.infof(
                    "%d of %d inbound messages refused and sent to the dead-letter topic",
                    batch.refused.size(), all.size());
        }
        return new Took(nextOffsets(all), all.size() == records.count());
    }

    /**
     * After a batch committed only in part: each of its partitions goes on from where the commit left
     * it, or from the batch's first offset there (a local seek, as {@link #rewind}).
     */
    private void resumeAfter(ConsumerRecords<byte[], byte[]> batch, Map<TopicPartition, OffsetAndMetadata> committed) {
        try {
            for (TopicPartition partition : batch.partitions()) {
                if (consumer.assignment().contains(partition)) {
                    OffsetAndMetadata next = committed.get(partition);
                    consumer.seek(
                            partition,
                            next != null
                                    ? next.offset()
                                    : batch.records(partition).get(0).offset());
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("%s: could not seek: %s", name, e.getMessage());
        }
    }

    /** A message that failed alone each time it was taken, not yet dead-lettered. */
    private record Failed(ConsumerRecord<byte[], byte[]> record, Throwable failure) {}

    /**
     * Takes the messages one at a time, each in a transaction of its own. One that fails alone is held:
     * when a message after it is taken, it was bad on its own and goes to the dead-letter topic with
     * those held with it, and the poll ends there (so that it is never held for long); when {@link
     * ConsumptionBreaker} opens on them, none is dead-lettered and the poll ends before the first. A poll
     * ending with messages held and the breaker closed dead-letters them (nothing says the stream is at
     * fault: as before the breaker); while probing, it opens the breaker again.
     *
     * @return the messages done with (taken or dead-lettered), whose offsets are committed
     */
    private List<ConsumerRecord<byte[], byte[]>> takeOneByOne(List<ConsumerRecord<byte[], byte[]>> all, Taking batch) {
        List<ConsumerRecord<byte[], byte[]>> done = new ArrayList<>();
        List<Failed> held = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : all) {
            Throwable failure = takeAlone(record, batch);
            if (failure == null) {
                breaker.taken();
                done.add(record);
                if (held.isEmpty()) {
                    continue;
                }
                // a neighbour was taken: those held are tried once more, now, and those failing again
                // were bad on their own (not met by a fault that went away meanwhile)
                for (Failed f : held) {
                    Throwable again = takeAlone(f.record(), batch);
                    if (again != null) {
                        deadLetter(new Failed(f.record(), again), batch);
                    }
                    done.add(f.record());
                }
                return done;
            }
            held.add(new Failed(record, failure));
            if (breaker.failedAlone(failure, describeWithCause(failure))) {
                return done;
            }
        }
        if (!held.isEmpty()) {
            if (breaker.probing()) {
                breaker.probeInconclusive();
            } else {
                held.forEach(f -> deadLetter(f, batch));
                held.forEach(f -> done.add(f.record()));
            }
        }
        return done;
    }

    /**
     * Takes one message in a transaction of its own, up to {@value #ATTEMPTS_ALONE} times in all (once
     * when it has failed that often already, as when the breaker probes): a failure for want of the
     * database or the broker fails the batch, to be taken again.
     *
     * @return null when it was taken (or refused by ingest, as any message can be), else the last failure
     */
    private Throwable takeAlone(ConsumerRecord<byte[], byte[]> record, Taking batch) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        NavigableMap<Long, Integer> failed = failedAttempts.computeIfAbsent(partition, p -> new TreeMap<>());
        int before = failed.getOrDefault(record.offset(), 0);
        int attempts = Math.max(1, ATTEMPTS_ALONE - before);
        Throwable last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Taking alone = new Taking();
            try {
                alone.take(List.of(record));
                batch.add(alone);
                failed.remove(record.offset());
                return null;
            } catch (Throwable failure) {
                if (fatal(failure) || failure instanceof WakeupException || dependencyFailure(failure)) {
                    throw failure;
                }
                last = failure;
                failed.merge(record.offset(), 1, Integer::sum);
                if (breaker.probing()) {
                    LOG.debugf(
                            "%s: probing, the message at %s/%d@%d failed alone: %s",
                            name, record.topic(), record.partition(), record.offset(), describe(failure));
                } else {
                    LOG.warnf(
                            "%s: the message at %s/%d@%d failed alone (attempt %d of %d): %s",
                            name,
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            before + attempt,
                            Math.max(ATTEMPTS_ALONE, before + attempts),
                            describe(failure));
                }
                if (attempt < attempts) {
                    sleep(retryBackoff);
                }
            }
        }
        return last;
    }

    /** Refuses a message that failed alone as {@link ErrorCode#NOT_PROCESSED}, naming the failure. */
    private void deadLetter(Failed failed, Taking batch) {
        ConsumerRecord<byte[], byte[]> record = failed.record();
        String reason = "UMR failed on this message each of the " + ATTEMPTS_ALONE
                + " (or more) times it took it alone, the database and the broker being there: "
                + describeWithCause(failed.failure());
        LOG.errorf(
                failed.failure(),
                "%s: the message at %s/%d@%d goes to the dead-letter topic: %s",
                name,
                record.topic(),
                record.partition(),
                record.offset(),
                reason);
        batch.refused.add(new DeadLetters.Refused(record, new InvalidInputException(ErrorCode.NOT_PROCESSED, reason)));
    }

    /** What taking some of a batch came to: the messages handed to ingest, those taken, those refused. */
    private final class Taking {
        final List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>();
        final List<IngestService.Taken> taken = new ArrayList<>();
        final List<DeadLetters.Refused> refused = new ArrayList<>();

        void take(List<ConsumerRecord<byte[], byte[]>> records) {
            List<ConsumerRecord<byte[], byte[]>> handed = new ArrayList<>();
            List<InboundMessage> messages = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                InvalidInputException misbound = bindings.refusal(record);
                if (misbound != null) {
                    refused.add(new DeadLetters.Refused(record, misbound));
                    continue;
                }
                handed.add(record);
                messages.add(toMessage(record, bindings.sourceOf(record.topic()).orElse(null)));
            }
            IngestService.BatchOutcome outcome = tracing.process(records, () -> ingest.ingest(messages));
            outcome.refused().stream()
                    .map(r -> new DeadLetters.Refused(handed.get(r.position()), r.reason()))
                    .forEach(refused::add);
            add(handed, outcome.taken());
        }

        /** Adds another part's messages, renumbering its taken ones after these. */
        void add(Taking part) {
            add(part.polled, part.taken);
            refused.addAll(part.refused);
        }

        private void add(List<ConsumerRecord<byte[], byte[]>> handed, List<IngestService.Taken> handedTaken) {
            int offset = polled.size();
            polled.addAll(handed);
            handedTaken.stream()
                    .map(t -> new IngestService.Taken(offset + t.position(), t.patients()))
                    .forEach(taken::add);
        }
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
            NavigableMap<Long, Integer> failed = failedAttempts.get(partition);
            if (failed != null) {
                failed.headMap(offset.offset()).clear();
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
        partitions.forEach(failedAttempts::remove);
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
