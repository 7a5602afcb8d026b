package health.umr.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bearer tokens on every transport: what is refused (401, with the reason, nothing written) and
 * what is public. Tokens are real: signed with the test run's key, or with another key to be refused.
 */
@QuarkusTest
class AuthenticationTest {

    private static final String SEARCH =
            "/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + Feeds.NHS_NUMBER;

    @Inject
    DatabaseState database;

    @Test
    void noToken_on_fhir_is401WithAnOperationOutcomeAndABearerChallenge() {
        given().header(TestTokens.none())
                .get(SEARCH)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("login"))
                .body("issue[0].details.coding[0].code", equalTo("UMR-0401"));
    }

    @Test
    void noToken_on_api_is401WithAJsonError() {
        given().header(TestTokens.none())
                .get("/api/sources")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", equalTo("UMR-0401"));
        given().header(TestTokens.none()).post("/api/admin/rebuild").then().statusCode(401);
    }

    @Test
    void theWritesOfTheIssueAreRefusedWithoutAToken_andNothingIsWritten() {
        Map<String, Long> before = database.counts();
        given().header(TestTokens.none())
                .contentType("application/json")
                .body("{\"setting\":\"acute\",\"name\":\"x\",\"system\":\"https://fhir.anon.example\"}")
                .put("/api/sources/anon-acute")
                .then()
                .statusCode(401);
        given().header(TestTokens.none())
                .contentType(Feeds.FHIR_JSON)
                .body(Feeds.statement("https://fhir.anon.example", "anon-1"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(401);
        given().header(TestTokens.none())
                .contentType("application/zip")
                .body(new byte[] {1, 2, 3})
                .post("/api/admin/dmd")
                .then()
                .statusCode(401);
        assertEquals(before, database.counts());
    }

    @Test
    void publicEndpointsAnswerWithoutAToken() {
        given().header(TestTokens.none()).get("/q/health/ready").then().statusCode(200);
        given().header(TestTokens.none())
                .get("/fhir/metadata")
                .then()
                .statusCode(200)
                .body("resourceType", equalTo("CapabilityStatement"));
        given().header(TestTokens.none())
                .get("/.well-known/smart-configuration")
                .then()
                .statusCode(200)
                .body("capabilities", org.hamcrest.Matchers.hasItem("permission-v2"));
        given().header(TestTokens.none())
                .get("/fhir/.well-known/smart-configuration")
                .then()
                .statusCode(200)
                .body("issuer", equalTo("urn:umr:local-issuer"));
        given().header(TestTokens.none()).get("/cds-services").then().statusCode(200);
    }

    @TestHTTPResource(value = "", management = true)
    URL management;

    @Test
    void metricsAreNotOpenToAnonymousCallers_onTheManagementPortWhereTheyAre() {
        URI metrics = URI.create(management.toString()).resolve("/q/metrics");
        given().header(TestTokens.none()).get(metrics).then().statusCode(401);
        given().header(TestTokens.bearer(TestTokens.system("reader", "system/*.read")))
                .get(metrics)
                .then()
                .statusCode(403);
        given().header(TestTokens.bearer(TestTokens.system("scraper", "umr.metrics")))
                .get(metrics)
                .then()
                .statusCode(200);
        // nor on the service port, where they are not served
        given().header(TestTokens.none()).get("/q/metrics").then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not.a.jwt", "abc", "eyJhbGciOiJSUzI1NiJ9.e30", "eyJhbGciOiJSUzI1NiJ9..", "%%%"})
    void malformedTokensAre401InvalidToken(String token) {
        given().header(TestTokens.bearer(token))
                .get(SEARCH)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("issue[0].details.coding[0].code", equalTo("UMR-0402"));
        given().header(TestTokens.bearer(token))
                .get("/api/sources")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void aTruncatedTokenIs401() {
        String admin = TestTokens.admin();
        refusedWithReason(admin.substring(0, admin.length() - 10), "signature");
    }

    @Test
    void anExpiredToken_aNotYetValidToken_andAnotherAudienceAre401WithTheReason() throws Exception {
        refusedWithReason(
                signed(TestTokens.claims(c -> c.setExpirationTime(
                        NumericDate.fromSeconds(Instant.now().getEpochSecond() - 600)))),
                "expired");
        refusedWithReason(
                signed(TestTokens.claims(c ->
                        c.setNotBefore(NumericDate.fromSeconds(Instant.now().getEpochSecond() + 600)))),
                "not valid yet");
        refusedWithReason(signed(TestTokens.claims(c -> c.setAudience("someone-else"))), "audience");
        refusedWithReason(signed(TestTokens.claims(c -> c.setIssuer("https://evil.example"))), "issuer");
    }

    @Test
    void aTokenSignedByAnotherKeyIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(TestTokens.claims(c -> {}).toJson());
        jws.setKey(generator.generateKeyPair().getPrivate());
        jws.setKeyIdHeaderValue(TestTokens.issuer().keyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        refusedWithReason(jws.getCompactSerialization(), "signature");
    }

    @Test
    void aTokenNamingAKeyTheLocalIssuerDoesNotHoldIs401_evenSignedByItsKey() throws Exception {
        refusedWithReason(signedByTheLocalKeyNaming("some-other-key"), "signing key");
        // with no kid at all, the one key is the key: taken
        given().header(TestTokens.bearer(signedByTheLocalKeyNaming(null)))
                .get(SEARCH)
                .then()
                .statusCode(200);
    }

    private static String signedByTheLocalKeyNaming(String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(TestTokens.claims(c -> {}).toJson());
        jws.setKey(TestTokens.key().getPrivateKey());
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void algNoneIs401() throws Exception {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = base64(TestTokens.claims(c -> {}).toJson());
        refusedWithReason(header + "." + payload + ".", "");
    }

    @Test
    void anOversizedTokenIs401_notA5xx() throws Exception {
        String big = signed(TestTokens.claims(c -> c.setClaim("padding", "x".repeat(17_000))));
        refusedWithReason(big, "over");
    }

    @Test
    void aValidTokenIsTaken() throws Exception {
        given().header(TestTokens.bearer(signed(TestTokens.claims(c -> {}))))
                .get(SEARCH)
                .then()
                .statusCode(200);
    }

    @Inject
    TokenVerifier verifier;

    @Test
    void theSameTokenOnTwoRequests_hasItsSignatureCheckedOnce() throws Exception {
        String token = signed(TestTokens.claims(
                c -> c.setClaim("jti", java.util.UUID.randomUUID().toString())));
        long before = verifier.fullVerifications();
        given().header(TestTokens.bearer(token)).get(SEARCH).then().statusCode(200);
        given().header(TestTokens.bearer(token)).get(SEARCH).then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertEquals(before + 1, verifier.fullVerifications());
    }

    @Test
    void answersCarryNoPoweredByHeader_andPatientDataIsNotCached() {
        given().get(SEARCH)
                .then()
                .statusCode(200)
                .header("X-Powered-By", nullValue())
                .header("Cache-Control", containsString("no-store"));
        given().get("/api/sources").then().statusCode(200).header("Cache-Control", containsString("no-store"));
    }

    @Test
    void corsIsOffUnlessOriginsAreConfigured() {
        given().header("Origin", "https://elsewhere.example")
                .get("/api/sources")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    private static void refusedWithReason(String token, String reason) {
        given().header(TestTokens.bearer(token))
                .get(SEARCH)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"))
                .header("WWW-Authenticate", containsString(reason))
                .body("issue[0].diagnostics", containsString(reason));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String signed(JwtClaims claims) throws Exception {
        return TestTokens.signed(claims, TestTokens.key());
    }
}
