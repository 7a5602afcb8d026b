package health.umr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.DatabaseState;
import health.umr.support.EmbeddedKafkaResource;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Faults with the real broker and database: a consumer killed mid-stream, a crash between the
 * database commit and the offset commit, a broker restart, two consumers in one group, and
 * PostgreSQL dropping every connection for a while. Each stream ends with every message taken
 * exactly once in effect.
 */
@QuarkusTest
class KafkaRecoveryTest {

    @Inject
    KafkaIngestion kafkaIngestion;

    @Inject
    DatabaseState database;

    @Inject
    DataSource dataSource;

    @Test
    void aConsumerKilledMidStream_resumes_andEveryMessageIsTakenOnce() throws Exception {
        Stream stream = new Stream("kill", 4_000);
        stream.send();
        InboundConsumerLoop first = kafkaIngestion.newLoop(stream.group, List.of(stream.topic));
        Thread running = start(first);
        KafkaTestClient.await("part of the stream", Duration.ofSeconds(120), () -> stream.stored() >= 800);
        first.stop();
        running.join(30_000);
        long storedAtKill = stream.stored();

        InboundConsumerLoop second = kafkaIngestion.newLoop(stream.group, List.of(stream.topic));
        Thread resumed = start(second);
        try {
            KafkaTestClient.await("the whole stream", Duration.ofSeconds(240), () -> stream.stored() == stream.size);
        } finally {
            second.stop();
            resumed.join(30_000);
        }

        assertEquals(true, storedAtKill < stream.size, "the kill came mid-stream");
        stream.assertTakenExactlyOnce();
    }

    @Test
    void aCrashAfterTheDatabaseCommitButBeforeTheOffsetCommit_replaysHarmlessly() throws Exception {
        Stream stream = new Stream("crash", 300);
        stream.send();
        InboundConsumerLoop crashing = kafkaIngestion.newLoop(stream.group, List.of(stream.topic));
        while (stream.stored() == 0) {
            crashing.pollAndIngest(); // taken and committed to the database ...
        }
        crashing.stop(); // ... but the offsets never committed
        Thread closing = start(crashing);
        closing.join(30_000);

        InboundConsumerLoop next = kafkaIngestion.newLoop(stream.group, List.of(stream.topic));
        Thread running = start(next);
        try {
            KafkaTestClient.await("the whole stream", Duration.ofSeconds(60), () -> stream.stored() == stream.size);
        } finally {
            next.stop();
            running.join(30_000);
        }
        stream.assertTakenExactlyOnce();
    }

    @Test
    void theBrokerRestartedMidStream_ingestionResumesByItself() throws Exception {
        Stream stream = new Stream("restart", 1_000);
        InboundConsumerLoop loop = kafkaIngestion.newLoop(stream.group, List.of(stream.topic));
        Thread running = start(loop);
        try {
            stream.send(0, 500);
            KafkaTestClient.await("the first half", Duration.ofSeconds(60), () -> stream.stored() == 500);

            EmbeddedKafkaResource.broker().restart();
            stream.send(500, 1_000);

            KafkaTestClient.await(
                    "the second half after the restart", Duration.ofSeconds(120), () -> stream.stored() == stream.size);
        } finally {
            loop.stop();
            running.join(30_000);
        }
        stream.assertTakenExactlyOnce();
    }

    @Test
    void twoConsumersInOneGroup_splitThePartitions_andTakeEachMessageOnce() throws Exception {
        Stream stream = new Stream("pair", 1_000);
        // two instances as static members: their ids differ (UMR_INSTANCE_ID, or host and data directory)
        InboundConsumerLoop one =
                kafkaIngestion.newLoop(stream.group, List.of(stream.topic), Optional.of("instance-a-0"));
        InboundConsumerLoop two =
                kafkaIngestion.newLoop(stream.group, List.of(stream.topic), Optional.of("instance-b-0"));
        Thread first = start(one);
        Thread second = start(two);
        try {
            stream.send();
            KafkaTestClient.await("the whole stream", Duration.ofSeconds(120), () -> stream.stored() == stream.size);
        } finally {
            one.stop();
            two.stop();
            first.join(30_000);
            second.join(30_000);
        }
        stream.assertTakenExactlyOnce();
    }

    @Test
    void postgresDroppingEveryConnectionForAWhile_losesNothing() throws Exception {
        Stream stream = new Stream("pgdown", 2_000);
        InboundConsumerLoop loop = kafkaIngestion.newLoop(stream.group, List.of(stream.topic));
        AtomicBoolean outage = new AtomicBoolean(true);
        Thread saboteur = new Thread(() -> dropConnectionsWhile(outage));
        Thread running = start(loop);
        try {
            stream.send();
            KafkaTestClient.await("ingestion under way", Duration.ofSeconds(60), () -> stream.stored() > 0);
            saboteur.start();
            Thread.sleep(3_000);
            outage.set(false);
            saboteur.join();
            KafkaTestClient.await(
                    "the whole stream after the outage", Duration.ofSeconds(180), () -> stream.stored() == stream.size);
        } finally {
            outage.set(false);
            loop.stop();
            running.join(30_000);
        }
        stream.assertTakenExactlyOnce();
    }

    private void dropConnectionsWhile(AtomicBoolean outage) {
        while (outage.get()) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                + "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
            } catch (Exception ignored) {
                // our own connection may be one that another pass killed; try again
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread start(InboundConsumerLoop loop) {
        Thread thread = new Thread(loop, "test-consumer-" + UUID.randomUUID());
        thread.start();
        return thread;
    }

    /** A numbered stream of distinct MedicationStatements from one source on its own topic. */
    private final class Stream {
        final String topic;
        final String group;
        final String sourceId;
        final String system;
        final int size;
        final String nhsNumber = Feeds.newNhsNumber();

        Stream(String name, int size) {
            this.topic = "umr.test." + name + "." + UUID.randomUUID().toString().substring(0, 8);
            this.group = "umr-test-" + name;
            this.sourceId = "gp-stream-" + name;
            this.system = Feeds.source(sourceId, "gp");
            this.size = size;
        }

        void send() {
            send(0, size);
        }

        void send(int from, int to) {
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                for (int i = from; i < to; i++) {
                    kafka.send(
                            topic,
                            nhsNumber,
                            sourceId,
                            Feeds.statement(
                                    system,
                                    sourceId + "-" + i,
                                    nhsNumber,
                                    "active",
                                    "2026-11-01T10:00:00Z",
                                    "10mg at night"));
                }
                kafka.flush();
            }
        }

        long stored() {
            return database.count("SELECT count(*) FROM source_record WHERE source_id = ?", sourceId);
        }

        void assertTakenExactlyOnce() {
            assertEquals(
                    size,
                    database.count(
                            "SELECT count(DISTINCT business_key) FROM source_record WHERE source_id = ?", sourceId));
            assertEquals(
                    size,
                    database.count("SELECT count(*) FROM source_record WHERE source_id = ?", sourceId),
                    "no duplicate source records");
            assertEquals(
                    size,
                    database.count("SELECT count(*) FROM inbound_message WHERE source_hint = ?", sourceId),
                    "one inbound log entry per message, however often it was delivered");
            assertEquals(
                    size,
                    database.count("SELECT count(*) FROM source_record WHERE source_id = ? AND version = 1", sourceId),
                    "no record was rewritten by a replay");
        }
    }
}
