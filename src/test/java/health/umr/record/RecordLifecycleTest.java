package health.umr.record;

import static health.umr.support.FhirJson.DMD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.kafka.InboundConsumerLoop;
import health.umr.kafka.KafkaIngestion;
import health.umr.store.InboundLog;
import health.umr.store.UnifiedRecordRepository;
import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import health.umr.support.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What happens around a record: its record-changed events, a rebuild from the log, a replay of the topic. */
@QuarkusTest
class RecordLifecycleTest {

    private static final String VMP = "318136009";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DatabaseState database;

    @Inject
    UnifiedRecordRepository unifiedRecords;

    @Inject
    KafkaIngestion kafkaIngestion;

    @Inject
    InboundLog inboundLog;

    @Test
    void eachNewVersion_publishesOneRecordChangedEvent_sayingWhatChanged() throws Exception {
        String gp = Feeds.source("life-gp", "gp");
        String nhs = "9449300771";
        FhirJson.post(FhirJson.statement(
                gp,
                "life-1",
                nhs,
                DMD,
                VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
        FhirJson.post(FhirJson.statement(
                gp,
                "life-1",
                nhs,
                DMD,
                VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "stopped",
                "2026-11-08T09:00:00Z",
                "one each morning",
                null));

        try (KafkaTestClient kafka = new KafkaTestClient()) {
            List<ConsumerRecord<byte[], byte[]>> events = kafka.readUntil(
                    "umr.record-changed", read -> ofPatient(read, nhs).size() >= 2, Duration.ofSeconds(30));
            List<JsonNode> mine = ofPatient(events, nhs);
            assertEquals(2, mine.size(), "one event per version");
            assertEquals(1, mine.get(0).get("version").asInt());
            assertEquals(1, mine.get(0).get("itemsAdded").size());
            assertEquals(2, mine.get(1).get("version").asInt());
            assertEquals(1, mine.get(1).get("itemsStopped").size());
            assertEquals(
                    mine.get(0).get("itemsAdded").get(0),
                    mine.get(1).get("itemsStopped").get(0));
            assertNoDuplicateEvents(events);
        }
    }

    @Test
    void aResendNamingAnotherPatient_movesTheRecord_andTheFirstPatientsRecordLosesIt() {
        String gp = Feeds.source("life-move", "gp");
        String first = "9449022003";
        String second = "9449022011";
        FhirJson.post(FhirJson.statement(
                gp, "move-1", first, DMD, VMP, "Co-amilofruse", "active", "2026-11-01T09:00:00Z", "one daily", null));
        assertEquals(1, (int) given().get("/api/patients/" + first + "/medications")
                .then()
                .statusCode(200)
                .extract()
                .path("items.size()"));

        // the source corrects the patient: the same record (same identifier), newer, for another NHS number
        FhirJson.post(FhirJson.statement(
                gp, "move-1", second, DMD, VMP, "Co-amilofruse", "active", "2026-11-02T09:00:00Z", "one daily", null));

        assertEquals(
                0,
                (int) given().get("/api/patients/" + first + "/medications")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("items.size()"),
                "the record left the first patient's unified record");
        assertEquals(1, (int) given().get("/api/patients/" + second + "/medications")
                .then()
                .statusCode(200)
                .extract()
                .path("items.size()"));
    }

    @Test
    void rebuildFromTheInboundLog_givesExactlyTheRecordsThereWere() {
        String gp = Feeds.source("life-rebuild", "gp");
        String nhs = "9449300844";
        FhirJson.post(FhirJson.statement(
                gp,
                "reb-1",
                nhs,
                DMD,
                VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
        FhirJson.post(FhirJson.statement(
                gp, "reb-2", nhs, DMD, null, "Home remedy", "active", "2026-11-01T09:00:00Z", "as needed", null));
        List<String> before = unifiedRecords.currentFingerprints();
        long sourceRecords = database.count("SELECT count(*) FROM source_record");
        // as if an older reader had stored these two messages' records: the rebuild must read them again
        database.execute("UPDATE inbound_message SET derived_by = 0 WHERE id IN "
                + "(SELECT received_seq FROM source_record WHERE source_id = 'life-rebuild')");
        database.execute("DELETE FROM source_record WHERE source_id = 'life-rebuild'");

        // the rebuild recomputes every patient the test run has written (thousands, once the Kafka and
        // fuzz tests have run): give it longer than the default 30 s to answer
        given().config(io.restassured.config.RestAssuredConfig.config()
                        .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                                .setParam("http.socket.timeout", 600_000)))
                .post("/api/admin/rebuild")
                .then()
                .statusCode(200)
                .body("messages", equalTo(2));

        assertEquals(
                sourceRecords, database.count("SELECT count(*) FROM source_record"), "every source record is back");
        assertEquals(before, unifiedRecords.currentFingerprints(), "every unified record is exactly as it was");
        given().post("/api/admin/rebuild").then().statusCode(200).body("messages", equalTo(0));
        assertEquals(before, unifiedRecords.currentFingerprints(), "recomputed from the stored records alone");
    }

    @Test
    void rebuild_skipsAStoredPatientWhoseNhsNumberIsNotValid_andSaysWhichByInternalId() {
        String gp = Feeds.source("life-rebuild-bad", "gp");
        String nhs = "9990000131";
        FhirJson.post(FhirJson.statement(
                gp,
                "rbb-1",
                nhs,
                DMD,
                VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
        // a row written behind UMR's back (a bulk load, a hand repair): its check digit is wrong, and it
        // sorts first, so the rebuild meets it in its first chunk
        String invalid = "0000000001";
        database.execute("INSERT INTO patient (nhs_number) VALUES ('" + invalid + "')");
        try {
            long id = database.count("SELECT id FROM patient WHERE nhs_number = ?", invalid);
            List<String> before = unifiedRecords.currentFingerprints();
            // the valid patient's summary row goes: only recomputing them puts it back
            database.execute("DELETE FROM patient_summary WHERE nhs_number = '" + nhs + "'");

            String body = given().config(io.restassured.config.RestAssuredConfig.config()
                            .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                                    .setParam("http.socket.timeout", 600_000)))
                    .post("/api/admin/rebuild")
                    .then()
                    .statusCode(200)
                    .body("skipped", equalTo(1))
                    .body("skippedPatients", equalTo(List.of((int) id)))
                    .extract()
                    .asString();

            assertTrue(!body.contains(invalid), "the result names the patient by id, never by NHS number");
            assertEquals(1, database.count("SELECT count(*) FROM patient_summary WHERE nhs_number = ?", nhs));
            assertEquals(before, unifiedRecords.currentFingerprints(), "every other record is as it was");
        } finally {
            database.execute("DELETE FROM patient WHERE nhs_number = '" + invalid + "'");
        }
    }

    @Test
    void rebuildFromTheWholeLog_restoresRecordsDeletedBehindUmrsBack() {
        String gp = Feeds.source("life-rebuild-log", "gp");
        FhirJson.post(FhirJson.statement(
                gp,
                "rbl-1",
                "9449306702",
                DMD,
                VMP,
                "Co-amilofruse 5mg/40mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "one each morning",
                null));
        List<String> before = unifiedRecords.currentFingerprints();
        long sourceRecords = database.count("SELECT count(*) FROM source_record");
        database.execute("DELETE FROM source_record WHERE source_id = 'life-rebuild-log'");

        given().post("/api/admin/rebuild?from=log").then().statusCode(200);

        assertEquals(sourceRecords, database.count("SELECT count(*) FROM source_record"));
        assertEquals(before, unifiedRecords.currentFingerprints());
    }

    @Test
    void theLogIsReadInChunksBoundedByBytes_soOneLargeMessageIsAChunkOfItsOwn() {
        String gp = Feeds.source("life-chunks", "gp");
        long before = database.count("SELECT coalesce(max(id), 0) FROM inbound_message");
        for (int i = 0; i < 3; i++) {
            FhirJson.post(FhirJson.statement(
                    gp,
                    "chunk-" + i,
                    "9997770048",
                    DMD,
                    VMP,
                    "Co-amilofruse 5mg/40mg tablets",
                    "active",
                    "2026-11-01T09:00:00Z",
                    "one each morning",
                    null));
        }

        assertEquals(3, inboundLog.readAfter(before, 10, 1 << 20).size(), "small messages share a chunk");
        assertEquals(1, inboundLog.readAfter(before, 10, 1).size(), "past the byte budget a chunk holds one message");
        assertEquals(2, inboundLog.readAfter(before, 2, 1 << 20).size(), "and never more than the limit");
    }

    @Test
    void replayingTheInboundTopicFromItsStart_leavesEveryRecordAsItWas() throws Exception {
        String system = Feeds.source("life-kafka", "gp");
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            for (int i = 0; i < 50; i++) {
                kafka.send("umr.inbound", "9449306680", "life-kafka", Feeds.statement(system, "replay-" + i));
            }
            kafka.flush();
        }
        KafkaTestClient.await(
                "the stream",
                Duration.ofSeconds(60),
                () -> database.count("SELECT count(*) FROM source_record WHERE source_id = 'life-kafka'") == 50);
        List<String> before = unifiedRecords.currentFingerprints();
        long versions = database.count("SELECT count(*) FROM unified_record");

        String group = "umr-replay-" + UUID.randomUUID();
        InboundConsumerLoop replay = kafkaIngestion.newLoop(group, List.of("umr.inbound"));
        Thread running = new Thread(replay);
        running.start();
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            KafkaTestClient.await(
                    "the replay to catch up", Duration.ofSeconds(120), () -> kafka.caughtUp(group, "umr.inbound"));
        } finally {
            replay.stop();
            running.join(30_000);
        }

        assertEquals(before, unifiedRecords.currentFingerprints());
        assertEquals(versions, database.count("SELECT count(*) FROM unified_record"), "no new versions");
    }

    private static List<JsonNode> ofPatient(List<ConsumerRecord<byte[], byte[]>> events, String nhs) {
        return events.stream()
                .filter(e -> nhs.equals(new String(e.key(), StandardCharsets.UTF_8)))
                .map(e -> read(e.value()))
                .toList();
    }

    private static void assertNoDuplicateEvents(List<ConsumerRecord<byte[], byte[]>> events) {
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> event : events) {
            JsonNode body = read(event.value());
            assertTrue(
                    seen.add(body.get("nhsNumber").asText() + "/"
                            + body.get("version").asInt()),
                    "duplicate event " + body);
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
