package health.umr.dmd;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.DatabaseState;
import health.umr.support.DmdFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** dm+d in the running service: the bundled extract, $lookup, and loading a release over HTTP. */
@QuarkusTest
class DmdLookupTest {

    private static final String COAMILOFRUSE_VTM = "34186711000001102";
    private static final String COAMILOFRUSE_AMPP = "37365911000001107";

    @Inject
    DatabaseState database;

    @ParameterizedTest(name = "system {0}")
    @ValueSource(strings = {"https://dmd.nhs.uk", "https://dmd.nhs.uk/", "http://snomed.info/sct"})
    void lookup_ofAnAmpp_answersItsClassAndParentsUpToTheVtm(String system) {
        given().get("/fhir/CodeSystem/$lookup?system=" + system + "&code=" + COAMILOFRUSE_AMPP)
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("Parameters"))
                .body(
                        "parameter.find { it.name == 'display' }.valueString",
                        startsWith("Co-amilofruse 5mg/40mg tablets"))
                .body(
                        "parameter.findAll { it.name == 'property' }.part.flatten().findAll { it.name == 'value' }.valueCode",
                        hasItem("AMPP"))
                .body(
                        "parameter.findAll { it.name == 'property' }.part.flatten().findAll { it.name == 'value' }.valueCode",
                        hasItem(COAMILOFRUSE_VTM))
                .body(
                        "parameter.findAll { it.name == 'property' }.part.flatten().findAll { it.name == 'value' }.valueCode",
                        hasItem("318136009"));
    }

    @Test
    void lookup_ofARetiredId_answersTheCurrentConcept() {
        given().get("/fhir/CodeSystem/$lookup?system=https://dmd.nhs.uk&code=354303007")
                .then()
                .statusCode(200)
                .body("parameter.find { it.name == 'display' }.valueString", equalTo("Co-amilofruse"))
                .body(
                        "parameter.findAll { it.name == 'property' }.part.flatten().findAll { it.name == 'value' }.valueCode",
                        hasItem(COAMILOFRUSE_VTM));
    }

    @Test
    void lookup_ofAnUnknownCode_answers404WithAnOperationOutcome() {
        given().get("/fhir/CodeSystem/$lookup?system=https://dmd.nhs.uk&code=123456789")
                .then()
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", startsWith("UMR-0013: code 123456789 is not in the loaded dm+d release"));
    }

    @Test
    void loadingARelease_makesItsCodesResolvable() {
        given().contentType("application/zip")
                .body(DmdFixtures.zip("synthetic"))
                .post("/api/admin/dmd?name=synthetic")
                .then()
                .statusCode(200)
                .body("counts.VMP", equalTo(30));

        given().get("/fhir/CodeSystem/$lookup?system=https://dmd.nhs.uk&code=1019999999106")
                .then()
                .statusCode(200)
                .body(
                        "parameter.find { it.name == 'display' }.valueString",
                        equalTo("Co-careldopa 25mg/100mg tablets"));
    }

    @Test
    void aBrokenRelease_isRefusedNamingTheFileAndLine_andTheLoadedReleaseStays() {
        long releases = database.count("SELECT count(*) FROM dmd_release");
        byte[] broken = DmdFixtures.zip(
                "nhsbsa-2021-08-26-coamilofruse",
                xml -> xml.contains("<AMPPS")
                        ? xml.substring(0, xml.length() / 2)
                        : xml.replace("Co-amilofruse", "Broken"));

        given().contentType("application/zip")
                .body(broken)
                .post("/api/admin/dmd?name=broken")
                .then()
                .statusCode(422)
                .body("message", org.hamcrest.Matchers.containsString("f_ampp2_3260821.xml"))
                .body("message", org.hamcrest.Matchers.containsString("line"));

        assertEquals(releases, database.count("SELECT count(*) FROM dmd_release"));
        given().get("/fhir/CodeSystem/$lookup?system=https://dmd.nhs.uk&code=" + COAMILOFRUSE_VTM)
                .then()
                .statusCode(200)
                .body("parameter.find { it.name == 'display' }.valueString", equalTo("Co-amilofruse"));
    }
}
