package health.umr.fhir;

import static health.umr.support.Feeds.FHIR_JSON;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Create, resend, newer version, withdrawal, update and read-back through /fhir. */
@QuarkusTest
class RecordIngestTest {

    @Inject
    DatabaseState database;

    private String gp;

    @BeforeEach
    void registerSource() {
        gp = Feeds.source("gp-ingest", "gp");
    }

    @Test
    void create_storesTheRecord_andReadReturnsItAsReceived() {
        Response created = given().contentType(FHIR_JSON)
                .body(Feeds.statement(gp, "create-1"))
                .post("/fhir/MedicationStatement");
        created.then().statusCode(201);
        String location = created.header("Location");

        given().accept(FHIR_JSON)
                .get(location.substring(location.indexOf("/fhir/"), location.indexOf("/_history")))
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("MedicationStatement"))
                .body("identifier[0].value", equalTo("create-1"))
                .body("medicationCodeableConcept.coding[0].code", equalTo("776556004"))
                .body("dosage[0].text", equalTo("10mg at night"));
    }

    @Test
    void resendingTheSameResource_changesNothing() {
        String body = Feeds.statement(gp, "resend-1");
        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);
        var before = database.counts();

        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(200);

        assertEquals(before, database.counts());
    }

    @Test
    void aNewerVersion_replacesTheOlder_andAnOlderOneIsIgnored() {
        post(Feeds.statement(gp, "version-1", Feeds.NHS_NUMBER, "active", "2026-11-01T10:00:00Z", "10mg at night"));
        post(Feeds.statement(gp, "version-1", Feeds.NHS_NUMBER, "stopped", "2026-11-05T10:00:00Z", "10mg at night"));
        post(Feeds.statement(gp, "version-1", Feeds.NHS_NUMBER, "active", "2026-11-03T10:00:00Z", "20mg at night"));

        assertEquals(1, database.count("SELECT count(*) FROM source_record WHERE business_key LIKE '%|version-1'"));
        searchByIdentifier("version-1")
                .then()
                .body("entry[0].resource.status", equalTo("stopped"))
                .body("entry[0].resource.dosage[0].text", equalTo("10mg at night"));
    }

    @Test
    void enteredInError_withdrawsTheRecord() {
        post(Feeds.statement(gp, "eie-1"));
        post(Feeds.statement(
                gp, "eie-1", Feeds.NHS_NUMBER, "entered-in-error", "2026-11-02T10:00:00Z", "10mg at night"));

        searchByIdentifier("eie-1").then().body("entry[0].resource.status", equalTo("entered-in-error"));
    }

    @Test
    void update_byId_keepsTheClientsId() {
        String body = Feeds.statement(gp, "put-1").replaceFirst("\\{", "{\"id\":\"gp-ms-put-1\",");
        given().contentType(FHIR_JSON)
                .body(body)
                .put("/fhir/MedicationStatement/gp-ms-put-1")
                .then()
                .statusCode(201);

        given().get("/fhir/MedicationStatement/gp-ms-put-1")
                .then()
                .statusCode(200)
                .body("identifier[0].value", equalTo("put-1"));
    }

    @Test
    void update_withAnIdThatDiffersFromTheBody_isRefused() {
        String body = Feeds.statement(gp, "put-2").replaceFirst("\\{", "{\"id\":\"one\",");
        given().contentType(FHIR_JSON)
                .body(body)
                .put("/fhir/MedicationStatement/other")
                .then()
                .statusCode(400)
                .body("issue[0].diagnostics", org.hamcrest.Matchers.startsWith("UMR-0016"));
    }

    @Test
    void conditionalUpdate_byIdentifier_createsThenUpdates() {
        String url = "/fhir/MedicationStatement?identifier=https://fhir.test.example/medication-statement|cond-1";
        given().contentType(FHIR_JSON)
                .body(Feeds.statement(gp, "cond-1"))
                .put(url)
                .then()
                .statusCode(201);
        given().contentType(FHIR_JSON)
                .body(Feeds.statement(
                        gp, "cond-1", Feeds.NHS_NUMBER, "stopped", "2026-11-09T10:00:00Z", "10mg at night"))
                .put(url)
                .then()
                .statusCode(200);

        searchByIdentifier("cond-1")
                .then()
                .body("total", equalTo(1))
                .body("entry[0].resource.status", equalTo("stopped"));
    }

    @Test
    void xml_isTakenLikeJson() {
        String xml = """
                <MedicationRequest xmlns="http://hl7.org/fhir">
                  <meta><source value="%s"/><lastUpdated value="2026-11-01T10:00:00Z"/></meta>
                  <identifier><system value="https://fhir.test.example/mr"/><value value="xml-1"/></identifier>
                  <status value="active"/><intent value="order"/>
                  <medicationCodeableConcept><text value="Paracetamol 500mg tablets"/></medicationCodeableConcept>
                  <subject><identifier><system value="https://fhir.nhs.uk/Id/nhs-number"/><value value="9449306680"/></identifier></subject>
                </MedicationRequest>""".formatted(gp);
        given().contentType("application/fhir+xml")
                .body(xml)
                .post("/fhir/MedicationRequest")
                .then()
                .statusCode(201);

        given().accept("application/fhir+xml")
                .get("/fhir/MedicationRequest?identifier=xml-1")
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("xml"));
        given().get("/fhir/MedicationRequest?identifier=xml-1")
                .then()
                .body("entry[0].resource.medicationCodeableConcept.text", equalTo("Paracetamol 500mg tablets"));
    }

    @Test
    void searchByPatientIdentifier_findsThePatientsRecords() {
        post(Feeds.statement(gp, "search-1"));

        given().get("/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|"
                        + Feeds.NHS_NUMBER)
                .then()
                .statusCode(200)
                .body("entry.resource.identifier.flatten().value", hasItem("search-1"));
        given().get("/fhir/MedicationStatement?subject:identifier=https://fhir.nhs.uk/Id/nhs-number|" + Feeds.NHS_NUMBER
                        + "&status=active")
                .then()
                .statusCode(200)
                .body("entry.resource.identifier.flatten().value", hasItem("search-1"));
    }

    @Test
    void everyAcceptedMessage_isInTheInboundLog() {
        long before = database.count("SELECT count(*) FROM inbound_message");
        post(Feeds.statement(gp, "log-1"));

        assertEquals(before + 1, database.count("SELECT count(*) FROM inbound_message"));
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM inbound_message WHERE position(convert_to('log-1', 'UTF8') in body) > 0"));
    }

    private void post(String body) {
        given().contentType(FHIR_JSON)
                .body(body)
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(org.hamcrest.Matchers.lessThan(300));
    }

    private static Response searchByIdentifier(String value) {
        return given().get(
                        "/fhir/MedicationStatement?identifier=https://fhir.test.example/medication-statement|" + value);
    }
}
