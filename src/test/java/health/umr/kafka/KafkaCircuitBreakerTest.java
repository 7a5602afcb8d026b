package health.umr.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.EmbeddedKafkaResource;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A failure that is not the messages' fault, made for real in the database: a trigger refuses every
 * inbound log entry of one source as a revoked grant would (SQLSTATE 42501), so every message of its
 * stream fails, alone as in a batch. The consumer must not empty the stream into the dead-letter
 * topic: it pauses, says so (readiness, the metric, one ERROR line), commits nothing, and when the
 * trigger goes it resumes by itself and takes every message once. Against it, messages bad on their
 * own (the trigger refusing only them) followed by a good one are dead-lettered one by one; and a
 * paused consumer whose probe finds nothing to take resumes too.
 */
@QuarkusTest
class KafkaCircuitBreakerTest {

    private static final int MESSAGES = 12;

    @Inject
    KafkaIngestion kafkaIngestion;

    @Inject
    DatabaseState database;

    @Inject
    MeterRegistry metrics;

    @Test
    void everyMessageFailingInTheSameWay_pausesConsumption_deadLettersNothing_andResumesWhenTheFaultGoes()
            throws Exception {
        PausedStream paused = pausedStream(
                2, MESSAGES, "permission denied for table inbound_message (the test''s revoked grant)", "42501");
        Stream stream = paused.stream();
        try (paused) {
            given().get("/q/health/ready")
                    .then()
                    // still ready: the instance takes reads and REST ingest; the pause is named, not a 503
                    .statusCode(200)
                    .body("checks.find { it.name == 'Kafka' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'Kafka' }.data.paused", containsString("consumption paused"))
                    .body("checks.find { it.name == 'Kafka' }.data.paused", containsString("42501"));
            assertEquals(0, stream.stored(), "nothing stored");
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                assertFalse(kafka.caughtUp(stream.group, stream.topic), "nothing committed past the failing messages");
            }

            stream.allow();
            KafkaTestClient.await(
                    "the whole stream once the fault is gone",
                    Duration.ofSeconds(180),
                    () -> stream.stored() == MESSAGES);
            stream.assertFlowing(paused.loop(), "consumption resumed");
        }

