package health.umr.fhir;

import static health.umr.support.Feeds.FHIR_JSON;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** transaction, batch, $ingest of Bundles and NDJSON. */
@QuarkusTest
class BundleIngestTest {

    @Inject
    DatabaseState database;

    private String gp;

    @BeforeEach
    void registerSource() {
        gp = Feeds.source("gp-bundle", "gp");
    }

    @Test
    void transaction_storesEveryEntry_andAnswersATransactionResponse() {
        String body =
                BadInputTest.bundle("transaction", Feeds.statement(gp, "tx-ok-1"), Feeds.statement(gp, "tx-ok-2"));

        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir")
                .then()
                .statusCode(200)
                .body("type", equalTo("transaction-response"))
                .body("entry", hasSize(2))
                .body("entry[0].response.status", equalTo("201 Created"))
                .body("entry[1].response.location", startsWith("MedicationStatement/"));
    }

    @Test
    void batch_takesTheGoodEntries_andNamesTheBadOne() {
        String body = BadInputTest.bundle(
                "batch",
                Feeds.statement(gp, "batch-ok"),
                Feeds.statement(gp, "batch-bad").replace("9449306680", "9449306681"));

        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir")
                .then()
                .statusCode(200)
                .body("type", equalTo("batch-response"))
                .body("entry[0].response.status", equalTo("201 Created"))
                .body("entry[1].response.status", startsWith("422"))
                .body("entry[1].response.outcome.issue[0].diagnostics", containsString("Bundle.entry[1]"));

        assertEquals(1, database.count("SELECT count(*) FROM source_record WHERE business_key LIKE '%|batch-ok'"));
        assertEquals(0, database.count("SELECT count(*) FROM source_record WHERE business_key LIKE '%|batch-bad'"));
    }

    @Test
    void ingest_collectionWithPatientReference_resolvesTheNhsNumberInsideTheBundle() {
        String statement = Feeds.statement(gp, "ingest-ref-1")
                .replace(
                        "\"subject\":{\"identifier\":{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9449306680\"}}",
                        "\"subject\":{\"reference\":\"urn:uuid:00000000-0000-0000-0000-00000000000p\"}");
        String patient =
                "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"9449306680\"}],"
                        + "\"gender\":\"female\",\"birthDate\":\"1990-04-01\"}";
        String body = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
                + "{\"fullUrl\":\"urn:uuid:00000000-0000-0000-0000-00000000000p\",\"resource\":" + patient + "},"
                + "{\"resource\":" + statement + "}]}";

        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir/$ingest")
                .then()
                .statusCode(200)
                .body("issue[0].diagnostics", startsWith("taken 2"));

        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM source_record WHERE business_key LIKE '%|ingest-ref-1' AND nhs_number = '9449306680'"));
        assertEquals(
                1,
                database.count("SELECT count(*) FROM patient WHERE nhs_number = '9449306680' AND gender = 'female'"));
    }

    @Test
    void ingest_ndjson_takesEachLine_andNamesTheRefusedLine() {
        String body = Feeds.statement(gp, "nd-1").replace("\n", "") + "\n"
                + "{not json\n"
                + Feeds.statement(gp, "nd-2").replace("\n", "") + "\n";

        given().contentType("application/fhir+ndjson")
                .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/fhir/$ingest")
                .then()
                .statusCode(200)
                .body("issue[0].diagnostics", startsWith("taken 2"))
                .body("issue[1].diagnostics", containsString("line 2"));
    }

    @Test
    void ingest_sourceParameter_namesTheSourceOfResourcesWithoutMetaSource() {
        String body = Feeds.statement(gp, "hint-1").replace("\"source\":\"" + gp + "\",", "");

        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir/$ingest?source=gp-bundle")
                .then()
                .statusCode(200)
                .body("issue[0].diagnostics", startsWith("taken 1"));

        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM source_record WHERE business_key LIKE '%|hint-1' AND source_id = 'gp-bundle'"));
    }
}
