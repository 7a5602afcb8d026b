package health.umr.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Rebuild and dm+d upload as jobs (FHIR's asynchronous pattern): 202 and a job URL with
 * {@code Prefer: respond-async}, progress while it runs, the summary when it is done; the synchronous
 * form as before; a job that outlives its client; one that its instance abandoned is reported so.
 */
@QuarkusTest
class JobsTest {

    @Inject
    DataSource dataSource;

    @Test
    void asyncRebuild_answers202WithAJobUrl_thatEndsWithTheSummary() {
        String gp = Feeds.source("jobs-gp", "gp");
        given().contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement(gp, "jobs-1", "9997771036", "active", "2026-11-01T10:00:00Z", "1 daily"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);
        Response accepted = given().header("Prefer", "respond-async")
                .post("/api/admin/rebuild")
                .then()
                .statusCode(202)
                .header("Content-Location", matchesPattern("/api/admin/jobs/\\d+"))
                .extract()
                .response();
        String location = accepted.header("Content-Location");
        assertEquals("rebuild", accepted.jsonPath().getString("kind"));
        assertTrue(List.of("queued", "running").contains(accepted.jsonPath().getString("state")));

        JsonPath done = awaitEnd(location);
        assertEquals("succeeded", done.getString("state"));
        assertNotNull(done.get("result.messages"), "the rebuild's summary");
        assertEquals(0, done.getInt("result.recordsChanged"), "a consistent store rebuilds to the records it had");
        assertEquals(
                done.getLong("result.patients"), done.getLong("progress.total"), "the last progress: every patient");
        assertEquals("patients", done.getString("progress.phase"));
    }

    @Test
    void syncRebuild_answersTheSummaryAsBefore_andIsRecordedAsAJob() {
        long before = newestJobId();
        JsonPath summary = given().post("/api/admin/rebuild")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertNotNull(summary.get("messages"));
        assertNotNull(summary.get("recordsRewritten"));
        assertNotNull(summary.get("elapsedMillis"));
        JsonPath job = given().get("/api/admin/jobs/" + newestJobId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(job.getLong("id") > before);
        assertEquals("succeeded", job.getString("state"));
        assertEquals(summary.getLong("messages"), job.getLong("result.messages"));
    }

    @Test
    void aJobGoesOn_whenItsClientHangsUp() throws Exception {
        long before = newestJobId();
        try (Socket client = new Socket("localhost", RestAssured.port)) {
            client.getOutputStream()
                    .write(("POST /api/admin/rebuild HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                    + TestTokens.admin() + "\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            KafkaTestClient.await("the rebuild job", Duration.ofSeconds(30), () -> newestJobId() > before);
        } // the client hangs up without reading an answer
        JsonPath done = awaitEnd("/api/admin/jobs/" + newestJobId());
        assertEquals("succeeded", done.getString("state"));
        assertNotNull(done.get("result.messages"));
    }

    @Test
    void asyncDmdUpload_reportsTheLoad_orTheRefusal() {
        String loaded = given().header("Prefer", "respond-async")
                .contentType("application/zip")
                .body(DmdFixtures.zip("synthetic"))
                .post("/api/admin/dmd?name=synthetic")
                .then()
                .statusCode(202)
                .extract()
                .header("Content-Location");
        JsonPath load = awaitEnd(loaded);
        assertEquals("succeeded", load.getString("state"));
        assertEquals("dmd-load", load.getString("kind"));
        assertNotNull(load.get("result.releaseId"), load.prettify());

        String broken = given().header("Prefer", "respond-async; wait=10")
                .contentType("application/zip")
                .body(DmdFixtures.zip("synthetic", xml -> xml.replaceFirst("</", "<")))
                .post("/api/admin/dmd?name=broken")
                .then()
                .statusCode(202)
                .extract()
                .header("Content-Location");
        JsonPath refused = awaitEnd(broken);
        assertEquals("failed", refused.getString("state"));
        assertTrue(refused.getString("error").startsWith("UMR-"), refused.getString("error"));
        assertTrue(refused.getString("error").contains("unchanged"), refused.getString("error"));
    }

    @Test
    void twoJobs_runOneAfterTheOther() {
        String first = given().header("Prefer", "respond-async")
                .post("/api/admin/rebuild")
                .then()
                .statusCode(202)
                .extract()
                .header("Content-Location");
        String second = given().header("Prefer", "respond-async")
                .post("/api/admin/rebuild")
                .then()
                .statusCode(202)
                .extract()
                .header("Content-Location");
        JsonPath a = awaitEnd(first);
        JsonPath b = awaitEnd(second);
        assertEquals("succeeded", a.getString("state"));
        assertEquals("succeeded", b.getString("state"));
        Instant aStarted = Instant.parse(a.getString("startedAt"));
        Instant aFinished = Instant.parse(a.getString("finishedAt"));
        Instant bStarted = Instant.parse(b.getString("startedAt"));
        Instant bFinished = Instant.parse(b.getString("finishedAt"));
        assertTrue(
                !bStarted.isBefore(aFinished) || !aStarted.isBefore(bFinished),
                "one ran after the other: " + a.prettify() + b.prettify());
    }

    @Test
    void aJobItsInstanceAbandoned_isReportedInterrupted_withWhatThatLeaves() throws Exception {
        long id;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO job (kind, state, instance, if_interrupted, progress, started_at)
                        VALUES ('rebuild', 'running', 'crashed@elsewhere', 'run it again',
                                '{"phase":"messages","done":500,"total":9000}', now())
                        RETURNING id""");
                ResultSet row = insert.executeQuery()) {
            row.next();
            id = row.getLong(1);
        }
        JsonPath job = given().get("/api/admin/jobs/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("interrupted", job.getString("state"));
        assertTrue(job.getString("error").contains("crashed@elsewhere"), job.getString("error"));
        assertTrue(job.getString("error").endsWith("run it again"), job.getString("error"));
        assertEquals(500, job.getInt("progress.done"), "where it got to is kept");
        assertNotNull(job.get("finishedAt"));
    }

    @Test
    void jobUrls_thatNameNoJob_are404() {
        given().get("/api/admin/jobs/999999999").then().statusCode(404);
        given().get("/api/admin/jobs/not-a-number").then().statusCode(404);
        assertFalse(given().get("/api/admin/jobs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .isEmpty());
    }

    private static JsonPath awaitEnd(String location) {
        JsonPath[] last = new JsonPath[1];
        KafkaTestClient.await("the job at " + location + " to end", Duration.ofSeconds(120), () -> {
            Response answer = given().get(location);
            last[0] = answer.jsonPath();
            if (answer.statusCode() == 202) {
                assertNotNull(answer.header("X-Progress"), "progress while it runs");
                return false;
            }
            assertEquals(200, answer.statusCode(), answer.asString());
            return true;
        });
        return last[0];
    }

    private static long newestJobId() {
        List<Integer> ids = given().get("/api/admin/jobs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
        return ids.isEmpty() ? 0 : ids.get(0);
    }
}
