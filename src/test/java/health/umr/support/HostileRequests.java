package health.umr.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.umr.support.RawHttp.Request;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates hostile requests from a seed: valid feeds with one to three elements replaced by
 * something hostile (control characters, over-long text, digits that are not ASCII, numbers where
 * strings belong, impossible dates and doses), broken JSON and XML, URL-decoding traps, unknown
 * methods, wrong content types and odd headers, on /fhir, /api and /cds-services. Same seed, same
 * requests.
 */
public final class HostileRequests {

    public static final String GP_SOURCE = "fuzz-gp";
    public static final String ACUTE_SOURCE = "fuzz-acute";
    public static final String GP_SYSTEM = "https://fhir." + GP_SOURCE + ".health/umr-test";
    public static final String ACUTE_SYSTEM = "https://fhir." + ACUTE_SOURCE + ".health/umr-test";
    public static final String NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                    .maxNestingDepth(100_000)
                    .build())
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NHS_NUMBERS = Feeds.validNhsNumbers("973000", 4);

    private static final String[] HOSTILE_TEXT = {
        "",
        " ",
        "\u0000",
        "a\u0000b",
        "\u001b[31mred",
        "tab\there\r\nline",
        "\u007f",
        "\u0085next-line",
        "\u2028separator",
        "\ufeffbom",
        "\ud800",
        "emoji \ud83d\udc8a",
        "x".repeat(65),
        "x".repeat(129),
        "x".repeat(300),
        "é".repeat(1500),
        "x".repeat(3000),
        "€".repeat(2000),
        "x".repeat(60_000),
        "\u0669\u0664\u0664\u0669\u0663\u0660\u0666\u0666\u0668\u0660",
        "\u09ef\u09ea\u09ea\u09ef\u09e9\u09e6\u09ec\u09ec\u09ee\u09e6",
        "\uff19\uff14\uff14\uff19\uff13\uff10\uff16\uff16\uff18\uff10",
        "944 930 6680",
        "944-930-6680",
        " 9449306680 ",
        "94493066 80",
        "9449306680\u0000",
        "2026-13-45",
        "2026-02-30",
        "2026-01-01T10:00:00.12345678901234567890123456789Z",
        "2026-01-01T25:61:61Z",
        "0000-00-00",
        "-2026-01-01",
        "99999-01-01",
        "2026",
        "2026-01-01T10:00:00",
        "NaN",
        "Infinity",
        "-1",
        "1e400",
        "'; DROP TABLE source_record; --",
        "<script>alert(1)</script>",
        "../../../etc/passwd",
        "%00",
        "%zz",
        "\\",
        "urn:uuid:",
        "#",
        "#missing",
        "Patient/",
        "Patient/does-not-exist",
        "http://x/" + "a".repeat(5000),
        "https://dmd.nhs.uk",
        "http://snomed.info/sct",
        "IMP",
        "EMER",
        "entered-in-error",
        "stopped",
        "order",
        "active",
        "in-progress",
        "finished",
    };

    private final Random random;
    private final List<Supplier<Request>> kinds = new ArrayList<>();
    private final List<Integer> weights = new ArrayList<>();
    private int total;

    public HostileRequests(long seed) {
        this.random = new Random(seed);
        kind(30, this::fhirWrite);
        kind(6, this::fhirXml);
        kind(8, this::ndjson);
        kind(14, this::fhirRead);
        kind(8, this::urlTrap);
        kind(8, this::api);
        kind(8, this::cdsHooks);
        kind(6, this::oddMethod);
        kind(4, this::oddHeaders);
        kind(6, this::queriesAndDecisions);
    }

    public static List<String> nhsNumbers() {
        return NHS_NUMBERS;
    }

    public Request next() {
        Request request = pickKind();
        return switch (random.nextInt(25)) {
            case 0 -> request.with("Authorization", ""); // no token at all
            case 1 ->
                request.with(
                        "Authorization", pick("Bearer ", "Bearer x.y.z", "Basic YTpi", "Bearer " + "e".repeat(300)));
            default -> request;
        };
    }

    private Request pickKind() {
        int pick = random.nextInt(total);
        for (int i = 0; i < kinds.size(); i++) {
            pick -= weights.get(i);
            if (pick < 0) {
                return kinds.get(i).get();
            }
        }
        throw new IllegalStateException();
    }

    private void kind(int weight, Supplier<Request> kind) {
        kinds.add(kind);
        weights.add(weight);
        total += weight;
    }

    // --- FHIR writes --------------------------------------------------------------------------

    private Request fhirWrite() {
        ObjectNode resource = mutate(template());
        String type = resource.path("resourceType").asText("MedicationStatement");
        byte[] body = maybeBreak(write(resource));
        String contentType = pick(
                "application/fhir+json",
                "application/fhir+json",
                "application/json",
                "application/fhir+json; charset=utf-8",
                null,
                "text/plain",
                "application/x-www-form-urlencoded",
                "application/fhir+xml",
                "image/png",
                "multipart/form-data; boundary=x",
                "application/fhir+json; fhirVersion=3.0",
                "application/" + "x".repeat(300));
        String target = switch (random.nextInt(6)) {
            case 0, 1 -> "/fhir/" + safeType(type);
            case 2 -> "/fhir/" + safeType(type) + "/" + hostileId();
            case 3 -> "/fhir/" + safeType(type) + "?identifier=" + encode(pickText()) + "|" + encode(pickText());
            case 4 -> "/fhir";
            default -> "/fhir/$ingest" + (random.nextBoolean() ? "" : "?source=" + encode(sourceHint()));
        };
        String method =
                target.startsWith("/fhir/" + safeType(type) + "/") || target.contains("?identifier=") ? "PUT" : "POST";
        if (target.equals("/fhir")) {
            body = maybeBreak(write(bundle(pick("transaction", "batch", "collection", null, "searchset"))));
        } else if (target.startsWith("/fhir/$ingest") && random.nextBoolean()) {
            body = maybeBreak(write(bundle(pick("collection", "message", "transaction", "batch", "searchset"))));
        }
        Request request = Request.of(method, target, contentType, body);
        return random.nextInt(5) == 0 ? conditionalHeaders(request) : request;
    }

    private Request conditionalHeaders(Request request) {
        return switch (random.nextInt(4)) {
            case 0 ->
                request.with("If-Match", pick("W/\"1\"", "W/\"999\"", "\"x\"", "*", "W/\"" + "9".repeat(40) + "\""));
            case 1 -> request.with("If-None-Exist", "identifier=" + encode(pickText()));
            case 2 ->
                request.with(
                        "Prefer", pick("return=minimal", "return=representation", "return=OperationOutcome", "bogus"));
            default -> request.with("If-None-Match", "W/\"1\"");
        };
    }

    private Request fhirXml() {
        String value = xmlEscape(pickText());
        String xml = switch (random.nextInt(7)) {
            case 0 -> """
                        <Bundle xmlns="http://hl7.org/fhir"><type value="collection"/><entry><resource/></entry></Bundle>""";
            case 1 -> """
                        <Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/><entry><fullUrl value="urn:uuid:1"/>\
                        <resource></resource><request><method value="POST"/><url value="MedicationStatement"/></request></entry></Bundle>""";
            case 2 -> "<MedicationStatement xmlns=\"http://hl7.org/fhir\">" + "<x>".repeat(5000);
            case 3 -> "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><MedicationStatement/>";
            case 4 ->
                "<MedicationStatement xmlns=\"http://example.org/not-fhir\"><status value=\"active\"/></MedicationStatement>";
            default -> xmlStatement(value);
        };
        String target = pick("/fhir/MedicationStatement", "/fhir/$ingest", "/fhir");
        return Request.of(
                "POST",
                target,
                pick("application/fhir+xml", "application/xml", "text/xml", "application/fhir+json"),
                xml.getBytes(StandardCharsets.UTF_8));
    }

    private String xmlStatement(String value) {
        String nhs = pick(NHS_NUMBERS.get(0), value);
        String field = pick("status", "dateAsserted", "id", "source", "code", "text");
        return """
                <MedicationStatement xmlns="http://hl7.org/fhir">
                  <id value="%s"/>
                  <meta><source value="%s"/></meta>
                  <identifier><system value="https://fhir.test.example/ms"/><value value="%s"/></identifier>
                  <status value="%s"/>
                  <medicationCodeableConcept><coding><system value="https://dmd.nhs.uk"/><code value="%s"/></coding><text value="%s"/></medicationCodeableConcept>
                  <subject><identifier><system value="%s"/><value value="%s"/></identifier></subject>
                  <dateAsserted value="%s"/>
                </MedicationStatement>""".formatted(
                        field.equals("id") ? value : "fuzz-xml-" + random.nextInt(50),
                        field.equals("source") ? value : GP_SYSTEM,
                        "xml-" + random.nextInt(50),
                        field.equals("status") ? value : "active",
                        field.equals("code") ? value : "776556004",
                        field.equals("text") ? value : "Amitriptyline",
                        NHS_SYSTEM,
                        nhs,
                        field.equals("dateAsserted") ? value : "2026-11-01");
    }

    private Request ndjson() {
        StringBuilder body = new StringBuilder();
        int lines = 1 + random.nextInt(4);
        for (int i = 0; i < lines; i++) {
            body.append(new String(maybeBreak(write(mutate(template()))), StandardCharsets.UTF_8));
            body.append(random.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        return Request.of(
                "POST",
                "/fhir/$ingest" + (random.nextBoolean() ? "?source=" + GP_SOURCE : ""),
                pick("application/fhir+ndjson", "application/x-ndjson", "application/fhir+ndjson; charset=utf-8"),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    // --- FHIR reads and searches ---------------------------------------------------------------

    private Request fhirRead() {
        String type = pick("MedicationStatement", "MedicationRequest", "Encounter", "DetectedIssue", "Patient");
        String target = switch (random.nextInt(8)) {
            case 0 -> "/fhir/" + type + "/" + hostileId();
            case 1 ->
                "/fhir/Patient/$unified-medications?identifier=" + nhsToken() + maybe("&_at=" + encode(pickDate()));
            case 2 ->
                "/fhir/CodeSystem/$lookup?system=" + encode(pick("https://dmd.nhs.uk", pickText())) + "&code="
                        + encode(pickText());
            case 3 -> "/fhir/" + type + "/" + hostileId() + "/_history" + maybe("/1");
            default -> "/fhir/" + type + "?" + searchQuery();
        };
        Request request = Request.of(random.nextInt(10) == 0 ? "HEAD" : "GET", target);
        return random.nextInt(4) == 0
                ? request.with(
                        "Accept",
                        pick(
                                "application/fhir+xml",
                                "text/html",
                                "*/*",
                                "application/x-garbage",
                                "application/fhir+json;q=0"))
                : request;
    }

    private String searchQuery() {
        List<String> parts = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String name = pick(
                    "patient:identifier",
                    "subject:identifier",
                    "patient",
                    "identifier",
                    "status",
                    "_lastUpdated",
                    "_count",
                    "_sort",
                    "_id",
                    "code",
                    "_include",
                    "_total",
                    "_summary",
                    "_elements",
                    "_format",
                    "unknown-param",
                    "_getpages",
                    "_getpagesoffset");
            String value = switch (name) {
                case "patient:identifier", "subject:identifier" -> nhsToken();
                case "_lastUpdated" ->
                    pick("", "ge", "le", "gt", "lt", "eq", "ne", "sa", "eb", "ap", "xx") + pickDate();
                case "_count", "_getpagesoffset" ->
                    pick("0", "1", "-1", "100", "1000", "1001", "99999999999", "abc", "1.5", "");
                case "_sort" -> pick("_lastUpdated", "-_lastUpdated", "_id", "code", "status", "bogus", "");
                case "patient" -> pick("Patient/" + NHS_NUMBERS.get(0), "Patient/" + pickText(), pickText());
                case "code" -> pick("https://dmd.nhs.uk|776556004", "776556004", pickText(), "|" + pickText());
                case "_include" -> pick("MedicationStatement:medication", "*", pickText());
                default -> pickText();
            };
            parts.add(name + "=" + (random.nextInt(8) == 0 ? rawTrap() : encode(value)));
        }
        return String.join("&", parts);
    }

    private String nhsToken() {
        String value = random.nextInt(3) == 0 ? pickText() : NHS_NUMBERS.get(random.nextInt(NHS_NUMBERS.size()));
        return encode(pick(NHS_SYSTEM + "|", "", "|", "http://other.system|") + value);
    }

    private Request urlTrap() {
        String prefix =
                pick("", "/fhir", "/api", "/cds-services", "/fhir/MedicationStatement", "/api/sources", "/q/health");
        String target = prefix
                + pick(
                        "/%25",
                        "/%00",
                        "/%zz",
                        "/%",
                        "/a%zz",
                        "\\metadata",
                        "/..%2f..%2fetc",
                        "/%2e%2e/%2e%2e",
                        "/;jsessionid=1",
                        "//double",
                        "/%C3%A9",
                        "/%FF%FE",
                        "/%E2%80%AE",
                        "/" + "a".repeat(5000),
                        "?x=%",
                        "?x=a%zz",
                        "?x=%00",
                        "?x=%FF",
                        "?identifier=%",
                        "?identifier=a%zz",
                        "?" + "p=1&".repeat(1500),
                        "?x=" + "y".repeat(7000),
                        "/?#frag",
                        "/metadata?_format=" + pick("xml", "json", "html", "%00", "garbage"));
        return Request.of(pick("GET", "GET", "POST", "PUT", "HEAD"), target);
    }

    private String rawTrap() {
        return pick("%", "a%zz", "%00", "%1b", "%FF", "%C0%AF", "%25", "+", "%2B", "\\");
    }

    // --- /api and /cds-services ---------------------------------------------------------------

    private Request api() {
        String id = random.nextInt(3) == 0 ? encode(pickText()) : "fuzz-api-" + random.nextInt(5);
        // Each source keeps one system, which no generated resource names: a rebuild maps meta.source
        // through today's registry, so a system that moved between sources would change the records
        // a rebuild gives (a known limit of rebuild, not what this test is after).
        String system = "https://fuzz-api.example/" + id;
        ObjectNode source = NODES.objectNode();
        source.put("setting", pick("gp", "acute", "mental-health", pickText()));
        source.put("name", pickText());
        source.put("system", system);
        if (random.nextBoolean()) {
            source.put("ods", pickText());
        }
        ObjectNode mutated = random.nextBoolean() ? mutate(source) : source;
        String mutatedSystem = mutated.path("system").asText("");
        if (mutatedSystem.startsWith("http") || mutatedSystem.startsWith("urn:")) {
            mutated.put("system", system);
        }
        return switch (random.nextInt(6)) {
            case 0 ->
                Request.of("GET", "/api/patients/" + encode(pick(NHS_NUMBERS.get(0), pickText())) + "/medications");
            case 1 -> Request.of("GET", "/api/sources" + maybe("?x=" + rawTrap()));
            case 2 ->
                Request.of("POST", "/api/admin/rebuild" + maybe("?x=" + rawTrap()), "application/json", deep(1200));
            default ->
                Request.of(
                        "PUT",
                        "/api/sources/" + id,
                        pick(
                                "application/json",
                                "application/json",
                                "text/plain",
                                "application/x-www-form-urlencoded",
                                null),
                        random.nextInt(6) == 0 ? deep(1000 + random.nextInt(2000)) : maybeBreak(write(mutated)));
        };
    }

    private Request cdsHooks() {
        ObjectNode request = (ObjectNode) read("""
                {"hook":"order-sign","hookInstance":"d1c3b5e2-0000-4000-8000-000000000001",
                 "context":{"userId":"Practitioner/1","patientId":"ehr-42","draftOrders":{"resourceType":"Bundle","type":"collection","entry":[
                   {"resource":{"resourceType":"MedicationRequest","id":"draft-1","status":"draft","intent":"order",
                     "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"776556004"}]},
                     "subject":{"reference":"Patient/p"}}}]}},
                 "prefetch":{"patient":{"resourceType":"Patient","id":"p","gender":"female","birthDate":"1990-01-01",
                   "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}]}}}""".formatted(NHS_NUMBERS.get(1)));
        byte[] body = random.nextInt(6) == 0 ? deep(1000 + random.nextInt(3000)) : maybeBreak(write(mutate(request)));
        String target = pick(
                "/cds-services/umr-medicines-check",
                "/cds-services/umr-medicines-check",
                "/cds-services/" + encode(pickText()),
                "/cds-services");
        return Request.of(
                "POST",
                target,
                pick("application/json", "application/json", "text/plain", "application/x-www-form-urlencoded", null),
                body);
    }

    // --- reports, instants, cursors, acknowledgements, tokens ----------------------------------

    /**
     * The reads that take instants, counts and cursors (reports, ?at=, _at, AuditEvent date) and the
     * alert decision, with hostile values, odd Accept headers, and tokens whose claims are hostile.
     */
    private Request queriesAndDecisions() {
        String nhs = NHS_NUMBERS.get(random.nextInt(NHS_NUMBERS.size()));
        String instant = pick(
                "+999999999-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z",
                "0000-01-01T00:00:00Z",
                "2026-11-01T10:00:00Z",
                "2026-11-01T10:00",
                pickDate());
        String number = pick("-1", "0", "1", "2147483648", "99999999999999999999", "1e3", "abc", "", pickText());
        String cursor = pick(
                "",
                "x",
                cursorOf("critical-omissions|" + instant + "|" + nhs),
                cursorOf("acb|" + number + "|" + nhs),
                cursorOf("a|" + number + "|"),
                pickText());
        Request request = switch (random.nextInt(7)) {
            case 0 ->
                Request.of(
                        "GET",
                        "/api/reports/" + pick("acb", "valproate", "critical-omissions") + "?min=" + encode(number)
                                + "&_count=" + encode(number) + "&cursor=" + encode(cursor)
                                + maybe("&practice=" + encode(pickText())));
            case 1 -> Request.of("GET", "/api/patients/" + nhs + "/medications?at=" + encode(instant));
            case 2 ->
                Request.of(
                        "GET",
                        "/fhir/Patient/$unified-medications?identifier=" + encode(NHS_SYSTEM + "|" + nhs) + "&_at="
                                + encode(instant));
            case 3 ->
                Request.of(
                        "GET",
                        "/fhir/AuditEvent?date=" + encode(pick("ge", "le", "lt", "gt", "eq", "ne", "sa", "") + instant)
                                + "&_count=" + encode(number));
            case 4 ->
                Request.of(
                        "GET",
                        "/fhir/MedicationStatement?patient:identifier=" + encode(NHS_SYSTEM + "|" + nhs) + "&_count="
                                + encode(number) + "&_cursor=" + encode(cursor));
            default -> {
                ObjectNode decision = NODES.objectNode();
                decision.put("outcome", pick("accepted", "overridden", "not-applicable", pickText()));
                decision.put("reason", pickText());
                if (random.nextBoolean()) {
                    decision.put("until", instant);
                }
                yield Request.of(
                        "POST",
                        "/api/patients/" + nhs + "/alerts/" + encode(pick("x", pickText())) + "/acknowledgements",
                        "application/json",
                        maybeBreak(write(random.nextBoolean() ? mutate(decision) : decision)));
            }
        };
        request = random.nextInt(4) == 0
                ? request.with("Accept", pick(" ", "text/csv;q=x,,;", "text/csv", "bogus", "*/*"))
                : request;
        if (random.nextInt(5) == 0) {
            String hostile = pick("a\u0000b", "c\u001bd", "x".repeat(300), "\u0669\u0664", pickText());
            request = request.with(
                    "Authorization",
                    "Bearer "
                            + (random.nextBoolean()
                                    ? TestTokens.user(
                                            hostile.isEmpty() ? "x" : hostile,
                                            "u",
                                            "user/*.read user/DetectedIssue.write")
                                    : TestTokens.user(
                                            "c",
                                            hostile.isEmpty() ? "x" : hostile,
                                            "user/*.read user/DetectedIssue.write")));
        }
        return request;
    }

    /** A cursor as the reports and searches write theirs: the text's UTF-8, base64url without padding. */
    private static String cursorOf(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // --- methods and headers ------------------------------------------------------------------

    private Request oddMethod() {
        String target = pick(
                "/fhir/MedicationStatement/x",
                "/fhir/MedicationStatement",
                "/fhir/metadata",
                "/fhir",
                "/api/sources",
                "/api/sources/x",
                "/cds-services",
                "/cds-services/umr-medicines-check",
                "/fhir/MedicationStatement/x/_history/1");
        String method = pick("DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "PROPFIND", "get", "MKCOL", "PURGE", "HEAD");
        byte[] body = method.equals("PATCH")
                ? "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"stopped\"}]".getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        return Request.of(method, target, method.equals("PATCH") ? "application/json-patch+json" : null, body);
    }

    private Request oddHeaders() {
        Request request = Request.of(
                "POST",
                pick(
                        "/fhir/MedicationStatement",
                        "/fhir/$ingest",
                        "/api/sources/x",
                        "/cds-services/umr-medicines-check"),
                "application/fhir+json",
                write(template()));
        return switch (random.nextInt(6)) {
            case 0 -> request.with("Content-Type", "application/fhir+json; " + "x=y; ".repeat(60));
            case 1 -> request.with("X-Long", "v".repeat(pick(12_000, 40_000)));
            case 2 -> request.with("Accept", "application/fhir+json, " + "text/html;q=0.1, ".repeat(200));
            case 3 -> request.with("Content-Encoding", pick("gzip", "br", "deflate", "bogus"));
            case 4 -> request.with("Prefer", "return=" + "x".repeat(500));
            default -> request.with("Accept-Charset", pick("latin1", "utf-16", "bogus"));
        };
    }

    // --- templates and mutation -----------------------------------------------------------------

    private ObjectNode template() {
        String nhs = NHS_NUMBERS.get(random.nextInt(NHS_NUMBERS.size()));
        String id = "fuzz-" + random.nextInt(40);
        return (ObjectNode) read(
                switch (random.nextInt(5)) {
                    case 0 -> """
                        {"resourceType":"MedicationRequest","id":"%s","meta":{"source":"%s","lastUpdated":"2026-11-01T10:00:00Z"},
                         "identifier":[{"system":"https://fhir.test.example/mr","value":"%s"}],
                         "status":"active","intent":"order",
                         "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/medicationrequest-category","code":"inpatient"}]}],
                         "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"776556004","display":"Amitriptyline"}]},
                         "subject":{"identifier":{"system":"%s","value":"%s"}},
                         "authoredOn":"2026-11-01T10:00:00Z",
                         "dosageInstruction":[{"text":"10mg at night","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},
                           "doseAndRate":[{"doseQuantity":{"value":10,"unit":"mg"}}]}],
                         "dispenseRequest":{"validityPeriod":{"start":"2026-11-01","end":"2026-12-01"}}}""".formatted(id, ACUTE_SYSTEM, id, NHS_SYSTEM, nhs);
                    case 1 -> """
                        {"resourceType":"Encounter","id":"%s","meta":{"source":"%s","lastUpdated":"2026-11-01T10:00:00Z"},
                         "identifier":[{"system":"https://fhir.test.example/enc","value":"%s"}],
                         "status":"in-progress","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                         "subject":{"identifier":{"system":"%s","value":"%s"}},
                         "period":{"start":"2026-11-01T08:00:00Z"}}""".formatted(id, ACUTE_SYSTEM, id, NHS_SYSTEM, nhs);
                    case 2 -> """
                        {"resourceType":"Patient","id":"%s","meta":{"lastUpdated":"2026-11-01T10:00:00Z"},
                         "identifier":[{"system":"%s","value":"%s"}],"gender":"female","birthDate":"1990-01-01"}""".formatted(id, NHS_SYSTEM, nhs);
                    default -> """
                        {"resourceType":"MedicationStatement","id":"%s","meta":{"source":"%s","lastUpdated":"2026-11-01T10:00:00Z"},
                         "identifier":[{"system":"https://fhir.test.example/ms","value":"%s"}],
                         "status":"active",
                         "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"776556004","display":"Amitriptyline"}],"text":"Amitriptyline"},
                         "subject":{"identifier":{"system":"%s","value":"%s"}},
                         "effectivePeriod":{"start":"2026-01-01"},
                         "dateAsserted":"2026-11-01",
                         "dosage":[{"text":"10mg at night","timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d"}},
                           "doseAndRate":[{"doseQuantity":{"value":10,"unit":"mg"}}]}]}""".formatted(id, GP_SYSTEM, id, NHS_SYSTEM, nhs);
                });
    }

    private ObjectNode bundle(String type) {
        ObjectNode bundle = NODES.objectNode();
        bundle.put("resourceType", "Bundle");
        if (type != null) {
            bundle.put("type", type);
        }
        if (random.nextBoolean()) {
            bundle.putObject("meta").put("source", pick(GP_SYSTEM, ACUTE_SYSTEM, pickText()));
        }
        ArrayNode entries = bundle.putArray("entry");
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            ObjectNode entry = entries.addObject();
            switch (random.nextInt(8)) {
                case 0 -> entry.putNull("resource");
                case 1 -> entry.put("resource", random.nextInt());
                case 2 -> entry.put("resource", pickText());
                case 3 -> entry.putObject("resource");
                default -> {
                    ObjectNode resource = random.nextInt(3) == 0 ? mutate(template()) : template();
                    entry.put("fullUrl", "urn:uuid:00000000-0000-4000-8000-00000000000" + i);
                    entry.set("resource", resource);
                    if ("transaction".equals(type) || "batch".equals(type)) {
                        ObjectNode request = entry.putObject("request");
                        request.put("method", pick("POST", "PUT", "DELETE", "GET", pickText()));
                        request.put("url", resource.path("resourceType").asText("x") + maybe("/" + hostileId()));
                    }
                }
            }
        }
        return random.nextInt(4) == 0 ? mutate(bundle) : bundle;
    }

    /** Replaces, removes or retypes one to three elements anywhere in the tree. */
    private ObjectNode mutate(ObjectNode root) {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            List<Slot> slots = new ArrayList<>();
            collect(root, slots);
            if (slots.isEmpty()) {
                break;
            }
            Slot slot = slots.get(random.nextInt(slots.size()));
            JsonNode replacement = hostileValue(slot.current());
            if (slot.parent() instanceof ObjectNode object) {
                if (replacement == null) {
                    object.remove(slot.name());
                } else {
                    object.set(slot.name(), replacement);
                }
            } else if (slot.parent() instanceof ArrayNode array) {
                if (replacement == null) {
                    array.remove(slot.index());
                } else {
                    array.set(slot.index(), replacement);
                }
            }
        }
        return root;
    }

    private record Slot(ContainerNode<?> parent, String name, int index, JsonNode current) {}

    private static void collect(JsonNode node, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> {
                slots.add(new Slot(object, field.getKey(), -1, field.getValue()));
                collect(field.getValue(), slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i, array.get(i)));
                collect(array.get(i), slots);
            }
        }
    }

    private JsonNode hostileValue(JsonNode current) {
        return switch (random.nextInt(current.isNumber() ? 3 : 12)) {
            case 0 ->
                NODES.numberNode(new BigDecimal(pick(
                        "0",
                        "-1",
                        "-0.0",
                        "1e308",
                        "1e400",
                        "123456789012345678901234567890",
                        "0.000000001",
                        "-1e-400")));
            case 1 -> null;
            case 2 -> pick(NODES.nullNode(), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode());
            case 3 -> NODES.arrayNode().add(NODES.nullNode());
            case 4 -> deepNode(50 + random.nextInt(2000));
            default -> NODES.textNode(pickText());
        };
    }

    private byte[] maybeBreak(byte[] json) {
        if (random.nextInt(8) != 0) {
            return json;
        }
        return switch (random.nextInt(6)) {
            case 0 -> java.util.Arrays.copyOf(json, random.nextInt(json.length + 1));
            case 1 -> insert(json, new byte[] {0});
            case 2 -> insert(json, new byte[] {(byte) 0xC3, (byte) 0x28});
            case 3 -> insert(json, new byte[] {(byte) 0xFF});
            case 4 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json);
            default -> insert(json, "\"dup\":1,\"dup\":2,".getBytes(StandardCharsets.UTF_8));
        };
    }

    private byte[] insert(byte[] into, byte[] what) {
        int at = random.nextInt(into.length + 1);
        byte[] out = new byte[into.length + what.length];
        System.arraycopy(into, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(into, at, out, at + what.length, into.length - at);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static JsonNode deepNode(int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    private static byte[] deep(int depth) {
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    // --- small pieces -----------------------------------------------------------------------------

    private String hostileId() {
        return encode(pick(
                "fuzz-" + random.nextInt(40),
                "x".repeat(64),
                "x".repeat(65),
                "x".repeat(500),
                "a\u001bb",
                "a\u0000b",
                "a b",
                "a/b",
                "ok.id-1",
                "é",
                "..",
                pickText()));
    }

    private String sourceHint() {
        return pick(GP_SOURCE, ACUTE_SOURCE, "unknown", "x".repeat(100), "a\u0000b", pickText());
    }

    private String pickDate() {
        return pick(
                "2026",
                "2026-01",
                "2026-01-01",
                "2026-01-01T10:00:00Z",
                "2026-01-01T10:00:00+01:00",
                "2026-01-01T10:00",
                "2026-01-01T10:00:00.123Z",
                "2026-01-01T10:00:00.1234567890123Z",
                "20260101",
                "2026-13-01",
                "x",
                "",
                "-1",
                "9999999999-01-01",
                pickText());
    }

    private String pickText() {
        return HOSTILE_TEXT[random.nextInt(HOSTILE_TEXT.length)];
    }

    private String maybe(String text) {
        return random.nextBoolean() ? text : "";
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String safeType(String type) {
        return type.matches("[A-Za-z]{1,40}") ? type : "MedicationStatement";
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String xmlEscape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c < 0x20) {
                        out.append("&#").append(c).append(';');
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a failure message: the headers as sent. */
    public static Map<String, String> headersOf(Request request) {
        return new LinkedHashMap<>(request.headers());
    }
}
