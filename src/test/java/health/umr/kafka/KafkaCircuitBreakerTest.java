package health.umr.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A failure that is not the messages' fault, made for real in the database: a trigger refuses every
 * inbound log entry of one source as a revoked grant would (SQLSTATE 42501), so every message of its
 * stream fails, alone as in a batch. The consumer must not empty the stream into the dead-letter
 * topic: it pauses, says so (readiness, the metric, one ERROR line), commits nothing, and when the
 * trigger goes it resumes by itself and takes every message once.
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
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String topic = "umr.test.breaker." + unique;
        String group = "umr-test-breaker-" + unique;
        String sourceId = "gp-breaker";
        String system = Feeds.source(sourceId, "gp");
        String nhsNumber = Feeds.newNhsNumber();
        String prefix = "breaker-" + unique;
        String refuse = "umr_test_refuse_" + unique.replace('-', '_');
        KafkaTestClient.createTopic(topic, 2);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int i = 0; i < MESSAGES; i++) {
                kafka.send(
                        topic,
                        nhsNumber,
                        sourceId,
                        Feeds.statement(
                                system,
                                prefix + "-" + i,
                                nhsNumber,
                                "active",
                                "2026-11-01T10:00:00Z",
                                "10mg at night"));
            }
            kafka.flush();
        }
        database.execute("CREATE FUNCTION " + refuse + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'permission denied for table inbound_message (the test''s revoked grant)'"
                + " USING ERRCODE = '42501'; END $$");
        database.execute("CREATE TRIGGER " + refuse + " BEFORE INSERT ON inbound_message FOR EACH ROW"
                + " WHEN (NEW.source_hint = '" + sourceId + "') EXECUTE FUNCTION " + refuse + "()");
        boolean triggerDropped = false;
        LoopErrorLines errors = LoopErrorLines.capture();
        // umr.kafka.retry-backoff (2 s) shortened, so that the test is quick: the same steps, sooner
        InboundConsumerLoop loop = kafkaIngestion.newLoop(group, List.of(topic), Duration.ofMillis(200));
        Thread running = new Thread(loop, "test-consumer-" + unique);
        kafkaIngestion.watch(loop, running);
        try {
            running.start();
            KafkaTestClient.await(
                    "consumption paused",
                    Duration.ofSeconds(180),
                    () -> loop.pausedBecause().isPresent());
            given().get("/q/health/ready")
                    .then()
                    // still ready: the instance takes reads and REST ingest; the pause is named, not a 503
                    .statusCode(200)
                    .body("checks.find { it.name == 'Kafka' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'Kafka' }.data.paused", containsString("consumption paused"))
                    .body("checks.find { it.name == 'Kafka' }.data.paused", containsString("42501"));
            assertEquals(1.0, paused(), "umr_kafka_consumption_paused");
            assertEquals(0, stored(sourceId, prefix), "nothing stored");
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                assertFalse(kafka.caughtUp(group, topic), "nothing committed past the failing messages");
            }

            database.execute("DROP TRIGGER " + refuse + " ON inbound_message");
            database.execute("DROP FUNCTION " + refuse + "()");
            triggerDropped = true;
            KafkaTestClient.await(
                    "the whole stream once the fault is gone",
                    Duration.ofSeconds(180),
                    () -> stored(sourceId, prefix) == MESSAGES);
            try (KafkaTestClient kafka = new KafkaTestClient()) {
                KafkaTestClient.await(
                        "the offsets committed", Duration.ofSeconds(60), () -> kafka.caughtUp(group, topic));
            }
            KafkaTestClient.await(
                    "consumption resumed",
                    Duration.ofSeconds(60),
                    () -> loop.pausedBecause().isEmpty());
            assertEquals(0.0, paused(), "umr_kafka_consumption_paused");
            assertTrue(running.isAlive() && loop.diedBecause().isEmpty(), "the loop still runs");
        } finally {
            if (!triggerDropped) {
                database.execute("DROP TRIGGER IF EXISTS " + refuse + " ON inbound_message");
                database.execute("DROP FUNCTION IF EXISTS " + refuse + "()");
            }
            loop.stop();
            running.join(30_000);
            kafkaIngestion.unwatch(loop);
            errors.release();
        }

        assertEquals(
                MESSAGES,
                database.count(
                        "SELECT count(*) FROM source_record WHERE source_id = ? AND business_key LIKE ? AND version = 1",
                        sourceId,
                        "%" + prefix + "-%"),
                "each message stored once, as one delivery would");
        assertEquals(
                MESSAGES,
                database.count(
                        "SELECT count(*) FROM inbound_message WHERE source_hint = ?"
                                + " AND convert_from(body, 'UTF8') LIKE ? AND outcome <> '{}'",
                        sourceId,
                        "%" + prefix + "-%"),
                "one inbound log entry per message, with its outcome");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            long deadLetters = kafka.readToEnd("umr.inbound.dlq", Duration.ofSeconds(60)).stream()
                    .filter(letter -> {
                        String origin = KafkaTestClient.header(letter, "umr-origin");
                        return origin != null && origin.startsWith(topic + "/");
                    })
                    .count();
            assertEquals(0, deadLetters, "no message of the stream dead-lettered");
        }
        assertEquals(
                1,
                errors.records.stream()
                        .filter(r -> r.getMessage().contains("consumption paused"))
                        .count(),
                "one ERROR line for the pause, not one per message or probe");
        assertTrue(
                errors.records.stream().noneMatch(r -> r.getMessage().contains("goes to the dead-letter topic:")),
                "no dead-lettering logged");
    }

    private long stored(String sourceId, String prefix) {
        return database.count(
                "SELECT count(*) FROM source_record WHERE source_id = ? AND business_key LIKE ?",
                sourceId,
                "%" + prefix + "-%");
    }

    private double paused() {
        return metrics.get("umr.kafka.consumption.paused").gauge().value();
    }
}
