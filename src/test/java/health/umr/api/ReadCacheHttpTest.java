package health.umr.api;

import static health.umr.support.FhirJson.DMD;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import health.umr.support.DatabaseState;
import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import health.umr.support.TestClock;
import health.umr.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The JSON read of a current record answered from {@link health.umr.records.ReadCache} is, byte for byte
 * and header for header, the read worked out afresh at the same instant (the read {@code at}
 * that instant, which never uses the cache): after the first read, after an acknowledgement, after a
 * new source record, when the acknowledgement's {@code until} passes and the clock goes back, across a
 * UK midnight. Each read is audited with the patient, hit or not. (That the writer's bytes are data
 * binding's is PatientMedicationsWriterTest's to show.)
 */
@QuarkusTest
class ReadCacheHttpTest {

    private static final String PHARMACIST =
            TestTokens.user("epma", "pharmacist-rc", "user/*.read user/DetectedIssue.write");

    @Inject
    TestClock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    DatabaseState database;

    @Test
    void theKeptAnswer_isTheWorkedOutOne_throughWritesAcknowledgementsAndTime() {
        DmdFixtures.loadSynthetic();
        String gp = Feeds.source("rc-gp", "gp");
        String mentalHealth = Feeds.source("rc-mh", "mental-health");
        String nhs = Feeds.newNhsNumber();
        FhirJson.post(FhirJson.patient(nhs, "female", "1980-05-04", "2026-11-01T09:00:00Z"));
        FhirJson.postSsris(gp, mentalHealth, nhs, "rc");

        Response first = read(nhs);
        assertSameAsWorkedOut(nhs, first);
        double hits = hits();
        long audited = audited(nhs);
        Response kept = read(nhs);
        assertEquals(hits + 1, hits(), "the second read is answered from the cache");
        assertEquals(audited + 1, audited(nhs), "a read from the cache is audited with its patient");
        assertSameAsWorkedOut(nhs, kept);
        String alert = kept.jsonPath().getString("alerts.find { it.type == 'therapeutic-duplication' }.id");
        assertNotNull(alert, kept.asString());

        // an acknowledgement (as another instance would write it: only the database knows) is seen at once
        given().header(TestTokens.bearer(PHARMACIST))
                .contentType("application/json")
                .body("{\"outcome\": \"overridden\", \"reason\": \"cross-taper\", \"until\": \""
                        + Instant.now().plus(Duration.ofHours(1)) + "\"}")
                .post("/api/patients/" + nhs + "/alerts/" + alert + "/acknowledgements")
                .then()
                .statusCode(201);
        hits = hits();
        Response acknowledged = read(nhs);
        assertEquals(hits, hits(), "a new acknowledgement is a miss");
        assertEquals("acknowledged", status(acknowledged, alert));
        assertSameAsWorkedOut(nhs, acknowledged);
        Response acknowledgedKept = read(nhs);
        assertEquals(hits + 1, hits());
        assertSameAsWorkedOut(nhs, acknowledgedKept);

        // its until passes: the kept answer is past its validity
        clock.aheadBy(Duration.ofHours(2), () -> {
            double before = hits();
            Response lapsed = read(nhs);
            assertEquals(before, hits(), "past its until, the kept answer is not served");
            assertEquals("active", status(lapsed, alert));
            assertSameAsWorkedOut(nhs, lapsed);
            assertSameAsWorkedOut(nhs, read(nhs));
            assertEquals(before + 1, hits());
        });
        // and the clock back (the answer kept two hours ahead is not the answer now)
        Response back = read(nhs);
        assertEquals("acknowledged", status(back, alert));
        assertSameAsWorkedOut(nhs, back);

        // across a UK midnight (the next one is at most 25 hours ahead)
        clock.aheadBy(Duration.ofHours(25), () -> assertSameAsWorkedOut(nhs, read(nhs)));

        // a new source record: a new version, seen on the next read
        int version = read(nhs).jsonPath().getInt("version");
        FhirJson.post(FhirJson.statement(
                gp, "rc-t", nhs, DMD, null, "Grandma's herbal tonic", "active", "2026-11-03T09:00:00Z", null, null));
        hits = hits();
        Response changed = read(nhs);
        assertEquals(hits, hits(), "a new version is a miss");
        assertEquals(version + 1, changed.jsonPath().getInt("version"));
        assertSameAsWorkedOut(nhs, changed);
        assertSameAsWorkedOut(nhs, read(nhs));

        // a read at an instant is worked out, never kept or served from the cache
        double misses = misses();
        hits = hits();
        given().get("/api/patients/" + nhs + "/medications?at=" + Instant.now())
                .then()
                .statusCode(200);
        assertEquals(hits, hits());
        assertEquals(misses, misses());
    }

    @Test
    void anUnknownPatient_isNotFound_withOrWithoutABlankAt() {
        String nhs = Feeds.newNhsNumber();
        Response now = given().get("/api/patients/" + nhs + "/medications");
        Response blankAt = given().get("/api/patients/" + nhs + "/medications?at=");
        assertEquals(404, now.statusCode());
        assertEquals(404, blankAt.statusCode());
        assertEquals(
                "UMR-0013: UMR holds no medicines record for NHS number " + nhs,
                now.jsonPath().getString("message"));
        assertEquals(now.asString(), blankAt.asString());
    }

    private static Response read(String nhs) {
        Response response = given().get("/api/patients/" + nhs + "/medications");
        assertEquals(200, response.statusCode(), response.asString());
        return response;
    }

    private static String status(Response response, String alert) {
        return response.jsonPath().getString("alerts.find { it.id == '" + alert + "' }.status");
    }

    /** The read {@code at} the answer's own evaluatedAt (worked out, not cached) is the same, bytes and headers. */
    private static void assertSameAsWorkedOut(String nhs, Response answer) {
        String at = answer.jsonPath().getString("evaluatedAt");
        Response workedOut = given().get("/api/patients/" + nhs + "/medications?at=" + at);
        assertEquals(200, workedOut.statusCode(), workedOut.asString());
        assertEquals(workedOut.contentType(), answer.contentType());
        assertEquals(names(workedOut), names(answer));
        assertEquals(workedOut.header("Content-Length"), answer.header("Content-Length"));
        assertNull(answer.header("Transfer-Encoding"), "not chunked");
        assertArrayEquals(workedOut.asByteArray(), answer.asByteArray(), answer.asString());
    }

    private static List<String> names(Response response) {
        return response.headers().asList().stream()
                .map(h -> h.getName().toLowerCase(Locale.ROOT))
                .sorted()
                .toList();
    }

    private double hits() {
        return count("hit");
    }

    private double misses() {
        return count("miss");
    }

    private double count(String result) {
        return registry.find("umr.read.cache")
                .tags("answer", "json", "result", result)
                .counter()
                .count();
    }

    private long audited(String nhs) {
        return database.count("SELECT count(*) FROM audit_event WHERE nhs_number = ?", nhs);
    }
}
