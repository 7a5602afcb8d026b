package health.umr.fhir;

import static health.umr.support.FhirJson.DMD;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.NhsNumber;
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
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code $unified-medications} answered from {@link health.umr.records.ReadCache} is, byte for byte and
 * header for header (but the date), HAPI's encoding of the record's Bundle worked out at the same instant
 * (the read {@code _at} an instant, with {@code _pretty=false}, which takes HAPI's own path and never the
 * cache): after the first read, after an acknowledgement, after a new source record, when the
 * acknowledgement's {@code until} passes and the clock goes back, across a UK midnight. Each read is
 * audited with the patient, hit or not. Other forms and {@code patient/} tokens do not use the cache.
 * The answer holds no request time, so "the same instant" is each of the instants just before and just
 * after the request: the answer must be one of those two worked-out answers (they differ only if time
 * alone changed the record between them).
 */
@QuarkusTest
class UnifiedMedicationsCacheHttpTest {

    private static final String PHARMACIST =
            TestTokens.user("epma", "pharmacist-fc", "user/*.read user/DetectedIssue.write");

    @Inject
    TestClock clock;

    @Inject
    MeterRegistry registry;

    @Inject
    DatabaseState database;

    @Test
    void theKeptAnswer_isHapisWorkedOutOne_throughWritesAcknowledgementsAndTime() {
        DmdFixtures.loadSynthetic();
        String gp = Feeds.source("fc-gp", "gp");
        String mentalHealth = Feeds.source("fc-mh", "mental-health");
        String nhs = Feeds.newNhsNumber();
        FhirJson.post(FhirJson.patient(nhs, "female", "1980-05-04", "2026-11-01T09:00:00Z"));
        FhirJson.postSsris(gp, mentalHealth, nhs, "fc");

        double misses = misses();
        Response first = assertSameAsWorkedOut(nhs, () -> read(nhs, ""));
        assertEquals(misses + 1, misses(), "the first read is worked out");
        double hits = hits();
        long[] audited = new long[2];
        long[] written = new long[2];
        Response kept = assertSameAsWorkedOut(nhs, () -> {
            audited[0] = audited(nhs);
            written[0] = UnifiedRecordAnswer.WRITTEN.sum();
            Response response = read(nhs, "");
            audited[1] = audited(nhs);
            written[1] = UnifiedRecordAnswer.WRITTEN.sum();
            return response;
        });
        assertEquals(hits + 1, hits(), "the second read is answered from the cache");
        assertEquals(audited[0] + 1, audited[1], "a read from the cache is audited with its patient");
        assertEquals(written[0] + 1, written[1], "and written by UnifiedRecordAnswer");
        assertTrue(Arrays.equals(first.asByteArray(), kept.asByteArray()));
        // the kept answer sent without gzip: the same bytes, and HAPI's headers without gzip
        hits = hits();
        Response plain = given().config(identity())
                .get("/fhir/Patient/$unified-medications?identifier=" + NhsNumber.SYSTEM + "|" + nhs);
        assertEquals(hits + 1, hits(), "answered from the cache");
        Response hapiPlain = given().config(identity())
                .get("/fhir/Patient/$unified-medications?identifier=" + NhsNumber.SYSTEM + "|" + nhs + "&_at="
                        + clock.instant().truncatedTo(ChronoUnit.MILLIS) + "&_pretty=false");
        assertEquals(null, plain.header("Content-Encoding"));
        assertTrue(Arrays.equals(kept.asByteArray(), plain.asByteArray()), "the kept (HAPI's) bytes");
        assertEquals(headers(hapiPlain), headers(plain));
        String alert = given().get("/api/patients/" + nhs + "/medications")
                .jsonPath()
                .getString("alerts.find { it.type == 'therapeutic-duplication' }.id");
        assertNotNull(alert);

        // an acknowledgement (as another instance would write it: only the database knows) is seen at once
        given().header(TestTokens.bearer(PHARMACIST))
                .contentType("application/json")
                .body("{\"outcome\": \"overridden\", \"reason\": \"cross-taper\", \"until\": \""
                        + Instant.now().plus(Duration.ofHours(1)) + "\"}")
                .post("/api/patients/" + nhs + "/alerts/" + alert + "/acknowledgements")
                .then()
                .statusCode(201);
        hits = hits();
        Response acknowledged = assertSameAsWorkedOut(nhs, () -> read(nhs, ""));
        assertEquals(hits, hits(), "a new acknowledgement is a miss");
        assertFalse(Arrays.equals(kept.asByteArray(), acknowledged.asByteArray()), "the answer shows it");
        assertSameAsWorkedOut(nhs, () -> read(nhs, ""));
        assertEquals(hits + 1, hits());

        // its until passes: the kept answer is past its validity
        clock.aheadBy(Duration.ofHours(2), () -> {
            double before = hits();
            Response lapsed = assertSameAsWorkedOut(nhs, () -> read(nhs, ""));
            assertEquals(before, hits(), "past its until, the kept answer is not served");
            assertFalse(Arrays.equals(acknowledged.asByteArray(), lapsed.asByteArray()));
            assertSameAsWorkedOut(nhs, () -> read(nhs, ""));
            assertEquals(before + 1, hits());
        });
        // and the clock back (the answer kept two hours ahead is not the answer now)
        Response back = assertSameAsWorkedOut(nhs, () -> read(nhs, ""));
        assertTrue(Arrays.equals(acknowledged.asByteArray(), back.asByteArray()));

        // across a UK midnight (the next one is at most 25 hours ahead)
        clock.aheadBy(Duration.ofHours(25), () -> assertSameAsWorkedOut(nhs, () -> read(nhs, "")));

        // a new source record: a new version, seen on the next read
        int version = Integer.parseInt(read(nhs, "").jsonPath().getString("meta.versionId"));
        FhirJson.post(FhirJson.statement(
                gp, "fc-t", nhs, DMD, null, "Grandma's herbal tonic", "active", "2026-11-03T09:00:00Z", null, null));
        hits = hits();
        Response changed = assertSameAsWorkedOut(nhs, () -> read(nhs, ""));
        assertEquals(hits, hits(), "a new version is a miss");
        assertEquals(String.valueOf(version + 1), changed.jsonPath().getString("meta.versionId"));
        assertSameAsWorkedOut(nhs, () -> read(nhs, ""));
        assertEquals(hits + 1, hits());

        // other forms, reads at an instant and patient/ tokens never use the cache (nor count in it)
        misses = misses();
        hits = hits();
        for (String form : new String[] {
            "&_at=" + Instant.now().truncatedTo(ChronoUnit.MILLIS),
            "&_format=xml",
            "&_pretty=true",
            "&_summary=count",
            "&_elements=entry"
        }) {
            read(nhs, form);
        }
        String own = TestTokens.patient("fc-app", nhs, "patient/*.read");
        Response confined = given().header(TestTokens.bearer(own))
                .get("/fhir/Patient/$unified-medications?identifier=" + NhsNumber.SYSTEM + "|" + nhs);
        assertEquals(200, confined.statusCode(), confined.asString());
        assertEquals(String.valueOf(version + 1), confined.jsonPath().getString("meta.versionId"));
        assertEquals(hits, hits());
        assertEquals(misses, misses());
    }

