package health.umr.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.config.EmbeddedDatabase;
import health.umr.domain.NhsNumber;
import health.umr.support.EmbeddedKafka;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import health.umr.support.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several instances, one truth (docs/contract.md, "Deploy and scale"): two UMR processes (the packaged
 * service, as a deployment runs it) on one external PostgreSQL and one Kafka broker, both started here.
 * The inbound topic's partitions are split between them; concurrent writes for one patient through both
 * give one record with no lost update; killing one moves its partitions to the other with nothing lost
 * or duplicated, and the record-changed stream stays gap-free per record.
 */
class TwoInstancesIT {

    private static final String GROUP = "umr";
    private static final String INBOUND = "umr.inbound";
    private static final String RECORD_CHANGED = "umr.record-changed";
    private static final int PARTITIONS = 4;
    private static final String WRITER_NHS = "9997771044";
    private static final List<String> KAFKA_PATIENTS = List.of(
            "9997771052",
            "9997771060",
            "9997771079",
            "9997771087",
            "9997771095",
            "9997771109",
            "9997771117",
            "9997771125");
    private static final int MESSAGES_PER_PATIENT = 12;

    private static EmbeddedDatabase database;
    private static EmbeddedKafka broker;
    private static Umr a;
    private static Umr b;
    private static String system;

    /** One UMR process. */
    record Umr(String id, Process process, int port, Path log) {
        RequestSpecification call() {
            return given().baseUri("http://localhost").port(port).header(TestTokens.bearer(TestTokens.admin()));
        }

        boolean ready() {
            try {
                return given().baseUri("http://localhost")
                                .port(port)
                                .get("/q/health/ready")
                                .statusCode()
                        == 200;
            } catch (Exception notYet) { // connection refused while it starts
                return false;
            }
        }

        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }

