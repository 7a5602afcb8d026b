package health.umr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The application's own consumer of umr.inbound, against the real broker and database. */
@QuarkusTest
class KafkaIngestTest {

    @Inject
    DatabaseState database;

    @Test
    void aMessageOnTheInboundTopic_becomesASourceRecord() {
        String system = Feeds.source("gp-kafka", "gp");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.sendAndWait("umr.inbound", Feeds.NHS_NUMBER, "gp-kafka", Feeds.statement(system, "kafka-1"));

            KafkaTestClient.await(
                    "the record from Kafka",
                    Duration.ofSeconds(30),
                    () -> database.count(
                                    "SELECT count(*) FROM source_record WHERE business_key LIKE '%|kafka-1' AND source_id = 'gp-kafka'")
                            == 1);
            assertEquals(
                    1,
                    database.count(
                            "SELECT count(*) FROM inbound_message WHERE transport = 'kafka' AND source_hint = 'gp-kafka'"
                                    + " AND position(convert_to('kafka-1', 'UTF8') in body) > 0"));
        }
    }

    @Test
    void aKafkaWrite_andARefusal_areInTheAuditTrail_beforeTheirOffsetsAreCommitted() {
        String system = Feeds.source("gp-kafka-audit", "gp");
        String nhs = Feeds.newNhsNumber();
        String good = Feeds.statement(system, "kafka-audit-1", nhs, "active", "2026-11-01T10:00:00Z", "10mg");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.sendAndWait("umr.inbound", nhs, "gp-kafka-audit", good);
            kafka.sendAndWait("umr.inbound", nhs, "gp-kafka-audit", "{\"resourceType\": \"MedicationStatement\", ");

            KafkaTestClient.await(
                    "the write's audit event",
                    Duration.ofSeconds(30),
                    () -> database.count("SELECT count(*) FROM audit_event WHERE nhs_number = '" + nhs
                                    + "' AND client_id = 'gp-kafka-audit' AND action = 'C' AND outcome = '0'"
                                    + " AND resource::text LIKE '%KAFKA umr.inbound/%'")
                            == 1);
            KafkaTestClient.await(
                    "the refusal's audit event, with why",
                    Duration.ofSeconds(30),
                    () -> database.count("SELECT count(*) FROM audit_event WHERE nhs_number IS NULL"
                                    + " AND client_id = 'gp-kafka-audit' AND outcome = '4'"
                                    + " AND resource::text LIKE '%KAFKA umr.inbound/%'")
                            >= 1);
        }
    }

    @Test
    void whatCannotBeTaken_goesToTheDeadLetterTopicWithItsReason_andNothingIsStored() {
        String system = Feeds.source("gp-kafka-dlq", "gp");
        String good = Feeds.statement(system, "dlq-template");
        Map<String, String> badByExpectedCode = Map.of(
                "UMR-0001", "{\"resourceType\": \"MedicationStatement\", ",
                "UMR-0002",
                        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"meta\":{\"source\":\""
                                + system + "\"}}",
                "UMR-0004", good.replace("9449306680", "9449306681").replace("dlq-template", "dlq-invalid-nhs"),
                "UMR-0005",
                        good.replace(system, "https://nobody.example/feed")
                                .replace("dlq-template", "dlq-unknown-source"),
                "UMR-0006",
                        good.replace("\"source\":\"" + system + "\",", "").replace("dlq-template", "dlq-no-header"));
        Map<String, Long> before = database.counts();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            badByExpectedCode.forEach((code, value) -> kafka.send("umr.inbound", Feeds.NHS_NUMBER, null, value));
            kafka.flush();

            List<ConsumerRecord<byte[], byte[]>> letters = kafka.readUntil(
                    "umr.inbound.dlq",
                    read -> codes(read).keySet().containsAll(badByExpectedCode.keySet()),
                    Duration.ofSeconds(30));

            Map<String, ConsumerRecord<byte[], byte[]>> byCode = codes(letters);
            for (Map.Entry<String, String> bad : badByExpectedCode.entrySet()) {
                ConsumerRecord<byte[], byte[]> letter = byCode.get(bad.getKey());
                assertTrue(letter != null, "a dead letter coded " + bad.getKey());
                assertEquals(
                        bad.getValue(),
                        new String(letter.value(), StandardCharsets.UTF_8),
                        "the original bytes are kept");
                String error = KafkaTestClient.header(letter, "umr-error");
                assertTrue(
                        error.contains("\"resourceType\":\"OperationOutcome\"") && error.contains(bad.getKey() + ": "),
                        "umr-error holds the OperationOutcome: " + error);
                assertEquals(Feeds.NHS_NUMBER, new String(letter.key(), StandardCharsets.UTF_8), "the key is kept");
            }
        }
        assertEquals(before.get("source_record"), database.counts().get("source_record"));
        assertEquals(before.get("inbound_message"), database.counts().get("inbound_message"));
    }

    private static Map<String, ConsumerRecord<byte[], byte[]>> codes(List<ConsumerRecord<byte[], byte[]>> letters) {
        return letters.stream()
                .filter(r -> KafkaTestClient.header(r, "umr-error-code") != null)
                .collect(Collectors.toMap(r -> KafkaTestClient.header(r, "umr-error-code"), r -> r, (a, b) -> b));
    }
}