    private static Response read(String nhs, String query) {
        Response response =
                given().get("/fhir/Patient/$unified-medications?identifier=" + NhsNumber.SYSTEM + "|" + nhs + query);
        assertEquals(200, response.statusCode(), response.asString());
        return response;
    }

    /**
     * The answer {@code read} gives equals, bytes and headers, HAPI's answer for the record worked out at
     * the instant just before or the instant just after it (the default form {@code _at} those instants gives
     * the same bytes).
     */
    private Response assertSameAsWorkedOut(String nhs, Supplier<Response> read) {
        Instant before = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Response answer = read.get();
        Instant after = clock.instant().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        Response hapiBefore = read(nhs, "&_at=" + before + "&_pretty=false");
        Response hapiAfter = read(nhs, "&_at=" + after + "&_pretty=false");
        Response workedOut = Arrays.equals(hapiBefore.asByteArray(), answer.asByteArray()) ? hapiBefore : hapiAfter;
        assertEquals(new String(workedOut.asByteArray(), java.nio.charset.StandardCharsets.UTF_8), answer.asString());
        assertTrue(Arrays.equals(workedOut.asByteArray(), answer.asByteArray()));
        assertEquals(headers(workedOut), headers(answer));
        Response direct = read(nhs, "&_at=" + (workedOut == hapiBefore ? before : after));
        assertTrue(Arrays.equals(workedOut.asByteArray(), direct.asByteArray()), "the direct answer at the instant");
        return answer;
    }

    /** No Accept-Encoding (RestAssured asks for gzip by default): the answer is sent as it is. */
    private static io.restassured.config.RestAssuredConfig identity() {
        return io.restassured.RestAssured.config()
                .decoderConfig(
                        io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders());
    }

    private static Map<String, String> headers(Response response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers()
                .forEach(
                        h -> headers.merge(h.getName().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b));
        headers.remove("date");
        headers.remove("x-request-id");
        return headers;
    }

    private double hits() {
        return count("hit");
    }

    private double misses() {
        return count("miss");
    }

    private double count(String result) {
        // registered when the cache is first used (it is made on first use)
        io.micrometer.core.instrument.Counter counter = registry.find("umr.read.cache")
                .tags("answer", "fhir", "result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long audited(String nhs) {
        return database.count("SELECT count(*) FROM audit_event WHERE nhs_number = ?", nhs);
    }
}
