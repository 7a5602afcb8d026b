package health.umr.fhir;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The CapabilityStatement says what UMR serves, and only that. */
@QuarkusTest
class CapabilityStatementTest {

    private static final String RESOURCE = "rest[0].resource.find { it.type == '%s' }";

    @Test
    void metadata_namesUmr_theProfiles_batchAndTransaction_andSmartSecurity() {
        given().get("/fhir/metadata")
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("fhirVersion", equalTo("4.0.1"))
                .body("name", equalTo("UMR"))
                .body("software.name", equalTo("UMR unified medicines record"))
                .body("software.version", not(equalTo("8.6.5")))
                .body("format", containsInAnyOrder("application/fhir+json", "json", "application/fhir+xml", "xml"))
                .body(
                        RESOURCE.formatted("MedicationStatement") + ".supportedProfile",
                        hasItem("https://fhir.umr.example/StructureDefinition/UMR-MedicationStatement"))
                .body(RESOURCE.formatted("MedicationRequest") + ".interaction.code", hasItem("update"))
                .body("rest[0].interaction.code", hasItems("transaction", "batch"))
                .body("rest[0].operation.name", hasItem("ingest"))
                .body("rest[0].security.service[0].coding[0].code", equalTo("SMART-on-FHIR"));
    }

    @Test
    void eachTypeListsTheSearchParametersItServes_withTheirTypes() {
        var metadata = given().get("/fhir/metadata").then().statusCode(200);
        for (String type : new String[] {"MedicationStatement", "MedicationRequest"}) {
            metadata.body(
                            RESOURCE.formatted(type) + ".searchParam.name",
                            containsInAnyOrder(
                                    "patient", "subject", "identifier", "status", "_id", "code", "_lastUpdated"))
                    .body(
                            RESOURCE.formatted(type) + ".searchParam.find { it.name == 'patient' }.type",
                            equalTo("reference"))
                    .body(
                            RESOURCE.formatted(type) + ".searchParam.find { it.name == '_lastUpdated' }.type",
                            equalTo("date"))
                    .body(RESOURCE.formatted(type) + ".searchParam.find { it.name == 'code' }.type", equalTo("token"))
                    .body(RESOURCE.formatted(type) + ".conditionalCreate", equalTo(true))
                    .body(RESOURCE.formatted(type) + ".versioning", equalTo("versioned-update"));
        }
        metadata.body(
                        RESOURCE.formatted("Encounter") + ".searchParam.name",
                        containsInAnyOrder("patient", "subject", "identifier", "status", "_id", "_lastUpdated"))
                .body(RESOURCE.formatted("Patient") + ".searchParam.name", containsInAnyOrder("identifier"))
                .body(
                        RESOURCE.formatted("DetectedIssue") + ".searchParam.name",
                        containsInAnyOrder("patient", "status", "code"))
                .body(
                        RESOURCE.formatted("AuditEvent") + ".searchParam.name",
                        containsInAnyOrder("patient", "date", "agent"))
                .body(RESOURCE.formatted("CodeSystem") + ".searchParam", equalTo(null));
    }

    @Test
    void everyOperationHasAnOperationDefinition_withItsParameters() {
        var metadata = given().get("/fhir/metadata").then().extract().jsonPath();
        String ingest = metadata.getString("rest[0].operation.find { it.name == 'ingest' }.definition");
        given().get(ingest.substring(ingest.indexOf("/fhir/")))
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("OperationDefinition"))
                .body("code", equalTo("ingest"))
                .body("parameter.name", hasItems("source", "return"));
        String unified = metadata.getString(
                RESOURCE.formatted("Patient") + ".operation.find { it.name == 'unified-medications' }.definition");
        given().get(unified.substring(unified.indexOf("/fhir/")))
                .then()
                .statusCode(200)
                .body("parameter.name", hasItems("identifier", "_at", "return"));
    }

    @Test
    void readiness_answers200() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
