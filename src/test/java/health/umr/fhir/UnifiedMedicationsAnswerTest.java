package health.umr.fhir;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import health.umr.domain.NhsNumber;
import health.umr.records.RecordQueryService;
import health.umr.records.RecordView;
import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bytes of {@code $unified-medications} are exactly HAPI's encoding of the unified record, in
 * every format a client can ask for, for a record larger than the blocks the answer is sent in and
 * with text outside ASCII: how the answer is written out (ResponseBuffer, EncodedWriterResponse)
 * changes no byte of it.
 */
@QuarkusTest
class UnifiedMedicationsAnswerTest {

    private static final int ITEMS = 30;

    @Inject
    FhirContext fhir;

    @Inject
    RecordQueryService queries;

    private String nhs;

    @BeforeEach
    void aLargeRecord() {
        DmdFixtures.loadSynthetic();
        String gp = Feeds.source("answer-gp", "gp");
        nhs = Feeds.newNhsNumber();
        for (int i = 0; i < ITEMS; i++) {
            String statement = FhirJson.statement(
                    gp,
                    "answer-" + nhs + "-" + i,
                    nhs,
                    "https://dmd.nhs.uk",
                    "99990" + i,
                    "Médicament n°" + i + " 5 µg — comprimés",
                    "active",
                    "2026-11-01T09:00:00Z",
                    "une fois par jour, ½ comprimé « au coucher »",
                    null);
            given().contentType("application/fhir+json; charset=UTF-8")
                    .body(statement.getBytes(StandardCharsets.UTF_8))
                    .post("/fhir/MedicationStatement")
                    .then()
                    .statusCode(lessThan(300));
        }
    }

    @Test
    void jsonXmlAndPrettyAnswers_areHapisEncodingOfTheRecord_byteForByte() {
        assertAnswer("", fhir.newJsonParser(), "application/fhir+json");
        assertAnswer("&_format=json", fhir.newJsonParser(), "application/fhir+json");
        assertAnswer("&_pretty=true", fhir.newJsonParser().setPrettyPrint(true), "application/fhir+json");
        assertAnswer("&_format=xml", fhir.newXmlParser(), "application/fhir+xml");
        assertAnswer("&_format=xml&_pretty=true", fhir.newXmlParser().setPrettyPrint(true), "application/fhir+xml");
    }

    /**
     * The default form is written by UnifiedRecordJson, the same with {@code _pretty=false} by HAPI: same
     * status, headers (but the date) and bytes, with or without gzip, as at an instant.
     */
    @Test
    void theDirectlyWrittenAnswer_hasHapisStatusHeadersAndBytes() {
        long before = UnifiedRecordAnswer.WRITTEN.sum();
        for (String encoding : new String[] {"gzip", "identity"}) {
            for (String accept : new String[] {"application/fhir+json", "application/json+fhir", "*/*"}) {
                for (String query : new String[] {"", "&_at=2099-01-01T00:00:00Z"}) {
                    Response direct = get(query, accept, encoding);
                    Response hapi = get(query + "&_pretty=false", accept, encoding);
                    assertEquals(hapi.statusCode(), direct.statusCode());
                    assertEquals(headers(hapi), headers(direct), encoding + " " + accept + " " + query);
                    assertEquals("gzip".equals(encoding) ? "gzip" : null, direct.header("Content-Encoding"), encoding);
                    assertEquals(hapi.asString(), direct.asString());
                    assertTrue(java.util.Arrays.equals(hapi.asByteArray(), direct.asByteArray()));
                }
            }
        }
        assertEquals(12, UnifiedRecordAnswer.WRITTEN.sum() - before, "the default form took the direct path");
    }

    private Response get(String query, String accept, String encoding) {
        return given().config(
                        "gzip".equals(encoding)
                                ? io.restassured.RestAssured.config()
                                : io.restassured.RestAssured.config()
                                        .decoderConfig(io.restassured.config.DecoderConfig.decoderConfig()
                                                .noContentDecoders()))
                .header("Accept", accept)
                .get("/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs + query)
                .then()
                .statusCode(200)
                .extract()
                .response();
    }

    private static java.util.Map<String, String> headers(Response response) {
        java.util.Map<String, String> headers = new java.util.TreeMap<>();
        response.headers()
                .forEach(h -> headers.merge(
                        h.getName().toLowerCase(java.util.Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b));
        headers.remove("date");
        headers.remove("x-request-id");
        return headers;
    }

    private void assertAnswer(String query, IParser parser, String contentType) {
        Response answer = given().get("/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number|"
                        + nhs + query)
                .then()
                .statusCode(200)
                .extract()
                .response();
        byte[] body = answer.asByteArray();
        String expected = encodeCurrent(
                view -> parser.encodeResourceToString(UnifiedRecordFhirMapper.toBundle(view, queries.rules())));
        assertTrue(answer.contentType().startsWith(contentType), answer.contentType());
        assertTrue(body.length > ResponseBuffer.BLOCK, "the record spans several blocks: " + body.length);
        assertEquals(expected, new String(body, StandardCharsets.UTF_8), "answer to ?" + query);
        assertTrue(new String(body, StandardCharsets.UTF_8).contains("½ comprimé « au coucher »"));
    }

    private String encodeCurrent(Function<RecordView, String> encode) {
        return encode.apply(
                queries.findRecordView(NhsNumber.parse(nhs), Optional.empty()).orElseThrow());
    }
}