        assertEquals(
                MESSAGES,
                database.count(
                        "SELECT count(*) FROM source_record WHERE source_id = ? AND business_key LIKE ? AND version = 1",
                        stream.sourceId,
                        "%" + stream.prefix + "-%"),
                "each message stored once, as one delivery would");
        assertEquals(
                MESSAGES,
                database.count(
                        "SELECT count(*) FROM inbound_message WHERE source_hint = ?"
                                + " AND convert_from(body, 'UTF8') LIKE ? AND outcome <> '{}'",
                        stream.sourceId,
                        "%" + stream.prefix + "-%"),
                "one inbound log entry per message, with its outcome");
        assertEquals(0, stream.deadLetters().size(), "no message of the stream dead-lettered");
        assertEquals(1, paused.errors().paused(), "one ERROR line for the pause, not one per message or probe");
        assertEquals(0, paused.errors().deadLettered(), "no dead-lettering logged");
    }

    /** One fewer than the threshold (5): never paused; each bad message dead-lettered once a good one is taken. */
    @Test
    void fourBadMessagesThenAGoodOne_eachBadOneIsDeadLetteredWithItsReason_withoutAPause() throws Exception {
        LoopErrorLines errors = badMessagesThenAGoodOne(4);
        assertEquals(0, errors.paused(), "four in a row is below the threshold: no pause");
    }

    /**
     * At the threshold: five in a row failing the same way, none taken between, is what a fault looks
     * like, so consumption pauses first (as README's Operations says); its first probe takes the good
     * message, which resumes it and sends the five to the dead-letter topic as any bad message goes.
     */
    @Test
    void fiveBadMessagesThenAGoodOne_eachBadOneIsDeadLetteredWithItsReason_andConsumptionFlowsOn() throws Exception {
        LoopErrorLines errors = badMessagesThenAGoodOne(5);
        assertEquals(1, errors.paused(), "paused once, at the fifth, and resumed by the first probe");
    }

    private LoopErrorLines badMessagesThenAGoodOne(int bad) throws Exception {
        Stream stream = new Stream(1);
        stream.send(bad + 1, i -> i < bad ? "bad-" + i : "good");
        stream.refuse(
                "convert_from(NEW.body, 'UTF8') LIKE '%" + stream.prefix + "-bad-%'",
                "the test''s message UMR cannot store",
                "P0001");
        LoopErrorLines errors = LoopErrorLines.capture();
        try (WatchedLoop loop = stream.start()) {
            KafkaTestClient.await("the good message", Duration.ofSeconds(180), () -> stream.stored() == 1);
            stream.assertFlowing(loop, "consumption flowing");
        } finally {
            stream.allow();
            errors.release();
        }
        assertEquals(1, stream.stored("good"), "the good message stored");
        assertEquals(0, stream.stored("bad-%"), "no bad message stored");
        List<ConsumerRecord<byte[], byte[]>> letters = stream.deadLetters();
        assertEquals(bad, letters.size(), "each bad message dead-lettered, once");
        for (int i = 0; i < bad; i++) {
            String body = stream.prefix + "-bad-" + i + "\"";
            List<ConsumerRecord<byte[], byte[]>> its = letters.stream()
                    .filter(l -> new String(l.value(), StandardCharsets.UTF_8).contains(body))
                    .toList();
            assertEquals(1, its.size(), "bad message " + i + " dead-lettered alone");
            assertEquals("UMR-0028", KafkaTestClient.header(its.get(0), "umr-error-code"));
            String reason = KafkaTestClient.header(its.get(0), "umr-error");
            assertTrue(reason.contains("the test's message UMR cannot store") && reason.contains("P0001"), reason);
        }
        assertEquals(bad, errors.deadLettered(), "one ERROR line per dead letter");
        return errors;
    }

    /**
     * Paused, the fault then cleared, and nothing left to take: the messages it held are gone from the
     * topic meanwhile (as retention, or an operator's kafka-delete-records, removes them), and none
     * comes. The probe's poll is empty with every partition caught up, which resumes consumption.
     */
    @Test
    void aPausedConsumerWhoseProbeFindsNothingToTake_resumes() throws Exception {
        PausedStream paused = pausedStream(1, 5, "the test''s fault", "XX000");
        Stream stream = paused.stream();
        try (paused) {
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    EmbeddedKafkaResource.broker().bootstrapServers()))) {
                admin.deleteRecords(Map.of(new TopicPartition(stream.topic, 0), RecordsToDelete.beforeOffset(5)))
                        .all()
                        .get();
            }
            stream.allow();
            KafkaTestClient.await(
                    "consumption resumed",
                    Duration.ofSeconds(120),
                    () -> paused.loop().pausedBecause().isEmpty());
            assertEquals(0.0, paused(), "umr_kafka_consumption_paused");
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'Kafka' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'Kafka' }.data.paused", nullValue());
            assertEquals(0, stream.stored(), "nothing was there to take");

            stream.send(1, i -> "after");
            KafkaTestClient.await("a message sent after", Duration.ofSeconds(60), () -> stream.stored() == 1);
            stream.assertFlowing(paused.loop(), "consumption flowing after");
        }
        assertEquals(0, stream.deadLetters().size(), "nothing dead-lettered");
        assertEquals(1, paused.errors().paused(), "one ERROR line for the pause");
    }

    private double paused() {
        return metrics.get("umr.kafka.consumption.paused").gauge().value();
    }

    /**
     * The breaker tripped: a new stream of {@code messages} (on {@code partitions} partitions), every inbound log
     * entry of which a trigger refuses ({@code reason}, {@code sqlState}), its loop started with the loop's ERROR
     * lines captured, and paused by the refusals, the gauge saying so. Closing it stops the loop, drops the
     * trigger and stops capturing (the lines captured stay to be counted).
     */
    private PausedStream pausedStream(int partitions, int messages, String reason, String sqlState) throws Exception {
        Stream stream = new Stream(partitions);
        stream.send(messages, i -> String.valueOf(i));
        stream.refuse("TRUE", reason, sqlState);
        LoopErrorLines errors = LoopErrorLines.capture();
        PausedStream paused = new PausedStream(stream, stream.start(), errors);
        try {
            KafkaTestClient.await(
                    "consumption paused",
                    Duration.ofSeconds(180),
                    () -> paused.loop().pausedBecause().isPresent());
            assertEquals(1.0, paused(), "umr_kafka_consumption_paused");
        } catch (Throwable notPaused) {
            paused.close();
            throw notPaused;
        }
        return paused;
    }

    /** A stream whose loop the breaker paused, with the loop's ERROR lines: see {@link #pausedStream}. */
    private record PausedStream(Stream stream, WatchedLoop loop, LoopErrorLines errors) implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            try {
                loop.close();
            } finally {
                stream.allow();
                errors.release();
            }
        }
    }

    /** A test's own topic, group and messages of one source, and a trigger refusing some of them. */
    private final class Stream {
        final String unique = UUID.randomUUID().toString().substring(0, 8);
        final String topic = "umr.test.breaker." + unique;
        final String group = "umr-test-breaker-" + unique;
        final String sourceId = "gp-breaker";
        final String system = Feeds.source(sourceId, "gp");
        final String nhsNumber = Feeds.newNhsNumber();
        final String prefix = "breaker-" + unique;
        private final String refuse = "umr_test_refuse_" + unique.replace('-', '_');
        private boolean refusing;

        Stream(int partitions) {
            KafkaTestClient.createTopic(topic, partitions);
        }

        /** {@code count} MedicationStatements of one patient, identified {@code prefix-<name(i)>}, in order. */
        void send(int count, java.util.function.IntFunction<String> name) {
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                for (int i = 0; i < count; i++) {
                    kafka.send(
                            topic,
                            nhsNumber,
                            sourceId,
                            Feeds.statement(
                                    system,
                                    prefix + "-" + name.apply(i),
                                    nhsNumber,
                                    "active",
                                    "2026-11-01T10:00:00Z",
                                    "10mg at night"));
                }
                kafka.flush();
            }
        }

        /** Refuses the source's inbound log entries for which {@code when} holds, with that message and SQLSTATE. */
        void refuse(String when, String message, String sqlState) {
            database.execute("CREATE FUNCTION " + refuse + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE EXCEPTION '" + message + "' USING ERRCODE = '" + sqlState + "'; END $$");
            refusing = true;
            database.execute("CREATE TRIGGER " + refuse + " BEFORE INSERT ON inbound_message FOR EACH ROW"
                    + " WHEN (NEW.source_hint = '" + sourceId + "' AND (" + when + ")) EXECUTE FUNCTION "
                    + refuse + "()");
        }

        void allow() {
            if (refusing) {
                database.execute("DROP TRIGGER IF EXISTS " + refuse + " ON inbound_message");
                database.execute("DROP FUNCTION IF EXISTS " + refuse + "()");
                refusing = false;
            }
        }

        WatchedLoop start() {
            return WatchedLoop.start(kafkaIngestion, group, topic, Duration.ofMillis(200));
        }

        long stored() {
            return stored("%");
        }

        long stored(String name) {
            return database.count(
                    "SELECT count(*) FROM source_record WHERE source_id = ? AND business_key LIKE ?",
                    sourceId,
                    "%" + prefix + "-" + name);
        }

        /**
         * Consumption flows again ({@code what}): every offset committed, the loop not paused and
         * running, and the paused-loops gauge back to 0.
         */
        void assertFlowing(WatchedLoop loop, String what) {
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                KafkaTestClient.await(
                        what + ": the offsets committed", Duration.ofSeconds(60), () -> kafka.caughtUp(group, topic));
            }
            KafkaTestClient.await(
                    what + ": not paused",
                    Duration.ofSeconds(60),
                    () -> loop.pausedBecause().isEmpty());
            assertEquals(0.0, paused(), what + ": umr_kafka_consumption_paused");
            assertTrue(loop.running(), what + ": the loop still runs");
        }

        List<ConsumerRecord<byte[], byte[]>> deadLetters() {
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                return kafka.readToEnd("umr.inbound.dlq", Duration.ofSeconds(60)).stream()
                        .filter(letter -> {
                            String origin = KafkaTestClient.header(letter, "umr-origin");
                            return origin != null && origin.startsWith(topic + "/");
                        })
                        .toList();
            }
        }
    }
}
