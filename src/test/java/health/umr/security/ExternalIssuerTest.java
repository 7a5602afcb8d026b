package health.umr.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.access.Caller;
import health.umr.config.UmrConfig;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * An external OpenID Connect issuer (UMR_AUTH_ISSUER) whose keys come from a real local JWKS
 * endpoint: its tokens are taken, keys rotate, the local issuer is no longer trusted, and a JWKS
 * that cannot be reached is a refusal (401), never a server error. CDS Hooks EHR JWTs likewise.
 * The verifier under test is the one /fhir, /api and /cds-services use.
 */
class ExternalIssuerTest {

    private static final String ISSUER = "https://issuer.umr-test.example/realms/umr";
    private static final String EHR = "https://ehr.umr-test.example";
    private static final String SERVICE = "https://umr.umr-test.example/cds-services/umr-medicines-check";

    @Test
    void theIssuersTokensAreTaken_keysRotate_andAnUnreachableJwksIsARefusal() throws Exception {
        try (JwksServer jwks = new JwksServer()) {
            TokenVerifier verifier = new TokenVerifier(config(Map.of(
                    "umr.auth.issuer", ISSUER, "umr.auth.jwks-uri", jwks.url("issuer"), "umr.auth.audience", "umr")));
            RsaJsonWebKey first = key("first");
            jwks.publish("issuer", first);
            Caller caller = verifier.verify(sign(first, issuerClaims()));
            assertEquals("epma", caller.client());
            assertEquals(Set.of("openid", "system/*.read"), caller.scopes());

            // a new key is fetched when a token names it (the library refetches at most once a minute)
            RsaJsonWebKey second = key("second");
            jwks.publish("issuer", second);
            // jose4j (under SmallRye JWT) skips a refresh asked for within 300 ms of the last fetch; a real
            // rotation comes long after, and on a fast machine this test got here sooner (it failed on a quiet box)
            Thread.sleep(400);
            verifier.verify(sign(second, issuerClaims()));
            refused(verifier, sign(first, issuerClaims()), "signing key");
            refused(verifier, new LocalIssuerToken().admin(), "");

            jwks.withdraw("issuer");
            refused(verifier, sign(key("third"), issuerClaims()), "");
            verifier.verify(sign(second, issuerClaims())); // keys already fetched stay usable
        }
    }

    @Test
    void anIssuerWhoseJwksWasNeverReachableRefusesEveryToken_withoutAServerError() throws Exception {
        try (JwksServer jwks = new JwksServer()) {
            TokenVerifier verifier = new TokenVerifier(
                    config(Map.of("umr.auth.issuer", ISSUER, "umr.auth.jwks-uri", jwks.url("nothing-here"))));
            refused(verifier, sign(key("any"), issuerClaims()), "");
        }
    }

    @Test
    void cdsHooksTakesTheEhrsSignedJwt_once_forTheServiceUrl_fromItsOwnJwks() throws Exception {
        try (JwksServer jwks = new JwksServer()) {
            UmrConfig config = config(Map.of(
                    "umr.auth.local-key",
                    "target/test-auth/local-issuer.jwk",
                    "umr.auth.cds-hooks-issuers",
                    EHR + "=" + jwks.url("ehr"),
                    "umr.auth.cds-hooks-audience",
                    SERVICE));
            TokenVerifier umr = new TokenVerifier(config);
            CdsHooksAuthentication cds = new CdsHooksAuthentication(new Authentication(umr, config), umr, config);
            RsaJsonWebKey ehr = key("ehr");
            jwks.publish("ehr", ehr);

            String token = sign(ehr, ehrClaims(SERVICE), jwks.url("ehr"));
            Caller caller = cds.authenticate("Bearer " + token, "http://ignored");
            assertEquals("ehr-client", caller.client());
            assertTrue(caller.mayRead("*", "9449306680"));

            cdsRefused(cds, token, "replay");
            cdsRefused(
                    cds, sign(ehr, ehrClaims("https://elsewhere.example/cds-services/x"), jwks.url("ehr")), "audience");
            cdsRefused(cds, sign(ehr, ehrClaims(SERVICE), "https://attacker.example/jwks"), "jku");
            JwtClaims noJti = ehrClaims(SERVICE);
            noJti.unsetClaim("jti");
            cdsRefused(cds, sign(ehr, noJti, null), "jti");
            cdsRefused(cds, sign(key("stranger"), ehrClaims(SERVICE), jwks.url("ehr")), "");
            cdsRefused(cds, "not.a.jwt", "");
            // a UMR token is taken too
            assertEquals(
                    "local-admin",
                    cds.authenticate("Bearer " + new LocalIssuerToken().admin(), SERVICE)
                            .client());
        }
    }

    /** The test run's local admin token (the default issuer of the other tests). */
    private static final class LocalIssuerToken {
        String admin() {
            return health.umr.support.TestTokens.admin();
        }
    }

    private static void refused(TokenVerifier verifier, String token, String reason) {
        InvalidInputException refusal = assertThrows(InvalidInputException.class, () -> verifier.verify(token));
        assertEquals(ErrorCode.TOKEN_INVALID, refusal.code());
        assertTrue(refusal.getMessage().contains(reason), refusal.getMessage());
    }

    private static void cdsRefused(CdsHooksAuthentication cds, String token, String reason) {
        InvalidInputException refusal =
                assertThrows(InvalidInputException.class, () -> cds.authenticate("Bearer " + token, SERVICE));
        assertEquals(ErrorCode.TOKEN_INVALID, refusal.code());
        assertTrue(refusal.getMessage().contains(reason), refusal.getMessage());
    }

    private static UmrConfig config(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        return new SmallRyeConfigBuilder()
                .withMapping(UmrConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build()
                .getConfigMapping(UmrConfig.class);
    }

    private static RsaJsonWebKey key(String id) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(id + "-" + UUID.randomUUID());
        return key;
    }

    private static JwtClaims issuerClaims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("umr");
        claims.setSubject("service-account-epma");
        claims.setClaim("azp", "epma");
        claims.setClaim("scope", "openid system/*.read");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        return claims;
    }

    private static JwtClaims ehrClaims(String audience) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(EHR);
        claims.setAudience(audience);
        claims.setSubject("ehr-client");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    private static String sign(RsaJsonWebKey key, JwtClaims claims) throws Exception {
        return sign(key, claims, null);
    }

    private static String sign(RsaJsonWebKey key, JwtClaims claims, String jku) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        if (jku != null) {
            jws.setHeader("jku", jku);
        }
        return jws.getCompactSerialization();
    }
}
