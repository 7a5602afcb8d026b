package health.umr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.RawHttp;
import health.umr.support.RawHttp.Request;
import health.umr.support.RawHttp.Response;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per cause of a 5xx, a hang, a wrong error shape or a partial write that issue #13 found:
 * each is refused at once, with its status and stable code, in the shape of the endpoint (an
 * OperationOutcome on /fhir, the JSON error elsewhere), and changes nothing.
 */
@QuarkusTest
class RefusalRegressionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GP_SYSTEM = "https://fhir.gp-refusal.health/umr-test";
    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";
    private static final String FHIR_JSON = "application/fhir+json";
    private static final String DETECTED_ISSUES = "/fhir/DetectedIssue?patient:identifier=" + NHS + "%7C9449306680";
    private static final String AUDIT_EVENTS = "/fhir/AuditEvent?patient:identifier=" + NHS + "%7C9449306680";

    record Case(String name, Request request, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Inject
    DatabaseState database;

    @BeforeEach
    void registerSource() {
        Feeds.source("gp-refusal", "gp");
    }

    static String statement(String replace, String with) {
        return Feeds.statement(GP_SYSTEM, "refusal-1").replace(replace, with);
    }

    static String statementWith(String field) {
        return Feeds.statement(GP_SYSTEM, "refusal-2")
                .replace("\"status\":\"active\",", field + ",\"status\":\"active\",");
    }

    static Request post(String path, String contentType, String body) {
        return Request.of("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static Request get(String target) {
        return Request.of("GET", target);
    }

    static Stream<Case> cases() {
        String dosed = statement(
                "\"dosage\":[{\"text\":\"10mg at night\"}]",
                "\"dosage\":[{\"text\":\"x\",\"timing\":{\"repeat\":{\"frequency\":1,\"period\":1,\"periodUnit\":\"d\"}},"
                        + "\"doseAndRate\":[{\"doseQuantity\":{\"value\":10,\"unit\":\"mg\"}}]}]");
        String encounter = """
                {"resourceType":"Encounter","meta":{"source":"%s"},"identifier":[{"system":"https://x.example/enc","value":"e1"}],
                 "status":"in-progress","class":{"code":"%s"},
                 "subject":{"identifier":{"system":"%s","value":"9449306680"}}}""";
        return Stream.of(
                // --- column and index limits: 422 naming the element
                new Case(
                        "id over 64 characters",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                statementWith("\"id\":\"" + "x".repeat(65) + "\"")),
                        422,
                        "UMR-0009"),
                new Case(
                        "id with an ESC",
                        post("/fhir/MedicationStatement", FHIR_JSON, statementWith("\"id\":\"a\\u001bb\"")),
                        422,
                        "UMR-0009"),
                new Case(
                        "PUT id over 64 characters",
                        Request.of(
                                "PUT",
                                "/fhir/MedicationStatement/" + "y".repeat(65),
                                FHIR_JSON,
                                utf8(statement("x", "x"))),
                        422,
                        "UMR-0009"),
                new Case(
                        "Encounter.class over the column",
                        post("/fhir/Encounter", FHIR_JSON, encounter.formatted(GP_SYSTEM, "X".repeat(17), NHS)),
                        422,
                        "UMR-0025"),
                new Case(
                        "date with 30 fractional digits",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                statement(
                                        "\"dateAsserted\":\"2026-11-01\"",
                                        "\"dateAsserted\":\"2026-11-01T10:00:00." + "1".repeat(30) + "Z\"")),
                        422,
                        "UMR-0025"),
                new Case(
                        "identifier value over the btree limit",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                statement("\"value\":\"refusal-1\"", "\"value\":\"" + "\u20ac".repeat(1000) + "\"")),
                        422,
                        "UMR-0025"),
                new Case(
                        "category code over the column",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                statementWith("\"category\":{\"coding\":[{\"code\":\"" + "c".repeat(65) + "\"}]}")),
                        422,
                        "UMR-0025"),
                new Case(
                        "Content-Type over 128 characters",
                        post(
                                "/fhir/MedicationStatement",
                                "application/fhir+json; x=" + "y".repeat(200),
                                statement("x", "x")),
                        415,
                        "UMR-0020"),
                new Case(
                        "source ods over 16 characters",
                        Request.of(
                                "PUT",
                                "/api/sources/gp-refusal-2",
                                "application/json",
                                utf8("{\"setting\":\"gp\",\"name\":\"n\",\"system\":\"https://r2.example\",\"ods\":\""
                                        + "A".repeat(40) + "\"}")),
                        400,
                        "UMR-0014"),
                new Case(
                        "source system over 1,024 characters",
                        Request.of(
                                "PUT",
                                "/api/sources/gp-refusal-3",
                                "application/json",
                                utf8("{\"setting\":\"gp\",\"name\":\"n\",\"system\":\"https://" + "s".repeat(5000)
                                        + "\"}")),
                        400,
                        "UMR-0014"),
                // --- control characters
                new Case(
                        "NUL in the dosage text",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                statement("10mg at night", "10mg\\u0000 at night")),
                        422,
                        "UMR-0026"),
                new Case(
                        "NUL in meta.source",
                        post("/fhir/MedicationStatement", FHIR_JSON, statement(GP_SYSTEM, GP_SYSTEM + "\\u0000")),
                        422,
                        "UMR-0026"),
                new Case(
                        "ESC in an identifier",
                        post("/fhir/MedicationStatement", FHIR_JSON, statement("refusal-1", "refusal\\u001b-1")),
                        422,
                        "UMR-0026"),
                new Case(
                        "NUL in a Bundle's meta.source",
                        post(
                                "/fhir/$ingest",
                                FHIR_JSON,
                                "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"meta\":{\"source\":\"https://a\\u0000\"},\"entry\":[{\"resource\":"
                                        + statement("\"source\":\"" + GP_SYSTEM + "\",", "") + "}]}"),
                        422,
                        "UMR-0026"),
                new Case(
                        "NUL in a source name",
                        Request.of(
                                "PUT",
                                "/api/sources/gp-refusal-4",
                                "application/json",
                                utf8("{\"setting\":\"gp\",\"name\":\"a\\u0000b\",\"system\":\"https://r4.example\"}")),
                        422,
                        "UMR-0026"),
                new Case("NUL in a query parameter", get("/fhir/MedicationStatement?identifier=%00"), 400, "UMR-0023"),
                new Case("ESC in a query parameter", get("/fhir/MedicationStatement?status=%1b"), 400, "UMR-0023"),
                new Case(
                        "NUL in ?source=",
                        post("/fhir/$ingest?source=a%00b", FHIR_JSON, statement("x", "x")),
                        400,
                        "UMR-0023"),
                // --- _lastUpdated
                new Case(
                        "_lastUpdated without a date",
                        get("/fhir/MedicationStatement?_lastUpdated=ge"),
                        400,
                        "UMR-0015"),
                new Case("_lastUpdated not a date", get("/fhir/MedicationStatement?_lastUpdated=x"), 400, "UMR-0015"),
                new Case(
                        "_lastUpdated an impossible month",
                        get("/fhir/MedicationStatement?_lastUpdated=2026-13"),
                        400,
                        "UMR-0015"),
                // --- Bundle entries that are not resources
                new Case(
                        "Bundle entry resource null",
                        post(
                                "/fhir/$ingest",
                                FHIR_JSON,
                                "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":null}]}"),
                        400,
                        "UMR-0001"),
                new Case(
                        "Bundle entry resource a number",
                        post(
                                "/fhir/$ingest",
                                FHIR_JSON,
                                "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":5}]}"),
                        400,
                        "UMR-0001"),
                new Case(
                        "Bundle entry resource empty XML",
                        post(
                                        "/fhir/$ingest",
                                        "application/fhir+xml",
                                        "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\"/><entry><resource/></entry></Bundle>")
                                .with("Accept", FHIR_JSON),
                        400,
                        "UMR-0001"),
                new Case(
                        "transaction entry resource a number",
                        post(
                                "/fhir",
                                FHIR_JSON,
                                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":5,\"request\":{\"method\":\"POST\",\"url\":\"MedicationStatement\"}}]}"),
                        400,
                        "UMR-0001"),
                // --- URL decoding, below HAPI: once hung, now at once
                new Case("?identifier=%", get("/fhir/MedicationStatement?identifier=%"), 400, "UMR-0023"),
                new Case("?identifier=a%zz", get("/fhir/MedicationStatement?identifier=a%zz"), 400, "UMR-0023"),
                new Case(
                        "PUT ?identifier=a%zz",
                        Request.of(
                                "PUT",
                                "/fhir/MedicationStatement?identifier=a%zz",
                                FHIR_JSON,
                                utf8(statement("x", "x"))),
                        400,
                        "UMR-0023"),
                new Case("/%25", get("/fhir/%25"), 400, "UMR-0023"),
                new Case("/%00", get("/fhir/%00"), 400, "UMR-0023"),
                new Case("backslash path", get("/fhir\\metadata"), 400, "UMR-0023"),
                new Case("//", get("/fhir//MedicationStatement"), 400, "UMR-0023"),
                new Case("/api ?x=%", get("/api/sources?x=%"), 400, "UMR-0023"),
                new Case("/api/%zz", get("/api/%zz"), 400, "UMR-0023"),
                new Case(
                        "1,001 query parameters",
                        get("/fhir/MedicationStatement?" + "a=1&".repeat(1001)),
                        400,
                        "UMR-0023"),
                new Case(
                        "raw NUL byte in NDJSON",
                        Request.of(
                                "POST",
                                "/fhir/$ingest",
                                "application/fhir+ndjson",
                                utf8(statement("x", "x") + "\n{\"resourceType\":\u0000}\n")),
                        400,
                        "UMR-0001"),
                new Case(
                        "invalid UTF-8 in NDJSON",
                        Request.of(
                                "POST",
                                "/fhir/$ingest",
                                "application/fhir+ndjson",
                                concat(utf8(statement("x", "x") + "\n"), new byte[] {'{', (byte) 0xFF, '}'})),
                        400,
                        "UMR-0001"),
                new Case(
                        "form body on /fhir",
                        post("/fhir/MedicationStatement", "application/x-www-form-urlencoded", "status=active"),
                        415,
                        "UMR-0020"),
                // --- /api and /cds-services
                new Case(
                        "CDS Hooks nesting 1,000 levels",
                        post(
                                "/cds-services/umr-medicines-check",
                                "application/json",
                                "[".repeat(1200) + "]".repeat(1200)),
                        400,
                        "UMR-0001"),
                new Case(
                        "/api nesting 1,000 levels",
                        Request.of(
                                "PUT",
                                "/api/sources/gp-refusal-5",
                                "application/json",
                                utf8("{\"name\":" + "[".repeat(1200) + "]".repeat(1200) + "}")),
                        400,
                        "UMR-0001"),
                new Case(
                        "/api body over the limit",
                        Request.of(
                                "PUT", "/api/sources/gp-refusal-6", "application/json", new byte[10 * 1024 * 1024 + 1]),
                        413,
                        "UMR-0012"),
                new Case(
                        "/cds-services body over the limit",
                        Request.of(
                                "POST",
                                "/cds-services/umr-medicines-check",
                                "application/json",
                                new byte[10 * 1024 * 1024 + 1]),
                        413,
                        "UMR-0012"),
                new Case(
                        "/api invalid UTF-8 JSON",
                        Request.of("PUT", "/api/sources/gp-refusal-7", "application/json", new byte[] {
                            '{', '"', 'n', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'
                        }),
                        400,
                        "UMR-0001"),
                new Case(
                        "/api wrong media type",
                        Request.of("PUT", "/api/sources/gp-refusal-8", "text/plain", utf8("{}")),
                        415,
                        "UMR-0020"),
                new Case("/api unknown path", get("/api/nothing-here"), 404, "UMR-0013"),
                new Case("/api wrong method", Request.of("DELETE", "/api/sources"), 405, "UMR-0019"),
                new Case("unknown method on /fhir", Request.of("PROPFIND", "/fhir/metadata"), 405, "UMR-0019"),
                new Case("unknown method on /api", Request.of("FOO", "/api/sources"), 405, "UMR-0019"),
                new Case("unknown method on /cds-services", Request.of("MKCOL", "/cds-services"), 405, "UMR-0019"),
                new Case(
                        "URL over 8 KB on /fhir",
                        get("/fhir/MedicationStatement?identifier=" + "x".repeat(9000)),
                        414,
                        "UMR-0021"),
                new Case(
                        "URL over 8 KB on /api",
                        get("/api/patients/" + "x".repeat(9000) + "/medications"),
                        414,
                        "UMR-0021"),
                new Case(
                        "headers over 32 KB",
                        get("/fhir/metadata").with("X-Long", "v".repeat(40_000)),
                        431,
                        "UMR-0022"),
                // --- found by the fuzz test in the /api audit: a 500 for a refused request
                new Case(
                        "/api patient path that is no NHS number",
                        get("/api/patients/in-progress/medications"),
                        422,
                        "UMR-0004"),
                new Case("raw backslash in an /api query", get("/api/admin/rebuild?x=\\"), 400, "UMR-0023"),
                // --- unauthenticated and hostile: the URL is refused before the token is looked at
                new Case(
                        "no token, NUL in the query",
                        get("/fhir/MedicationStatement?identifier=%00").with("Authorization", ""),
                        400,
                        "UMR-0023"),
                new Case(
                        "no token, unknown method on /api",
                        Request.of("FOO", "/api/sources").with("Authorization", ""),
                        405,
                        "UMR-0019"),
                new Case(
                        "no token, broken JSON on /fhir",
                        post("/fhir/MedicationStatement", FHIR_JSON, "{\"resourceType\":")
                                .with("Authorization", ""),
                        401,
                        "UMR-0401"),
                new Case(
                        "garbage token, deep nesting on /cds-services",
                        post(
                                        "/cds-services/umr-medicines-check",
                                        "application/json",
                                        "[".repeat(1200) + "]".repeat(1200))
                                .with("Authorization", "Bearer x.y.z"),
                        401,
                        "UMR-0402"),
                new Case(
                        "no token, /api body over the limit",
                        Request.of(
                                        "PUT",
                                        "/api/sources/gp-refusal-9",
                                        "application/json",
                                        new byte[10 * 1024 * 1024 + 1])
                                .with("Authorization", ""),
                        413,
                        "UMR-0012"),
                // --- NHS numbers, doses, dates
                new Case(
                        "Arabic-Indic NHS number",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                statement(
                                        "9449306680", "\u0669\u0664\u0664\u0669\u0663\u0660\u0666\u0666\u0668\u0660")),
                        422,
                        "UMR-0004"),
                new Case(
                        "Bengali NHS number",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                statement(
                                        "9449306680", "\u09ef\u09ea\u09ea\u09ef\u09e9\u09e6\u09ec\u09ec\u09ee\u09e6")),
                        422,
                        "UMR-0004"),
                new Case(
                        "NHS number spaced 8-2",
                        post("/fhir/MedicationStatement", FHIR_JSON, statement("9449306680", "94493066 80")),
                        422,
                        "UMR-0004"),
                new Case(
                        "Unicode digits in the portal URL",
                        get("/api/patients/%D9%A9%D9%A4%D9%A4%D9%A9%D9%A3%D9%A0%D9%A6%D9%A6%D9%A8%D9%A0/medications"),
                        422,
                        "UMR-0004"),
                new Case(
                        "negative dose",
                        post("/fhir/MedicationStatement", FHIR_JSON, dosed.replace("\"value\":10", "\"value\":-10")),
                        422,
                        "UMR-0009"),
                new Case(
                        "zero dose",
                        post("/fhir/MedicationStatement", FHIR_JSON, dosed.replace("\"value\":10", "\"value\":0")),
                        422,
                        "UMR-0009"),
                new Case(
                        "dose beyond a double",
                        post("/fhir/MedicationStatement", FHIR_JSON, dosed.replace("\"value\":10", "\"value\":1e400")),
                        422,
                        "UMR-0009"),
                new Case(
                        "zero frequency",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                dosed.replace("\"frequency\":1", "\"frequency\":0")),
                        422,
                        "UMR-0009"),
                new Case(
                        "negative period",
                        post("/fhir/MedicationStatement", FHIR_JSON, dosed.replace("\"period\":1", "\"period\":-1")),
                        422,
                        "UMR-0009"),
                new Case(
                        "not a FHIR date",
                        post(
                                "/fhir/MedicationStatement",
                                FHIR_JSON,
                                statement("\"dateAsserted\":\"2026-11-01\"", "\"dateAsserted\":\"2026-13-45\"")),
                        400,
                        "UMR-0001"),
                // --- $ingest honours Content-Type; what UMR does not do is a 405
                new Case(
                        "$ingest text/plain",
                        post("/fhir/$ingest", "text/plain", statement("x", "x")),
                        415,
                        "UMR-0020"),
                new Case("$ingest image/png", post("/fhir/$ingest", "image/png", "\u0089PNG"), 415, "UMR-0020"),
                new Case("DELETE", Request.of("DELETE", "/fhir/MedicationStatement/x"), 405, "UMR-0019"),
                new Case(
                        "PATCH",
                        Request.of("PATCH", "/fhir/MedicationStatement/x", "application/json-patch+json", utf8("[]")),
                        405,
                        "UMR-0019"),
                new Case("history", get("/fhir/MedicationStatement/x/_history"), 405, "UMR-0019"),
                new Case("vread", get("/fhir/MedicationStatement/x/_history/1"), 405, "UMR-0019"),
                // --- found by the hostile pass of 2026-12-03: each was a 500 or a hang
                new Case(
                        "token whose sub holds a NUL, on /fhir",
                        get("/fhir/MedicationStatement?patient:identifier=" + NHS + "%7C9449306680")
                                .with(
                                        "Authorization",
                                        "Bearer " + TestTokens.user("tester", "a\u0000b", "user/*.read")),
                        401,
                        "UMR-0402"),
                new Case(
                        "token whose client_id holds an ESC, on /api",
                        get("/api/patients/9449306680/medications")
                                .with("Authorization", "Bearer " + TestTokens.user("c\u001b", "u", "user/*.read")),
                        401,
                        "UMR-0402"),
                new Case(
                        "/api at beyond the year 9999",
                        get("/api/patients/9449306680/medications?at=%2B999999999-12-31T23:59:59Z"),
                        400,
                        "UMR-0015"),
                new Case(
                        "report cursor at an instant beyond the year 9999",
                        get("/api/reports/critical-omissions?cursor="
                                + java.util.Base64.getUrlEncoder()
                                        .withoutPadding()
                                        .encodeToString(
                                                utf8("critical-omissions|+999999999-12-31T23:59:59Z|9449306680"))),
                        400,
                        "UMR-0015"),
                new Case(
                        "acknowledgement until beyond the year 9999",
                        post(
                                "/api/patients/9449306680/alerts/x/acknowledgements",
                                "application/json",
                                "{\"outcome\":\"overridden\",\"reason\":\"r\",\"until\":\"+999999999-12-31T23:59:59Z\"}"),
                        400,
                        "UMR-0015"),
                new Case(
                        "acknowledgement reason with a NUL",
                        post(
                                "/api/patients/9449306680/alerts/x/acknowledgements",
                                "application/json",
                                "{\"outcome\":\"overridden\",\"reason\":\"a\\u0000b\"}"),
                        422,
                        "UMR-0026"),
                new Case(
                        "report with an Accept that is no media type",
                        get("/api/reports/valproate").with("Accept", "text/csv;q=x,,;"),
                        406,
                        "UMR-0027"),
                new Case("Patient search with a blank identifier", get("/fhir/Patient?identifier=+"), 400, "UMR-0015"),
                new Case(
                        "CDS Hooks call with 501 draft orders",
                        post("/cds-services/umr-medicines-check", "application/json", cdsCall(501)),
                        400,
                        "UMR-0015"),
                // --- found by the hostile pass of 2026-12-03 (hostile4): a 200 ignoring what was asked, a 404,
                // a 500, or a 400 whose body named a Java exception
                new Case("DetectedIssue _count not a number", get(DETECTED_ISSUES + "&_count=abc"), 400, "UMR-0015"),
                new Case("DetectedIssue _count negative", get(DETECTED_ISSUES + "&_count=-1"), 400, "UMR-0015"),
                new Case("DetectedIssue unknown parameter", get(DETECTED_ISSUES + "&severity=high"), 400, "UMR-0015"),
                new Case("AuditEvent _count negative", get(AUDIT_EVENTS + "&_count=-1"), 400, "UMR-0015"),
                new Case("AuditEvent date=ne", get(AUDIT_EVENTS + "&date=ne2026"), 400, "UMR-0015"),
                new Case("AuditEvent _sort oldest first", get(AUDIT_EVENTS + "&_sort=date"), 400, "UMR-0015"),
                new Case(
                        "_lastUpdated=ne",
                        get("/fhir/MedicationStatement?patient:identifier=" + NHS
                                + "%7C9449306680&_lastUpdated=ne2026"),
                        400,
                        "UMR-0015"),
                new Case(
                        "CDS Hooks call without hookInstance",
                        post(
                                "/cds-services/umr-medicines-check",
                                "application/json",
                                cdsCall(1).replace("\"hookInstance\":\"h1\",", "")),
                        400,
                        "UMR-0015"),
                new Case(
                        "CDS Hooks call whose hookInstance is no string",
                        post(
                                "/cds-services/umr-medicines-check",
                                "application/json",
                                cdsCall(1).replace("\"hookInstance\":\"h1\"", "\"hookInstance\":7")),
                        400,
                        "UMR-0015"),
                new Case("request target that is no path", get("?x=yyy"), 400, "UMR-0023"),
                new Case("request target without its /", get("fhir/metadata"), 400, "UMR-0023"),
                new Case("HTTP/1.1 without Host", get("/api/sources").with("Host", ""), 400, "UMR-0023"));
    }

    /** An order-sign call with this many (identical) draft orders. */
    static String cdsCall(int drafts) {
        String draft = """
                {"resource":{"resourceType":"MedicationRequest","status":"draft","intent":"order",
                 "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"776556004"}]},
                 "subject":{"reference":"Patient/p"}}}""";
        return """
                {"hook":"order-sign","hookInstance":"h1","context":{"patientId":"p","draftOrders":
                 {"resourceType":"Bundle","type":"collection","entry":[%s]}},
                 "prefetch":{"patient":{"resourceType":"Patient","id":"p",
                  "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9449306680"}]}}}""".formatted(String.join(",", java.util.Collections.nCopies(drafts, draft)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused_atOnce_inTheEndpointsShape_changingNothing(Case refused) throws Exception {
        String before = database.fingerprint();

        Response response = RawHttp.send(RestAssured.port, refused.request(), Duration.ofSeconds(30));

        assertFalse(response.timedOut(), "no answer");
        assertEquals(refused.status(), response.status(), response.text());
        JsonNode body = JSON.readTree(response.body());
        if (refused.request().target().startsWith("/fhir")) {
            assertEquals("OperationOutcome", body.path("resourceType").asText(), response.text());
            assertEquals(
                    refused.code(),
                    body.path("issue")
                            .path(0)
                            .path("details")
                            .path("coding")
                            .path(0)
                            .path("code")
                            .asText(),
                    response.text());
            assertTrue(
                    body.path("issue").path(0).path("diagnostics").asText().startsWith(refused.code()),
                    response.text());
        } else {
            assertEquals(refused.code(), body.path("error").asText(), response.text());
            assertEquals(refused.code(), body.path("code").asText(), response.text());
            assertEquals(refused.status(), body.path("status").asInt(), response.text());
            assertFalse(body.has("stack"), response.text());
        }
        assertEquals(before, database.fingerprint(), "a refused request must change nothing");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
