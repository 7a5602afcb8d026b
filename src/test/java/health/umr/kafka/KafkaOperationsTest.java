package health.umr.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.ChildJvm;
import health.umr.support.DatabaseState;
import health.umr.support.EmbeddedKafkaResource;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Kafka in operation, with the real broker: readiness waits for the broker's first answer and then
 * stays up through an outage, naming it; a consumer restarted after
 * a crash takes its partitions back at once (static membership); a batch whose dead letters could not
 * be written because the broker went away mid-batch is taken again, dead letters and all, once the
 * broker is back, though no rebalance follows; and lag is exported per partition.
 */
@QuarkusTest
class KafkaOperationsTest {

    /** Metrics are on the management port (application.properties). */
    @io.quarkus.test.common.http.TestHTTPResource(value = "", management = true)
    java.net.URL management;

    private static final Pattern LAG =
            Pattern.compile("umr_kafka_consumer_lag\\{partition=\"(\\d+)\",topic=\"([^\"]+)\"\\} ([0-9.E+-]+)");

    @Inject
    KafkaIngestion kafkaIngestion;

    @Inject
    DatabaseState database;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry metrics;

    /**
     * Reached, then lost: still ready (reads and REST ingest go on; every instance meets the same
     * outage, and taking them all out of the load balancer would stop clinicians' reads), the outage
     * named in the Kafka check; gone from it once the broker is back.
     */
    @Test
    void theBrokerGoneAfterItWasReached_readinessStaysUp_andNamesTheOutage() {
        KafkaTestClient.await("ready", Duration.ofSeconds(30), () -> status("/q/health/ready") == 200);
        EmbeddedKafkaResource.broker().stop();
        try {
            KafkaTestClient.await(
                    "the Kafka check naming the outage",
                    Duration.ofSeconds(15),
                    () -> given().get("/q/health/ready")
                                    .then()
                                    .extract()
                                    .path("checks.find { it.name == 'Kafka' }.data.unavailable")
                            != null);
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'Kafka' }.status", equalTo("UP"))
                    .body(
                            "checks.find { it.name == 'Kafka' }.data.unavailable",
                            startsWith("Kafka broker unavailable: "))
                    .body("checks.find { it.name == 'Kafka' }.data.since", notNullValue());
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            EmbeddedKafkaResource.broker().restart();
        }
        KafkaTestClient.await(
                "the outage gone from the Kafka check with the broker back",
                Duration.ofSeconds(60),
                () -> given().get("/q/health/ready")
                                .then()
                                .extract()
                                .path("checks.find { it.name == 'Kafka' }.data.unavailable")
                        == null);
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'Kafka' }.data.since", nullValue());
    }

    /**
     * Never reached since start: not ready, the check saying why. The broker address is a real port
     * nothing listens on (as a wrong KAFKA_BOOTSTRAP_SERVERS would be), asked by the real Kafka admin client.
     */
    @Test
    void aBrokerNeverReachedSinceStart_leavesTheInstanceUnready() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        KafkaMonitor monitor = new KafkaMonitor(Optional.of("127.0.0.1:" + closed));
        KafkaReadiness readiness = new KafkaReadiness(monitor, kafkaIngestion);
        HealthCheckResponse before = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, before.getStatus(), "not ready before the broker is asked");
        monitor.start(null);
        try {
            KafkaTestClient.await(
                    "the broker asked",
                    Duration.ofSeconds(30),
                    () -> monitor.problem()
                            .filter(p -> !p.equals("not asked yet"))
                            .isPresent());
            HealthCheckResponse after = readiness.call();
            assertEquals(HealthCheckResponse.Status.DOWN, after.getStatus());
            String problem = String.valueOf(after.getData().orElseThrow().get("problem"));
            assertTrue(
                    problem.startsWith("the broker has not answered since this instance started: ")
                            && problem.contains("127.0.0.1:" + closed),
                    problem);
            assertFalse(monitor.reached());
        } finally {
            monitor.stop(null);
        }
    }

    @Test
    void afterACrash_aConsumerUnderTheSameInstanceId_resumesWithinTenSeconds() {
        String topic = "umr.test.static." + UUID.randomUUID().toString().substring(0, 8);
        String group = "umr-test-static-" + UUID.randomUUID();
        String sourceId = "gp-static";
        String system = Feeds.source(sourceId, "gp");
        String instance = "static-test-0";
        send(topic, sourceId, system, "before", 10);
        try (ChildJvm crashed = ChildJvm.start(
                StaticMemberLauncher.class,
                EmbeddedKafkaResource.broker().bootstrapServers(),
                group,
                instance,
                topic)) {
            crashed.awaitLine("TAKEN", Duration.ofSeconds(120));
            crashed.kill(); // SIGKILL: no leave-group, its partitions stay its own until the session times out
        }
        send(topic, sourceId, system, "after", 20);

        Instant started = Instant.now();
        InboundConsumerLoop restarted = kafkaIngestion.newLoop(group, List.of(topic), Optional.of(instance));
        Thread running = new Thread(restarted, "test-static-consumer");
        running.start();
        try {
            KafkaTestClient.await(
                    "the messages sent after the crash",
                    Duration.ofSeconds(60),
                    () -> database.count(
                                    "SELECT count(*) FROM source_record WHERE source_id = ? AND business_key LIKE '%|after-%'",
                                    sourceId)
                            == 20);
        } finally {
            restarted.stop();
            join(running);
        }
        Duration resumed = Duration.between(started, Instant.now());
        System.out.printf("consumption resumed %d ms after the restarted consumer started%n", resumed.toMillis());
        // a dynamic member would wait out the dead one's 45 s session before the group rebalanced
        assertTrue(resumed.compareTo(Duration.ofSeconds(10)) < 0, "consumption resumed after " + resumed);
    }

    @Test
    void twoConsumersWithOneInstanceId_theFirstStops_andSaysWhy() {
        String topic = "umr.test.clash." + UUID.randomUUID().toString().substring(0, 8);
        String group = "umr-test-clash-" + UUID.randomUUID();
        String sourceId = "gp-clash";
        send(topic, sourceId, Feeds.source(sourceId, "gp"), "clash", 5);
        InboundConsumerLoop first = kafkaIngestion.newLoop(group, List.of(topic), Optional.of("clash-0"));
        Thread firstThread = new Thread(first, "test-clash-first");
        firstThread.start();
        KafkaTestClient.await(
                "the first consumer taking the topic",
                Duration.ofSeconds(60),
                () -> database.count("SELECT count(*) FROM source_record WHERE source_id = ?", sourceId) == 5);
        InboundConsumerLoop second = kafkaIngestion.newLoop(group, List.of(topic), Optional.of("clash-0"));
        Thread secondThread = new Thread(second, "test-clash-second");
        secondThread.start();
        try {
            KafkaTestClient.await(
                    "the first consumer fenced off",
                    Duration.ofSeconds(60),
                    () -> first.stoppedBecause().isPresent());
            assertTrue(
                    first.stoppedBecause().get().contains("UMR_INSTANCE_ID"),
                    first.stoppedBecause().get());
            join(firstThread);
            assertTrue(!firstThread.isAlive(), "the fenced consumer stopped");
        } finally {
            first.stop();
            second.stop();
            join(firstThread);
            join(secondThread);
        }
    }

    @Test
    void theBrokerStoppedMidBatch_theBatchIsTakenAgainWithItsDeadLetters_andEachIsWrittenOnce() throws Exception {
        String topic = "umr.test.dlq-rewind." + UUID.randomUUID().toString().substring(0, 8);
        String sourceId = "gp-dlq-rewind";
        String system = Feeds.source(sourceId, "gp");
        String nhs = Feeds.newNhsNumber();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int i = 0; i < 9; i++) {
                String statement = statement(system, "rewind-" + i, nhs);
                // every third one carries an NHS number that fails its check digit: refused, dead-lettered
                kafka.send(topic, nhs, sourceId, i % 3 == 2 ? statement.replace(nhs, "9449306681") : statement);
            }
            kafka.flush();
        }
        double failedBefore = failedBatches();
        InboundConsumerLoop loop = kafkaIngestion.newLoop(
                "umr-test-dlq-rewind-" + UUID.randomUUID(), List.of(topic), Optional.of("dlq-rewind-0"));
        Thread running = new Thread(loop, "test-dlq-rewind-consumer");
        try (Connection holder = dataSource.getConnection();
                Statement lock = holder.createStatement()) {
            holder.setAutoCommit(false);
            lock.execute("LOCK TABLE inbound_message IN SHARE MODE"); // the batch's inserts wait for this
            running.start();
            KafkaTestClient.await(
                    "the batch held mid-way in the database",
                    Duration.ofSeconds(60),
                    () -> database.count(
                                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%inbound_message%'")
                            > 0);
            EmbeddedKafkaResource.broker().stop();
            holder.commit(); // the batch is stored; its dead letters cannot be written
        }
        try {
            KafkaTestClient.await(
                    "the batch to fail on its dead letters",
                    Duration.ofSeconds(60),
                    () -> failedBatches() > failedBefore);
            KafkaTestClient.await(
                    "the failed batch shown as lag",
                    Duration.ofSeconds(10),
                    () -> lags(topic).stream().mapToDouble(Double::doubleValue).sum() == 9);
        } finally {
            EmbeddedKafkaResource.broker().restart();
        }
        try {
            KafkaTestClient.await(
                    "the dead letters once the broker is back",
                    Duration.ofSeconds(120),
                    () -> deadLettersOf(topic, 3).size() >= 3);
            KafkaTestClient.await(
                    "the lag back to 0",
                    Duration.ofSeconds(30),
                    () -> !lags(topic).isEmpty() && lags(topic).stream().allMatch(lag -> lag == 0));
        } finally {
            loop.stop();
            join(running);
        }
        List<ConsumerRecord<byte[], byte[]>> deadLetters = deadLettersOf(topic, 4);
        assertEquals(3, deadLetters.size(), "each dead letter written once");
        assertEquals(
                3,
                deadLetters.stream()
                        .map(r -> KafkaTestClient.header(r, "umr-origin"))
                        .distinct()
                        .count());
        assertEquals(6, database.count("SELECT count(*) FROM source_record WHERE source_id = ?", sourceId));
    }

    private static void send(String topic, String sourceId, String system, String prefix, int count) {
        String nhs = Feeds.newNhsNumber();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int i = 0; i < count; i++) {
                kafka.send(topic, nhs, sourceId, statement(system, prefix + "-" + i, nhs));
            }
            kafka.flush();
        }
    }

    private static String statement(String system, String identifier, String nhs) {
        return Feeds.statement(system, identifier, nhs, "active", "2026-11-01T10:00:00Z", "10mg at night");
    }

    /** The dead letters of {@code topic}, read until {@code enough} are seen or a few seconds pass. */
    private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String topic, int enough) {
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            return kafka
                    .readUntil(
                            "umr.inbound.dlq",
                            read -> read.stream().filter(r -> from(r, topic)).count() >= enough,
                            Duration.ofSeconds(5))
                    .stream()
                    .filter(r -> from(r, topic))
                    .toList();
        }
    }

    private static boolean from(ConsumerRecord<byte[], byte[]> deadLetter, String topic) {
        String origin = KafkaTestClient.header(deadLetter, "umr-origin");
        return origin != null && origin.startsWith(topic + "/");
    }

    private double failedBatches() {
        return metrics.get("umr.kafka.batches.failed").counter().count();
    }

    /** umr_kafka_consumer_lag of each partition of {@code topic}, as /q/metrics shows it. */
    private List<Double> lags(String topic) {
        Matcher lag = LAG.matcher(
                given().get(java.net.URI.create(management.toString()).resolve("/q/metrics"))
                        .asString());
        List<Double> lags = new java.util.ArrayList<>();
        while (lag.find()) {
            if (lag.group(2).equals(topic)) {
                lags.add(Double.parseDouble(lag.group(3)));
            }
        }
        return lags;
    }

    private static int status(String path) {
        return given().get(path).statusCode();
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
