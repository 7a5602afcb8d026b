package health.umr.fhir;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input is refused whole, with a coded OperationOutcome, never a 5xx, and the
 * database is exactly as it was.
 */
@QuarkusTest
class BadInputTest {

    private static final String GP_SYSTEM = "https://fhir.gp-bad.health/umr-test";
    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";

    /** One row of the table: what is sent where, and what must come back. */
    record Case(String name, String method, String path, String contentType, String body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Inject
    DatabaseState database;

    @BeforeEach
    void registerSource() {
        Feeds.source("gp-bad", "gp");
    }

    static Stream<Case> cases() {
        String good = Feeds.statement(GP_SYSTEM, "bad-template");
        return Stream.of(
                new Case(
                        "malformed JSON",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        "{\"resourceType\": ",
                        400,
                        "UMR-0001"),
                new Case(
                        "malformed XML",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+xml",
                        "<MedicationStatement xmlns=\"http://hl7.org/fhir\"><status",
                        400,
                        "UMR-0001"),
                new Case("empty body", "POST", "/fhir/$ingest", "application/fhir+json", "", 400, "UMR-0001"),
                new Case(
                        "not FHIR at all",
                        "POST",
                        "/fhir/$ingest",
                        "application/fhir+json",
                        "{\"hello\":\"world\"}",
                        400,
                        "UMR-0001"),
                new Case(
                        "wrong resource type for the URL",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        good.replace("\"MedicationStatement\"", "\"MedicationRequest\"")
                                .replace("\"dateAsserted\":\"2026-11-01\",", "\"intent\":\"order\","),
                        400,
                        "UMR-0002"),
                new Case(
                        "unsupported resource type",
                        "POST",
                        "/fhir/$ingest",
                        "application/fhir+json",
                        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}",
                        200,
                        null),
                new Case(
                        "missing NHS number",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        good.replace(
                                "\"subject\":{\"identifier\":{\"system\":\"" + NHS + "\",\"value\":\"9449306680\"}}",
                                "\"subject\":{\"display\":\"Jane\"}"),
                        422,
                        "UMR-0003"),
                new Case(
                        "invalid NHS number",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        good.replace("9449306680", "9449306681"),
                        422,
                        "UMR-0004"),
                new Case(
                        "NHS number under another system",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        good.replace(NHS, "https://example.org/mrn"),
                        422,
                        "UMR-0003"),
                new Case(
                        "unknown source",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        good.replace(GP_SYSTEM, "https://nobody.example/feed"),
                        422,
                        "UMR-0005"),
                new Case(
                        "no source",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        good.replace("\"source\":\"" + GP_SYSTEM + "\",", ""),
                        422,
                        "UMR-0006"),
                new Case(
                        "unknown ?source on $ingest",
                        "POST",
                        "/fhir/$ingest?source=nobody",
                        "application/fhir+json",
                        good.replace("\"source\":\"" + GP_SYSTEM + "\",", ""),
                        422,
                        "UMR-0005"),
                new Case(
                        "no medicine",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        good.replaceAll("\"medicationCodeableConcept\":\\{.*?\\]\\},", ""),
                        422,
                        "UMR-0007"),
                new Case(
                        "no status",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+json",
                        good.replace("\"status\":\"active\",", ""),
                        422,
                        "UMR-0008"),
                new Case(
                        "XML with a DOCTYPE",
                        "POST",
                        "/fhir/MedicationStatement",
                        "application/fhir+xml",
                        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><MedicationStatement xmlns=\"http://hl7.org/fhir\"><status value=\"&e;\"/></MedicationStatement>",
                        400,
                        "UMR-0018"),
                new Case(
                        "transaction with one bad entry",
                        "POST",
                        "/fhir",
                        "application/fhir+json",
                        bundle(
                                "transaction",
                                Feeds.statement(GP_SYSTEM, "tx-good"),
                                Feeds.statement(GP_SYSTEM, "tx-bad").replace("9449306680", "1234567890")),
                        422,
                        "UMR-0004"),
                new Case(
                        "collection Bundle to POST /fhir",
                        "POST",
                        "/fhir",
                        "application/fhir+json",
                        bundle("collection", Feeds.statement(GP_SYSTEM, "coll-1")),
                        422,
                        "UMR-0002"),
                new Case(
                        "body over the limit",
                        "POST",
                        "/fhir/$ingest",
                        "application/fhir+json",
                        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"id\":\""
                                + "x".repeat(10 * 1024 * 1024 + 10) + "\"}",
                        413,
                        "UMR-0012"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput_isRefusedWhole_andChangesNothing(Case bad) {
        Map<String, Long> before = database.counts();

        var response = given().contentType(bad.contentType())
                .accept("application/fhir+json")
                .body(bad.body())
                .request(bad.method(), bad.path());

        response.then().statusCode(bad.status()).body("resourceType", equalTo("OperationOutcome"));
        if (bad.code() != null) {
            response.then()
                    .body("issue[0].diagnostics", startsWith(bad.code() + ": "))
                    .body("issue[0].diagnostics", not(containsString("Exception")))
                    .body("issue[0].details.coding[0].code", equalTo(bad.code()));
        }
        assertEquals(before, database.counts(), "the database must not change");
    }

    static String bundle(String type, String... resources) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < resources.length; i++) {
            entries.append(i == 0 ? "" : ",")
                    .append("{\"fullUrl\":\"urn:uuid:00000000-0000-0000-0000-00000000000")
                    .append(i)
                    .append("\",\"resource\":")
                    .append(resources[i])
                    .append(",\"request\":{\"method\":\"POST\",\"url\":\"MedicationStatement\"}}");
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[" + entries + "]}";
    }
}
