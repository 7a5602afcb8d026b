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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A topic bound to a source (%test: umr.inbound.test-bound=kafka-bound) takes only that source's messages. */
@QuarkusTest
class KafkaTopicBindingTest {

    private static final String TOPIC = "umr.inbound.test-bound";

    @Inject
    DatabaseState database;

    @Test
    void aMessageClaimingAnotherSourceOnABoundTopicIsDeadLettered_andItsOwnAreTaken() {
        String bound = Feeds.source("kafka-bound", "acute");
        String other = Feeds.source("kafka-bound-other", "gp");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(TOPIC, Feeds.NHS_NUMBER, "kafka-bound-other", Feeds.statement(bound, "bound-by-header"));
            kafka.send(TOPIC, Feeds.NHS_NUMBER, null, Feeds.statement(other, "bound-by-meta"));
            kafka.send(TOPIC, Feeds.NHS_NUMBER, null, Feeds.statement(bound, "bound-own"));
            kafka.flush();

            KafkaTestClient.await(
                    "the bound source's own message",
                    Duration.ofSeconds(60),
                    () -> database.count(
                                    "SELECT count(*) FROM source_record WHERE business_key LIKE '%|bound-own' AND source_id = 'kafka-bound'")
                            == 1);
            List<ConsumerRecord<byte[], byte[]>> letters = kafka.readUntil(
                    "umr.inbound.dlq",
                    read -> read.stream()
                                    .filter(KafkaTopicBindingTest::misbound)
                                    .count()
                            >= 2,
                    Duration.ofSeconds(60));
            List<String> bodies = letters.stream()
                    .filter(KafkaTopicBindingTest::misbound)
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .toList();
            assertTrue(bodies.stream().anyMatch(b -> b.contains("bound-by-header")), "header claiming another source");
            assertTrue(bodies.stream().anyMatch(b -> b.contains("bound-by-meta")), "meta.source of another source");
        }
        assertEquals(
                0,
                database.count("SELECT count(*) FROM source_record WHERE business_key LIKE '%|bound-by-%'"),
                "nothing of the misbound messages is stored");
    }

    private static boolean misbound(ConsumerRecord<byte[], byte[]> letter) {
        return "UMR-0403".equals(KafkaTestClient.header(letter, "umr-error-code"))
                && new String(letter.value(), StandardCharsets.UTF_8).contains("bound-");
    }
}
