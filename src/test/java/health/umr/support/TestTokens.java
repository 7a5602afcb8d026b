package health.umr.support;

import health.umr.security.LocalIssuer;
import io.restassured.http.Header;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * Real signed tokens for the tests: the test run's own key pair (kept under target/test-auth, where
 * the %test profile's local issuer reads it), signed by the same library the service trusts.
 * Every RestAssured request carries {@link #admin()} unless it sends its own Authorization header
 * or {@link #none()} (see {@link DefaultTokenFilter}).
 */
public final class TestTokens {

    /** The key the %test profile trusts (application.properties: %test.umr.auth.local-key). */
    public static final Path KEY = Path.of("target/test-auth/local-issuer.jwk");

    static final String NO_TOKEN = "X-Umr-Test-No-Token";

    private static volatile String admin;

    private TestTokens() {}

    public static LocalIssuer issuer() {
        return LocalIssuer.loadOrCreate(KEY);
    }

    /** All-powerful, as `make token` with no arguments. */
    public static String admin() {
        String token = admin;
        if (token == null) {
            token = issuer().mint(
                            "umr",
                            LocalIssuer.ADMIN_CLIENT,
                            LocalIssuer.ADMIN_CLIENT,
                            List.of(LocalIssuer.ADMIN_SCOPES.split(" ")),
                            null,
                            Duration.ofHours(12));
            admin = token;
        }
        return token;
    }

    /** A system token for this client with these scopes (space-separated). */
    public static String system(String client, String scopes) {
        return issuer().mint("umr", client, null, split(scopes), null, Duration.ofHours(1));
    }

    /** A user token (sub = user) for this client with these scopes. */
    public static String user(String client, String user, String scopes) {
        return issuer().mint("umr", client, user, split(scopes), null, Duration.ofHours(1));
    }

    /** A patient-facing token: its patient/ scopes open only this NHS number. */
    public static String patient(String client, String nhsNumber, String scopes) {
        return issuer().mint("umr", client, client, split(scopes), nhsNumber, Duration.ofHours(1));
    }

    /** The header that sends this token. */
    public static Header bearer(String token) {
        return new Header("Authorization", "Bearer " + token);
    }

    /** Send no Authorization header at all (the default token is not added). */
    public static Header none() {
        return new Header(NO_TOKEN, "true");
    }

    /** The local issuer's key the service under test trusts (written when the test service starts). */
    public static RsaJsonWebKey key() throws java.io.IOException, JoseException {
        return (RsaJsonWebKey) JsonWebKey.Factory.newJwk(java.nio.file.Files.readString(KEY));
    }

    /** The claims of a valid read token from the local issuer, changed as a test needs. */
    public static JwtClaims claims(Consumer<JwtClaims> change) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(LocalIssuer.ISSUER);
        claims.setAudience("umr");
        claims.setSubject("tester");
        claims.setClaim("client_id", "tester");
        claims.setClaim("scope", "system/*.read");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        change.accept(claims);
        return claims;
    }

    /** Signed by jose4j with the key given (not the service's own minting code), RS256, its kid in the header. */
    public static String signed(JwtClaims claims, RsaJsonWebKey key) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static List<String> split(String scopes) {
        return Arrays.stream(scopes.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
