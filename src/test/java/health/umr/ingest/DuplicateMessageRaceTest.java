package health.umr.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Two writers take the same Kafka message at the same moment (two instances reading one partition
 * during a rebalance, or a replay racing the live stream), on the real database. A third connection
 * holds the inbound log's table in SHARE mode, so neither writer can write its log entry until both
 * have looked the message up in the log and found nothing there: the race is certain, not left to
 * timing. Then the lock goes and both finish.
 */
@QuarkusTest
class DuplicateMessageRaceTest {

    @Inject
    IngestService ingest;

    @Inject
    DatabaseState database;

    @Inject
    DataSource dataSource;

    @Test
    void twoWritersOfOneMessageAtOnce_logItOnce_storeItAsOneDeliveryWould_andNeitherFails() throws Exception {
        String sourceId = "gp-race";
        String system = Feeds.source(sourceId, "gp");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String raced = "race-" + unique;
        String single = "single-" + unique;
        String nhsRaced = Feeds.newNhsNumber();
        String nhsSingle = Feeds.newNhsNumber();

        // the same message, delivered once: what the raced one must come to
        IngestService.BatchOutcome once = ingest.ingest(List.of(message(sourceId, system, single, nhsSingle)));
        assertEquals(1, once.taken().size());

        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<IngestService.BatchOutcome>> outcomes = new ArrayList<>();
        try (Connection gate = dataSource.getConnection();
                Statement statement = gate.createStatement()) {
            gate.setAutoCommit(false);
            statement.execute("LOCK TABLE inbound_message IN SHARE MODE");
            CountDownLatch start = new CountDownLatch(1);
            for (int w = 0; w < 2; w++) {
                outcomes.add(writers.submit(() -> {
                    start.await();
                    return ingest.ingest(List.of(message(sourceId, system, raced, nhsRaced)));
                }));
            }
            start.countDown();
            // one writer waits on the gate to write its log entry, the other on the first one's lock of
            // the patient: both have looked the message up in the log already
            KafkaTestClient.await(
                    "both writers waiting, past their look-up in the inbound log",
                    Duration.ofSeconds(60),
                    () -> database.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") >= 2);
            gate.commit();
        }
        try {
            for (Future<IngestService.BatchOutcome> outcome : outcomes) {
                IngestService.BatchOutcome taken = outcome.get(); // no exception escaped
                assertEquals(1, taken.taken().size(), "taken, not refused (no dead letter for a duplicate)");
                assertTrue(taken.refused().isEmpty(), () -> "refused: " + taken.refused());
            }
        } finally {
            writers.shutdownNow();
        }

        assertEquals(1, logEntries(raced), "one inbound log entry");
        assertEquals(
                database.count(
                        "SELECT count(*) FROM inbound_message WHERE position(convert_to(?, 'UTF8') in body) > 0"
                                + " AND outcome = (SELECT outcome FROM inbound_message"
                                + " WHERE position(convert_to(?, 'UTF8') in body) > 0)",
                        raced,
                        single),
                1,
                "its outcome, as a single delivery's");
        assertEquals(1, database.count("SELECT count(*) FROM source_record WHERE business_key LIKE ?", "%|" + raced));
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM source_record WHERE business_key LIKE ? AND version = 1", "%|" + raced),
                "one version of the record, as one delivery writes");
        assertEquals(
                database.count("SELECT count(*) FROM unified_record WHERE nhs_number = ?", nhsSingle),
                database.count("SELECT count(*) FROM unified_record WHERE nhs_number = ?", nhsRaced),
                "as many unified record versions as one delivery makes");
    }

    private long logEntries(String identifier) {
        return database.count(
                "SELECT count(*) FROM inbound_message WHERE position(convert_to(?, 'UTF8') in body) > 0", identifier);
    }

    private static InboundMessage message(String sourceId, String system, String identifier, String nhsNumber) {
        return new InboundMessage(
                InboundMessage.Transport.KAFKA,
                InboundMessage.Interaction.KAFKA,
                "application/fhir+json",
                Feeds.statement(system, identifier, nhsNumber, "active", "2026-11-01T10:00:00Z", "10mg at night")
                        .getBytes(StandardCharsets.UTF_8),
                sourceId,
                null,
                Instant.now());
    }
}
