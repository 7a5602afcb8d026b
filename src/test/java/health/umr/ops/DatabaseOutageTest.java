package health.umr.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.config.EmbeddedDatabase;
import health.umr.kafka.KafkaIngestion;
import health.umr.kafka.WatchedLoop;
import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL killed under a running UMR (the test's embedded server, supervised as `make run`'s is).
 * While it is gone and cannot be started again, readiness and liveness are 503 and requests answer
 * 503 with the promised body (an OperationOutcome on /fhir, JSON on /api), not a plain-text 500, and a
 * Kafka consumer given a message pauses (readiness: {@code database} DOWN, {@code Kafka} UP naming the
 * pause; {@code umr_kafka_consumption_paused} 1); once it can be started again, UMR starts it, the
 * consumer resumes and takes the message, and everything answers as before with the data intact.
 */
@QuarkusTest
class DatabaseOutageTest {

    private static final String SEARCH =
            "/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + Feeds.NHS_NUMBER;
    private static final String MEDICATIONS = "/api/patients/" + Feeds.NHS_NUMBER + "/medications";

    @Inject
    DatabaseState database;

    @Inject
    KafkaIngestion kafkaIngestion;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "umr.embedded-postgres-data")
    String embeddedPostgresData;

    @Test
    void postgresKilled_healthAndRequestsSayUnavailable_untilItIsStartedAgain() throws Exception {
        String system = Feeds.source("gp-outage", "gp");
        given().contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement(system, "outage-before"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);
        await("ready", Duration.ofSeconds(30), "/q/health/ready", 200);
        assertEquals(1, stored("outage-before"), "stored before the outage");
        String topic = "umr.test.dboutage." + UUID.randomUUID().toString().substring(0, 8);
        KafkaTestClient.createTopic(topic, 1);
        try (WatchedLoop loop = WatchedLoop.start(kafkaIngestion, "umr-test-" + topic, topic, Duration.ofMillis(200))) {
            outageAndBack(system, topic, loop);
        }
    }

    private void outageAndBack(String system, String topic, WatchedLoop loop) throws Exception {

        Path pgData = Path.of(embeddedPostgresData);
        Path away = pgData.resolveSibling("postgres-away");
        ProcessHandle postmaster = EmbeddedDatabase.postmaster(pgData).orElseThrow();
        try {
            // the server works on in its directory moved away (it holds it open), until it is killed; then
            // there is nothing to start it again from
            Files.move(pgData, away, StandardCopyOption.ATOMIC_MOVE);
            postmaster.destroyForcibly();
            postmaster.onExit().get(30, TimeUnit.SECONDS);

            await("readiness 503", Duration.ofSeconds(15), "/q/health/ready", 503);
            await("liveness 503", Duration.ofSeconds(30), "/q/health/live", 503);
            given().get("/q/health/live")
                    .then()
                    .body(
                            "checks.find { it.name == 'database server' }.data.problem",
                            containsString("cannot be started again"));

            given().get(SEARCH)
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "5")
                    .body("resourceType", equalTo("OperationOutcome"))
                    .body("issue[0].code", equalTo("transient"))
                    .body("issue[0].diagnostics", startsWith("UMR-0503"));
            given().contentType(Feeds.FHIR_JSON)
                    .body(Feeds.statement(system, "outage-during"))
                    .post("/fhir/MedicationStatement")
                    .then()
                    .statusCode(503)
                    .body("resourceType", equalTo("OperationOutcome"));
            given().get(MEDICATIONS)
                    .then()
                    .statusCode(503)
                    .contentType(startsWith("application/json"))
                    .body("error", equalTo("UMR-0503"));

            try (KafkaTestClient kafka = new KafkaTestClient()) {
                kafka.sendAndWait(topic, Feeds.NHS_NUMBER, "gp-outage", Feeds.statement(system, "outage-kafka"));
            }
            KafkaTestClient.await(
                    "the consumer paused",
                    Duration.ofSeconds(60),
                    () -> loop.pausedBecause().isPresent());
            given().get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'database' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'Kafka' }.status", equalTo("UP"))
                    .body(
                            "checks.find { it.name == 'Kafka' }.data.paused",
                            containsString("the database is unavailable"));
            assertEquals(1.0, paused(), "umr_kafka_consumption_paused");
        } finally {
            if (Files.exists(away)) {
                Files.move(away, pgData, StandardCopyOption.ATOMIC_MOVE);
            }
            // whatever failed above, the tests after this one get their database back
            awaitQuietly("/q/health/live", 200);
        }

        await("liveness 200: the server started again", Duration.ofSeconds(90), "/q/health/live", 200);
        await("readiness 200", Duration.ofSeconds(30), "/q/health/ready", 200);
        given().get(SEARCH).then().statusCode(200).body("resourceType", equalTo("Bundle"));
        given().contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement(system, "outage-after"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);
        given().get(MEDICATIONS).then().statusCode(200);
        assertEquals(1, stored("outage-before"), "written before the outage, there after it");
        assertEquals(0, stored("outage-during"), "refused with 503, not half-stored");
        assertEquals(1, stored("outage-after"));
        // started again from postmaster.opts: with the memory it was started with, not PostgreSQL's default
        assertEquals(
                sharedBuffersBytes(health.umr.support.EmbeddedPostgresResource.database()
                        .memory()
                        .sharedBuffers()),
                database.count("SELECT pg_size_bytes(current_setting('shared_buffers'))"),
                "shared_buffers after the restart");

        KafkaTestClient.await(
                "the consumer resumed and took its message",
                Duration.ofSeconds(90),
                () -> loop.pausedBecause().isEmpty() && stored("outage-kafka") == 1);
        assertEquals(0.0, paused(), "umr_kafka_consumption_paused");
        assertTrue(loop.running(), "the consumer loop still runs");
    }

    private static long sharedBuffersBytes(String size) {
        long number = Long.parseLong(size.replaceAll("[^0-9]", ""));
        return number
                * switch (size.replaceAll("[0-9]", "")) {
                    case "kB" -> 1024L;
                    case "MB" -> 1024L * 1024;
                    case "GB" -> 1024L * 1024 * 1024;
                    default -> 1024L * 1024 * 1024 * 1024;
                };
    }

    private double paused() {
        return metrics.get("umr.kafka.consumption.paused").gauge().value();
    }

    private long stored(String identifier) {
        return database.count(
                "SELECT count(*) FROM source_record WHERE source_id = 'gp-outage' AND business_key LIKE ?",
                "%|" + identifier);
    }

    private static void awaitQuietly(String path, int status) {
        try {
            await(path + " " + status, Duration.ofSeconds(90), path, status);
        } catch (AssertionError reported) {
            // asserted again below, where it is reported
        }
    }

    private static void await(String what, Duration timeout, String path, int status) {
        KafkaTestClient.await(what, timeout, () -> given().get(path).statusCode() == status);
    }
}
