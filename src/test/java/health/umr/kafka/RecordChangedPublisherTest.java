package health.umr.kafka;

import static health.umr.support.FhirJson.DMD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import health.umr.support.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The publisher's crash window: the broker has the event but the database never heard so (the
 * service died between the acknowledgement and the commit). A restarted publisher must find the
 * event on the topic and not send it again; an event that never reached the topic must be sent. So
 * must the other instance, if the one that died was not this one.
 */
@QuarkusTest
class RecordChangedPublisherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RecordChangedPublisher publisher;

    @Inject
    DatabaseState database;

    @Test
    void aRestartAfterTheBrokerAcknowledgedButBeforeTheMark_sendsNothingTwice_andLosesNothing() throws Exception {
        unfinishedDrain("9997770005", "9997770013", true);
    }

    /**
     * The survivor of two instances: the other one died after the broker acknowledged its batch and
     * before its commit. This publisher never stopped or failed, and must still not send that batch again.
     */
    @Test
    void anotherInstanceDiedMidDrain_theSurvivorSendsNothingTwice_andLosesNothing() throws Exception {
        unfinishedDrain("9997771133", "9997771141", false);
    }

    private void unfinishedDrain(String sent, String neverSent, boolean restart) throws Exception {
        String gp = Feeds.source("outbox-gp", "gp");
        post(gp, "ob-" + sent, sent);
        KafkaTestClient.await(
                "the event to be published",
                Duration.ofSeconds(30),
                () -> database.count(
                                "SELECT count(*) FROM record_changed_outbox WHERE nhs_number = ? AND published_at IS NOT NULL",
                                sent)
                        == 1);

        if (restart) {
            publisher.stop(null);
        }
        try {
            // what the dead drainer left, in one statement (a running drainer must not see half of it):
            // the event is on the topic but unmarked, and the drain is in doubt
            database.execute("WITH doubt AS (UPDATE record_changed_drain SET in_doubt = TRUE WHERE id = 1)"
                    + " UPDATE record_changed_outbox SET published_at = NULL WHERE nhs_number = '" + sent + "'");
            post(gp, "ob-" + neverSent, neverSent);
        } finally {
            if (restart) {
                publisher.start(null);
            }
        }

        KafkaTestClient.await(
                "the outbox to drain",
                Duration.ofSeconds(60),
                () -> database.count(
                                "SELECT count(*) FROM record_changed_outbox WHERE nhs_number IN (?, ?) AND published_at IS NULL",
                                sent,
                                neverSent)
                        == 0);
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            // the outbox is drained, so every send (a duplicate too) was acknowledged before this read
            List<ConsumerRecord<byte[], byte[]>> events = kafka.readToEnd("umr.record-changed", Duration.ofSeconds(30));
            assertEquals(1, count(events, sent), "the event already on the topic was not sent again");
            assertEquals(1, count(events, neverSent), "the event that never reached the topic was sent");
            assertEquals(
                    1,
                    JSON.readTree(first(events, neverSent).value())
                            .get("version")
                            .asInt());
        }
        assertEquals(
                0,
                database.count("SELECT count(*) FROM record_changed_drain WHERE in_doubt"),
                "the doubt is cleared once the outbox is drained");
    }

    private static void post(String source, String id, String nhs) {
        FhirJson.post(FhirJson.statement(
                source,
                id,
                nhs,
                DMD,
                "318136009",
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
    }

    private static long count(List<ConsumerRecord<byte[], byte[]>> events, String nhs) {
        return events.stream()
                .filter(e -> nhs.equals(new String(e.key(), StandardCharsets.UTF_8)))
                .count();
    }

    private static ConsumerRecord<byte[], byte[]> first(List<ConsumerRecord<byte[], byte[]>> events, String nhs) {
        return events.stream()
                .filter(e -> nhs.equals(new String(e.key(), StandardCharsets.UTF_8)))
                .findFirst()
                .orElseThrow();
    }
}
