package health.umr.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SourceResourceTest {

    @Test
    void register_thenList_showsTheSource() {
        given().contentType(ContentType.JSON)
                .body(
                        "{\"setting\":\"acute\",\"name\":\"Leeds EPMA\",\"system\":\"https://fhir.leeds.example/epma\",\"ods\":\"RR8\"}")
                .when()
                .put("/api/sources/leeds-epma")
                .then()
                .statusCode(201)
                .body("setting", equalTo("acute"));

        given().when()
                .get("/api/sources")
                .then()
                .statusCode(200)
                .body("id", hasItem("leeds-epma"))
                .body("find { it.id == 'leeds-epma' }.ods", equalTo("RR8"));
    }

    @Test
    void register_again_updatesAndAnswers200() {
        String body = "{\"setting\":\"homecare\",\"name\":\"%s\",\"system\":\"https://fhir.homecare.example/feed\"}";
        given().contentType(ContentType.JSON)
                .body(body.formatted("Homecare v1"))
                .put("/api/sources/homecare-x")
                .then()
                .statusCode(201);

        given().contentType(ContentType.JSON)
                .body(body.formatted("Homecare v2"))
                .when()
                .put("/api/sources/homecare-x")
                .then()
                .statusCode(200)
                .body("name", equalTo("Homecare v2"));
    }

    @Test
    void register_refusesAnUnknownSetting() {
        given().contentType(ContentType.JSON)
                .body("{\"setting\":\"hospital\",\"name\":\"x\",\"system\":\"https://x.example\"}")
                .when()
                .put("/api/sources/bad-setting")
                .then()
                .statusCode(400)
                .body("error", equalTo("UMR-0014"))
                .body("message", startsWith("UMR-0014: setting 'hospital'"));
    }

    @Test
    void register_refusesASystemAlreadyNamingAnotherSource() {
        String body = "{\"setting\":\"gp\",\"name\":\"x\",\"system\":\"https://fhir.shared.example/system\"}";
        given().contentType(ContentType.JSON)
                .body(body)
                .put("/api/sources/first-holder")
                .then()
                .statusCode(201);

        given().contentType(ContentType.JSON)
                .body(body)
                .when()
                .put("/api/sources/second-holder")
                .then()
                .statusCode(409)
                .body("error", equalTo("UMR-0017"));
    }
}
