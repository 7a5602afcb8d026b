package health.umr.fhir;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CapabilityStatementTest {

    @Test
    void metadata_namesTheProfilesInFhirProfiles() {
        given().get("/fhir/metadata")
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"))
                .body("fhirVersion", equalTo("4.0.1"))
                .body(
                        "rest[0].resource.find { it.type == 'MedicationStatement' }.supportedProfile",
                        hasItem("https://fhir.umr.example/StructureDefinition/UMR-MedicationStatement"))
                .body("rest[0].resource.find { it.type == 'MedicationRequest' }.interaction.code", hasItem("update"))
                .body("rest[0].operation.name", hasItem("ingest"));
    }

    @Test
    void readiness_answers200() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
