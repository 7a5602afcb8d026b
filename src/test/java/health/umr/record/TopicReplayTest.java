package health.umr.record;

import static health.umr.support.FhirJson.DMD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import health.umr.domain.NhsNumber;
import health.umr.kafka.InboundConsumerLoop;
import health.umr.kafka.KafkaIngestion;
import health.umr.store.UnifiedRecordRepository;
import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import health.umr.support.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: replaying a whole topic from offset 0, into a database that has never seen its
 * patients and into the same one again, gives identical unified records (compared by the hash
 * of every record). The topic and its patients are this test's own, so the patients' rows can be
 * removed to stand for a fresh database without touching what other tests hold.
 */
@QuarkusTest
class TopicReplayTest {

    private static final String TOPIC = "umr.replay-check";
    private static final String GP = "replay-gp";
    private static final String ACUTE = "replay-acute";
    private static final String[][] MEDICINES = {
        {"318136009", "Co-amilofruse 5mg/40mg tablets"},
        {"1019999999106", "Co-careldopa 25mg/100mg tablets"},
        {"1059999999105", "Apixaban 5mg tablets"},
        {"1069999999108", "Rivaroxaban 20mg tablets"},
        {"1049999999107", "Amitriptyline 10mg tablets"},
        {"1139999999103", "Oxybutynin 5mg tablets"}
    };

    @Inject
    DatabaseState database;

    @Inject
    UnifiedRecordRepository unifiedRecords;

    @Inject
    KafkaIngestion kafkaIngestion;

    @Test
    void replayingATopicFromOffsetZero_intoAFreshDatabaseAndIntoTheSameOne_givesIdenticalRecords() throws Exception {
        String gp = Feeds.source(GP, "gp");
        String acute = Feeds.source(ACUTE, "acute");
        List<String> patients = patients(8);
        List<Message> stream = stream(patients, gp, acute, new Random(20261130));
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (Message message : stream) {
                kafka.send(TOPIC, message.nhs(), message.source(), message.json());
            }
            kafka.flush();
        }

        consumeWholeTopic();
        List<String> firstRun = fingerprints(patients);
        assertEquals(patients.size(), firstRun.size(), "every patient has a record");

        forget(patients);
        assertEquals(List.of(), fingerprints(patients), "the patients are gone, as in a fresh database");
        consumeWholeTopic();
        assertEquals(firstRun, fingerprints(patients), "replay into a fresh database gives the same records");

        long versions = versionCount(patients);
        consumeWholeTopic();
        assertEquals(firstRun, fingerprints(patients), "replay into the same database gives the same records");
        assertEquals(versions, versionCount(patients), "and no new versions");
        assertEquals(
                0,
                database.count("SELECT count(*) FROM (SELECT nhs_number, version FROM record_changed_outbox "
                        + "GROUP BY nhs_number, version HAVING count(*) > 1) d"),
                "no duplicate record-changed events");
    }

    /** Every message of a patient in several versions, with resends, shuffled: the order the topic holds is not the clinical order. */
    private static List<Message> stream(List<String> patients, String gp, String acute, Random random) {
        List<Message> messages = new ArrayList<>();
        for (String nhs : patients) {
            for (int m = 0; m < MEDICINES.length; m++) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                String id = "rp-" + nhs + "-" + m;
                String code = MEDICINES[m][0];
                String name = MEDICINES[m][1];
                Message first = new Message(
                        nhs,
                        GP,
                        FhirJson.statement(
                                gp, id, nhs, DMD, code, name, "active", "2026-10-01T09:00:00Z", "one daily", null));
                messages.add(first);
                messages.add(first);
                if (random.nextBoolean()) {
                    messages.add(new Message(
                            nhs,
                            GP,
                            FhirJson.statement(
                                    gp,
                                    id,
                                    nhs,
                                    DMD,
                                    code,
                                    name,
                                    random.nextBoolean() ? "stopped" : "active",
                                    "2026-10-15T09:00:00Z",
                                    "two daily",
                                    null)));
                }
                if (random.nextInt(4) == 0) {
                    messages.add(new Message(
                            nhs,
                            ACUTE,
                            FhirJson.statement(
                                    acute,
                                    "ac-" + id,
                                    nhs,
                                    DMD,
                                    code,
                                    name,
                                    "active",
                                    "2026-10-20T09:00:00Z",
                                    "one at night",
                                    null)));
                }
            }
        }
        Collections.shuffle(messages, random);
        return messages;
    }

    private void consumeWholeTopic() throws InterruptedException {
        String group = "umr-replay-check-" + UUID.randomUUID();
        InboundConsumerLoop loop = kafkaIngestion.newLoop(group, List.of(TOPIC));
        Thread running = new Thread(loop, "replay-check");
        running.start();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            KafkaTestClient.await(
                    "the replay of " + TOPIC, Duration.ofSeconds(120), () -> kafka.caughtUp(group, TOPIC));
        } finally {
            loop.stop();
            running.join(30_000);
        }
        assertFalse(running.isAlive(), "the consumer loop stopped");
    }

    private List<String> fingerprints(List<String> patients) {
        return unifiedRecords.currentFingerprints().stream()
                .filter(line -> patients.contains(line.substring(0, 10)))
                .collect(Collectors.toList());
    }

    private long versionCount(List<String> patients) {
        return database.count("SELECT count(*) FROM unified_record WHERE nhs_number = ANY (?)", (Object)
                patients.toArray(String[]::new));
    }

    /** What a database that never saw these patients holds of them: nothing (sources stay: they are configuration). */
    private void forget(List<String> patients) {
        String in = patients.stream().map(p -> "'" + p + "'").collect(Collectors.joining(","));
        database.execute("DELETE FROM record_changed_outbox WHERE nhs_number IN (" + in + ")");
        database.execute("DELETE FROM unified_record WHERE nhs_number IN (" + in + ")");
        database.execute("DELETE FROM source_record WHERE nhs_number IN (" + in + ")");
        database.execute("DELETE FROM patient WHERE nhs_number IN (" + in + ")");
        database.execute("DELETE FROM inbound_message WHERE source_hint IN ('" + GP + "','" + ACUTE + "')");
    }

    /** Valid NHS numbers of the 999 test range that no other test uses. */
    private static List<String> patients(int count) {
        List<String> numbers = new ArrayList<>();
        for (int body = 999_123_400; numbers.size() < count; body++) {
            for (int check = 0; check <= 9; check++) {
                String candidate = body + String.valueOf(check);
                if (NhsNumber.isValid(candidate)) {
                    numbers.add(candidate);
                    break;
                }
            }
        }
        return numbers;
    }

    private record Message(String nhs, String source, String json) {}
}
