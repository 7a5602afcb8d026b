package health.umr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.HostileRequests;
import health.umr.support.RawHttp;
import health.umr.support.RawHttp.Request;
import health.umr.support.RawHttp.Response;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A few thousand generated hostile requests (seeded: {@code -Dumr.fuzz.seed}, {@code
 * -Dumr.fuzz.requests}) against the running service, over a raw socket so that nothing is cleaned
 * up on the way. Every answer must come (no hang: none within 2 s, and none within 10 s on a second
 * try, so a loaded build box is not mistaken for a hang), must not be a 5xx, must be an error in the
 * promised shape (an OperationOutcome on /fhir; JSON with "error" and "code" and no "stack" on /api
 * and /cds-services), and a refused request must leave the database exactly as it was.
 */
@QuarkusTest
class HostileInputFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("umr.fuzz.seed", 13);
    private static final int REQUESTS = Integer.getInteger("umr.fuzz.requests", 2000);
    private static final Duration HANG = Duration.ofSeconds(2);

    @Inject
    DatabaseState database;

    @Test
    void hostileRequests_neverAFiveHundred_neverAHang_alwaysTheErrorShape_neverAWriteWhenRefused() {
        Feeds.source(HostileRequests.GP_SOURCE, "gp");
        Feeds.source(HostileRequests.ACUTE_SOURCE, "acute");
        HostileRequests requests = new HostileRequests(SEED);
        Map<String, String> failures = new LinkedHashMap<>();
        int failed = 0;
        int refused = 0;
        String before = database.fingerprint();
        for (int i = 0; i < REQUESTS; i++) {
            Request request = requests.next();
            Response response = RawHttp.send(RestAssured.port, request, HANG);
            if (response.timedOut()) {
                response = RawHttp.send(RestAssured.port, request, HANG.multipliedBy(5));
            }
            String problem = problem(request, response);
            String after = database.fingerprint();
            if (problem == null && (response.status() >= 400 || response.status() == 0)) {
                refused++;
                if (!before.equals(after)) {
                    problem = "refused with " + response.status() + " but the database changed: " + before + " -> "
                            + after;
                }
            }
            before = after;
            if (problem != null) {
                failed++;
                failures.putIfAbsent(
                        signature(request, response, problem),
                        "#" + i + " " + problem + "\n    request: " + request.describe() + "\n    answer: "
                                + response.status() + " " + abbreviate(response.text()));
            }
        }
        StringBuilder report = new StringBuilder();
        failures.values().stream().limit(80).forEach(f -> report.append("\n  ").append(f));
        assertTrue(
                failures.isEmpty(),
                failed + " of " + REQUESTS + " hostile requests (seed " + SEED + ", " + refused
                        + " refused) broke a promise; one example per kind:" + report);
    }

    /** What is wrong with the answer, or null. */
    private static String problem(Request request, Response response) {
        if (response.timedOut()) {
            return "no answer within " + HANG.multipliedBy(5).toSeconds() + " s (a hang)";
        }
        if (response.status() == 0) {
            return "no HTTP answer: " + response.headers();
        }
        if (response.status() >= 500) {
            return "a " + response.status();
        }
        if (response.status() < 400 || "HEAD".equalsIgnoreCase(request.method())) {
            return null;
        }
        String path = request.target().split("\\?", 2)[0];
        if (path.startsWith("/fhir")) {
            return operationOutcomeProblem(response);
        }
        if (path.startsWith("/api") || path.startsWith("/cds-services")) {
            return jsonErrorProblem(response);
        }
        return null;
    }

    private static String operationOutcomeProblem(Response response) {
        String text = response.text();
        if (text.stripLeading().startsWith("<")) {
            return text.contains("<OperationOutcome") && text.contains("<severity") && text.contains("<code")
                    ? null
                    : "a " + response.status() + " on /fhir that is not an OperationOutcome";
        }
        JsonNode outcome = parse(response.body());
        if (outcome == null
                || !"OperationOutcome".equals(outcome.path("resourceType").asText())) {
            return "a " + response.status() + " on /fhir that is not an OperationOutcome";
        }
        JsonNode issue = outcome.path("issue").path(0);
        if (!issue.hasNonNull("severity") || !issue.hasNonNull("code") || !issue.hasNonNull("diagnostics")) {
            return "an OperationOutcome issue without severity, code or diagnostics";
        }
        return null;
    }

    private static String jsonErrorProblem(Response response) {
        JsonNode error = parse(response.body());
        if (error == null || !error.isObject()) {
            return "a " + response.status() + " that is not a JSON error";
        }
        if (error.has("stack")) {
            return "a JSON error with a stack field";
        }
        if (!error.hasNonNull("error") || !error.hasNonNull("code")) {
            return "a JSON error without error and code";
        }
        return null;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Failures of one kind share a signature, so the report shows each kind once. */
    private static String signature(Request request, Response response, String problem) {
        String path = request.target().split("\\?", 2)[0];
        String area = path.startsWith("/fhir") ? "fhir" : path.startsWith("/api") ? "api" : path;
        String shortProblem = problem.replaceAll(": .*", "").replaceAll("\\d+", "#");
        String detail = response.text().replaceAll("[0-9a-f-]{36}", "").replaceAll("\\d+", "#");
        return request.method() + " " + area + " " + response.status() + " " + shortProblem + " "
                + abbreviate(detail)
                        .substring(0, Math.min(80, abbreviate(detail).length()));
    }

    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 400 ? flat.substring(0, 400) + "…" : flat;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