    @BeforeAll
    static void startTheNeighboursAndTwoInstances() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "the packaged service (mvn package) is there");
        database = EmbeddedDatabase.startThrowaway();
        broker = EmbeddedKafka.start();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(
                            new NewTopic(INBOUND, PARTITIONS, (short) 1),
                            new NewTopic("umr.inbound.dlq", 1, (short) 1),
                            new NewTopic(RECORD_CHANGED, PARTITIONS, (short) 1)))
                    .all()
                    .get();
        }
        TestTokens.admin(); // the shared signing key exists before either instance reads it
        a = start("a", jar);
        b = start("b", jar);
        // Generous: two JVMs migrate and load dm+d at once, and on a loaded 2-core box (seen: load 40-55)
        // that took over 3 minutes. A dead process still fails at once (checked on every poll).
        for (Umr umr : List.of(a, b)) {
            KafkaTestClient.await("instance " + umr.id() + " ready", Duration.ofSeconds(480), () -> {
                assertTrue(umr.process().isAlive(), "instance " + umr.id() + " died:\n" + umr.logTail());
                return umr.ready();
            });
        }
        system = "https://fhir.it-gp.health/umr-test";
        a.call()
                .contentType("application/json")
                .body("{\"setting\":\"gp\",\"name\":\"it-gp\",\"system\":\"" + system + "\"}")
                .put("/api/sources/it-gp")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    @AfterAll
    static void stopEverything() {
        for (Umr umr : new Umr[] {a, b}) {
            if (umr != null && umr.process().isAlive()) {
                umr.process().destroy();
                try {
                    umr.process().waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                umr.process().destroyForcibly();
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void twoInstances_oneDatabase_oneBroker_oneTruth() throws Exception {
        thePartitionsAreSplitBetweenTheInstances();
        concurrentWritesForOnePatientThroughBoth_giveOneRecordWithNoLostUpdate();
        killingOne_movesItsPartitionsToTheOther_withNothingLostOrDuplicated();
        theRecordChangedStream_isGapFreePerRecord();
    }

    private void thePartitionsAreSplitBetweenTheInstances() {
        KafkaTestClient.await("both instances consuming", Duration.ofSeconds(60), () -> {
            Map<String, Integer> byInstance = partitionsByInstance();
            return byInstance.getOrDefault("a", 0) > 0
                    && byInstance.getOrDefault("b", 0) > 0
                    && byInstance.values().stream().mapToInt(Integer::intValue).sum() == PARTITIONS;
        });
    }

    private void concurrentWritesForOnePatientThroughBoth_giveOneRecordWithNoLostUpdate() throws Exception {
        int writes = 40;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            Umr through = i % 2 == 0 ? a : b;
            String body = Feeds.statement(
                    system,
                    "it-rest-" + i,
                    WRITER_NHS,
                    "active",
                    "2026-11-01T10:%02d:00Z".formatted(i % 60),
                    (i + 1) + "mg at night");
            answers.add(clients.submit(() -> through.call()
                    .contentType(Feeds.FHIR_JSON)
                    .body(body)
                    .post("/fhir/MedicationStatement")
                    .statusCode()));
        }
        for (Future<Integer> answer : answers) {
            assertEquals(201, answer.get(120, TimeUnit.SECONDS), "every write through either instance is taken");
        }
        clients.shutdown();
        int stored = a.call()
                .get("/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + WRITER_NHS
                        + "&_count=100")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry")
                .size();
        assertEquals(writes, stored, "every write is stored once");
        // the served record must be what the stored source records give: a lost update would differ
        JsonNode rebuilt = new ObjectMapper()
                .readTree(b.call()
                        .post("/api/admin/rebuild")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertEquals(0, rebuilt.get("recordsChanged").asInt(), "no record was missing a write: " + rebuilt);
        assertVersionsConsecutive(WRITER_NHS);
        aWriteThroughOne_isSeenByTheNextReadOfTheOther(system);
    }

    /** B keeps its answer of the record (ReadCache); a write through A is in B's next read all the same. */
    private void aWriteThroughOne_isSeenByTheNextReadOfTheOther(String system) {
        String path = "/api/patients/" + WRITER_NHS + "/medications";
        String fhirPath = "/fhir/Patient/$unified-medications?identifier=" + NhsNumber.SYSTEM + "|" + WRITER_NHS;
        int version =
                b.call().get(path).then().statusCode(200).extract().jsonPath().getInt("version");
        assertEquals(
                version,
                b.call().get(path).then().statusCode(200).extract().jsonPath().getInt("version"));
        for (int i = 0; i < 2; i++) { // the second FHIR read is B's kept answer
            assertEquals(
                    String.valueOf(version),
                    b.call()
                            .get(fhirPath)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getString("meta.versionId"));
        }
        a.call()
                .contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement(
                        system, "it-rest-after", WRITER_NHS, "active", "2026-11-02T10:00:00Z", "99mg at night"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);
        String throughA = a.call().get(path).then().statusCode(200).extract().asString();
        String throughB = b.call().get(path).then().statusCode(200).extract().asString();
        assertEquals(
                version + 1, io.restassured.path.json.JsonPath.from(throughB).getInt("version"), throughB);
        assertEquals(
                io.restassured.path.json.JsonPath.from(throughA).getString("items"),
                io.restassured.path.json.JsonPath.from(throughB).getString("items"));
        io.restassured.path.json.JsonPath fhirA =
                a.call().get(fhirPath).then().statusCode(200).extract().jsonPath();
        io.restassured.path.json.JsonPath fhirB =
                b.call().get(fhirPath).then().statusCode(200).extract().jsonPath();
        assertEquals(String.valueOf(version + 1), fhirB.getString("meta.versionId"), "B's FHIR read sees A's write");
        assertEquals(fhirA.getString("entry.resource.id"), fhirB.getString("entry.resource.id"));
    }

    private void killingOne_movesItsPartitionsToTheOther_withNothingLostOrDuplicated() throws Exception {
        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            send(kafka, 0, MESSAGES_PER_PATIENT / 2);
            KafkaTestClient.await(
                    "instance a has taken part of the stream",
                    Duration.ofSeconds(60),
                    () -> sourceRecords("it-kafka-") > 0
                            && partitionsByInstance().getOrDefault("a", 0) > 0);
            a.process().destroyForcibly(); // kill -9: no goodbye to the group, mid-stream
            a.process().waitFor(30, TimeUnit.SECONDS);
            send(kafka, MESSAGES_PER_PATIENT / 2, MESSAGES_PER_PATIENT);
            KafkaTestClient.await(
                    "instance b owns every partition",
                    Duration.ofSeconds(60),
                    () -> partitionsByInstance().equals(Map.of("b", PARTITIONS)));
            KafkaTestClient.await(
                    "the group has caught up", Duration.ofSeconds(60), () -> kafka.caughtUp(GROUP, INBOUND));
        }
        assertEquals(
                KAFKA_PATIENTS.size() * MESSAGES_PER_PATIENT,
                sourceRecords("it-kafka-"),
                "every message taken once: nothing lost, nothing twice");
        for (String nhs : KAFKA_PATIENTS) {
            assertEquals(
                    MESSAGES_PER_PATIENT,
                    b.call()
                            .get("/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs
                                    + "&_count=100")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("entry")
                            .size(),
                    "patient " + nhs + " has every statement sent");
            assertVersionsConsecutive(nhs);
        }
        JsonNode rebuilt = new ObjectMapper()
                .readTree(b.call()
                        .post("/api/admin/rebuild")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertEquals(0, rebuilt.get("recordsChanged").asInt(), "every record is what its source records give");
    }

    private void theRecordChangedStream_isGapFreePerRecord() throws Exception {
        Map<String, Integer> latest = latestVersions();
        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            ObjectMapper json = new ObjectMapper();
            List<ConsumerRecord<byte[], byte[]>> events = kafka.readUntil(
                    RECORD_CHANGED, read -> versionsSeen(read, json).equals(latest), Duration.ofSeconds(60));
            Map<String, List<Integer>> byPatient = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> event : events) {
                JsonNode change = json.readTree(event.value());
                byPatient
                        .computeIfAbsent(change.get("nhsNumber").asText(), k -> new ArrayList<>())
                        .add(change.get("version").asInt());
            }
            assertEquals(latest.keySet(), byPatient.keySet(), "an event stream for every record");
            for (Map.Entry<String, List<Integer>> stream : byPatient.entrySet()) {
                List<Integer> expected = new ArrayList<>();
                for (int v = 1; v <= latest.get(stream.getKey()); v++) {
                    expected.add(v);
                }
                assertEquals(
                        expected,
                        stream.getValue(),
                        "patient " + stream.getKey() + ": every version once, in order, none missing");
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private static Umr start(String id, Path jar) throws IOException {
        Path dir = Files.createDirectories(Path.of("target/two-instances", id));
        Path log = dir.resolve("umr.log");
        int port = freePort();
        ProcessBuilder process = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx384m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = process.environment();
        env.put("UMR_DATABASE_URL", database.jdbcUrl());
        env.put("UMR_DATABASE_USER", EmbeddedDatabase.USER);
        env.put("UMR_DATABASE_PASSWORD", "");
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("UMR_INSTANCE_ID", id);
        env.put("UMR_KAFKA_CONSUMERS", "1");
        // the dead member's partitions move after this (the broker's minimum); Kafka's default is 45 s
        env.put("UMR_KAFKA_SESSION_TIMEOUT", "PT6S");
        env.put("UMR_AUTH_LOCAL_KEY", TestTokens.KEY.toAbsolutePath().toString());
        env.put("UMR_DATA_DIR", dir.toAbsolutePath().toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(freePort()));
        return new Umr(id, process.start(), port, log);
    }

    private static void send(KafkaTestClient kafka, int from, int to) {
        for (int i = from; i < to; i++) {
            for (String nhs : KAFKA_PATIENTS) {
                kafka.send(
                        INBOUND,
                        nhs,
                        "it-gp",
                        Feeds.statement(
                                system,
                                "it-kafka-" + nhs + "-" + i,
                                nhs,
                                "active",
                                "2026-11-02T10:%02d:00Z".formatted(i),
                                (i + 1) + "mg daily"));
            }
        }
        kafka.flush();
    }

    /** Partitions of the inbound topic assigned to each instance (by its static group membership id). */
    private static Map<String, Integer> partitionsByInstance() {
        try (Admin admin = admin()) {
            ConsumerGroupDescription group =
                    admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
            Map<String, Integer> byInstance = new HashMap<>();
            for (MemberDescription member : group.members()) {
                String instance = member.groupInstanceId().orElse("?").split("-")[0];
                int assigned = (int) member.assignment().topicPartitions().stream()
                        .filter(p -> p.topic().equals(INBOUND))
                        .count();
                if (assigned > 0) {
                    byInstance.merge(instance, assigned, Integer::sum);
                }
            }
            return byInstance;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static long sourceRecords(String identifierPrefix) {
        return queryLong("SELECT count(*) FROM source_record WHERE business_key LIKE '%" + identifierPrefix + "%'");
    }

    private static Map<String, Integer> latestVersions() throws Exception {
        Map<String, Integer> latest = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT nhs_number, max(version) FROM unified_record GROUP BY nhs_number")) {
            while (rows.next()) {
                latest.put(rows.getString(1).trim(), rows.getInt(2));
            }
        }
        return latest;
    }

    private static Map<String, Integer> versionsSeen(List<ConsumerRecord<byte[], byte[]>> read, ObjectMapper json) {
        Map<String, Integer> seen = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> event : read) {
            try {
                JsonNode change = json.readTree(event.value());
                seen.merge(
                        change.get("nhsNumber").asText(), change.get("version").asInt(), Math::max);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return seen;
    }

    /** The record's stored versions are 1..n: two instances never wrote the same version or skipped one. */
    private static void assertVersionsConsecutive(String nhs) throws Exception {
        Set<Integer> versions = new TreeSet<>();
        long rows;
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
                Statement statement = connection.createStatement();
                ResultSet found =
                        statement.executeQuery("SELECT version FROM unified_record WHERE nhs_number = '" + nhs + "'")) {
            rows = 0;
            while (found.next()) {
                versions.add(found.getInt(1));
                rows++;
            }
        }
        assertTrue(rows > 0, nhs + " has a record");
        assertEquals(rows, versions.size(), nhs + ": no version written twice");
        assertEquals(1, versions.iterator().next());
        assertEquals(rows, (long) ((TreeSet<Integer>) versions).last(), nhs + ": no version skipped");
    }

    private static long queryLong(String sql) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
