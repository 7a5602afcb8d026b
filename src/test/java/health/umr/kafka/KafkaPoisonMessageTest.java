package health.umr.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.ingest.InboundMessage;
import health.umr.ingest.IngestService;
import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Failures that are not an outage, with the real broker and database. The failure itself comes from a
 * narrow seam: the loop's batches go through the real {@link IngestService}, wrapped to throw an Error
 * for a message marked "poison" (no real input is known to raise one; pgjdbc's AssertionError, met in
 * CI under a connection kill, is not reproducible on demand). A message that fails every time ends in
 * the dead-letter topic with its reason while the rest is taken once; a VirtualMachineError stops the
 * loop, liveness and readiness say so, and nothing uncommitted is lost.
 */
@QuarkusTest
class KafkaPoisonMessageTest {

    private static final String POISON = "with-a-seam-marker";

    @Inject
    KafkaIngestion kafkaIngestion;

    @Inject
    IngestService ingest;

    @Inject
    DatabaseState database;

    @Test
    void aMessageThatFailsWithAnErrorEveryTime_endsInTheDeadLetterTopicWithItsReason_andTheRestIsTakenOnce()
            throws Exception {
        Stream stream = new Stream("errors", 3);
        stream.send(0, 40, 17);
        LoopErrorLines errors = LoopErrorLines.capture();
        InboundConsumerLoop loop = kafkaIngestion.newLoop(
                stream.group,
                List.of(stream.topic),
                Optional.empty(),
                failingOn(() -> new AssertionError("the test's seam: an Error on this message")));
        Thread running = start(loop);
        try {
            KafkaTestClient.await(
                    "every message but the poison one", Duration.ofSeconds(120), () -> stream.stored() == 39);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = stream.deadLetters(1);
            assertEquals(1, deadLetters.size(), "the poison message dead-lettered once");
            ConsumerRecord<byte[], byte[]> letter = deadLetters.get(0);
            assertTrue(new String(letter.value(), StandardCharsets.UTF_8).contains(stream.prefix + "-17-" + POISON));
            assertEquals("UMR-0028", KafkaTestClient.header(letter, "umr-error-code"));
            assertTrue(
                    KafkaTestClient.header(letter, "umr-error").contains("java.lang.AssertionError"),
                    KafkaTestClient.header(letter, "umr-error"));

            stream.send(40, 45, -1); // the loop goes on
            KafkaTestClient.await("the messages sent after", Duration.ofSeconds(60), () -> stream.stored() == 44);
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                KafkaTestClient.await(
                        "the offsets committed past the poison message",
                        Duration.ofSeconds(60),
                        () -> kafka.caughtUp(stream.group, stream.topic));
            }
            assertTrue(running.isAlive() && loop.diedBecause().isEmpty(), "the loop still runs");
        } finally {
            loop.stop();
            running.join(30_000);
            errors.release();
        }
        stream.assertTakenExactlyOnce(44);
        assertTrue(
                errors.records.stream()
                        .anyMatch(r -> r.getThrown() instanceof AssertionError
                                && r.getMessage().contains("failed, not for want of the database")),
                "the batch's failure logged at ERROR with its cause");
        assertTrue(
                errors.records.stream()
                        .anyMatch(r -> r.getThrown() instanceof AssertionError
                                && r.getMessage().contains("goes to the dead-letter topic")),
                "the dead-lettering logged at ERROR with its cause");
    }

    @Test
    void aVirtualMachineError_stopsTheLoop_healthSaysSo_andNothingUncommittedIsLost() throws Exception {
        Stream stream = new Stream("vmerror", 1);
        stream.send(0, 10, 4);
        InboundConsumerLoop dying = kafkaIngestion.newLoop(
                stream.group,
                List.of(stream.topic),
                Optional.empty(),
                failingOn(() -> new OutOfMemoryError("the test's seam: a VirtualMachineError")));
        Thread running = new Thread(dying, "test-consumer-" + UUID.randomUUID());
        kafkaIngestion.watch(dying, running);
        try {
            running.start();
            running.join(120_000);
            assertTrue(!running.isAlive(), "the loop stopped");
            assertTrue(dying.diedBecause().orElseThrow().contains("OutOfMemoryError"), dying.diedBecause()::get);
            given().get("/q/health/live")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'Kafka consumers' }.status", equalTo("DOWN"))
                    .body(
                            "checks.find { it.name == 'Kafka consumers' }.data.problem",
                            containsString("OutOfMemoryError"));
            given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'Kafka' }.status", equalTo("DOWN"));
        } finally {
            kafkaIngestion.unwatch(dying);
        }
        given().get("/q/health/live").then().statusCode(200);

        // a restarted instance (here, a loop on the real ingest) takes what the dead one had not committed
        InboundConsumerLoop next = kafkaIngestion.newLoop(stream.group, List.of(stream.topic));
        Thread resumed = start(next);
        try {
            KafkaTestClient.await("the whole stream", Duration.ofSeconds(120), () -> stream.stored() == 10);
        } finally {
            next.stop();
            resumed.join(30_000);
        }
        stream.assertTakenExactlyOnce(10);
    }

    /** The real ingest, but a batch holding a message marked poison throws what {@code failure} makes. */
    private InboundConsumerLoop.Batches failingOn(java.util.function.Supplier<Throwable> failure) {
        return batch -> {
            for (InboundMessage message : batch) {
                if (new String(message.body(), StandardCharsets.UTF_8).contains(POISON)) {
                    Throwable thrown = failure.get();
                    if (thrown instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) thrown;
                }
            }
            return ingest.ingest(batch);
        };
    }

    private static Thread start(InboundConsumerLoop loop) {
        Thread thread = new Thread(loop, "test-consumer-" + UUID.randomUUID());
        thread.start();
        return thread;
    }

    /** Distinct MedicationStatements from one source on a topic of its own. */
    private final class Stream {
        final String topic;
        final String group;
        final String sourceId;
        final String system;
        final String prefix;
        final String nhsNumber = Feeds.newNhsNumber();

        Stream(String name, int partitions) {
            String unique = UUID.randomUUID().toString().substring(0, 8);
            this.topic = "umr.test." + name + "." + unique;
            this.group = "umr-test-" + name + "-" + unique;
            this.sourceId = "gp-" + name;
            this.prefix = name + "-" + unique;
            this.system = Feeds.source(sourceId, "gp");
            KafkaTestClient.createTopic(topic, partitions);
        }

        /** Messages from..to-1; the one numbered {@code poisoned} (if any) is marked poison. */
        void send(int from, int to, int poisoned) {
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                for (int i = from; i < to; i++) {
                    String identifier = prefix + "-" + i + (i == poisoned ? "-" + POISON : "");
                    kafka.send(
                            topic,
                            nhsNumber,
                            sourceId,
                            Feeds.statement(
                                    system, identifier, nhsNumber, "active", "2026-11-01T10:00:00Z", "10mg at night"));
                }
                kafka.flush();
            }
        }

        long stored() {
            return database.count(
                    "SELECT count(*) FROM source_record WHERE source_id = ? AND business_key LIKE ?",
                    sourceId,
                    "%" + prefix + "-%");
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters(int enough) {
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                return kafka
                        .readUntil(
                                "umr.inbound.dlq",
                                read -> read.stream().filter(this::fromHere).count() >= enough,
                                Duration.ofSeconds(10))
                        .stream()
                        .filter(this::fromHere)
                        .toList();
            }
        }

        private boolean fromHere(ConsumerRecord<byte[], byte[]> deadLetter) {
            String origin = KafkaTestClient.header(deadLetter, "umr-origin");
            return origin != null && origin.startsWith(topic + "/");
        }

        void assertTakenExactlyOnce(int size) {
            assertEquals(size, stored(), "no duplicate source records");
            assertEquals(
                    size,
                    database.count(
                            "SELECT count(*) FROM source_record WHERE source_id = ? AND business_key LIKE ? AND version = 1",
                            sourceId,
                            "%" + prefix + "-%"),
                    "no record rewritten by a retry");
            assertEquals(
                    size,
                    database.count(
                            "SELECT count(*) FROM inbound_message WHERE source_hint = ? AND convert_from(body, 'UTF8') LIKE ?",
                            sourceId,
                            "%" + prefix + "-%"),
                    "one inbound log entry per message taken, however often it was tried");
        }
    }
}
