package health.umr.support;

import health.umr.security.LocalIssuer;
import io.restassured.http.Header;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

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

    private static List<String> split(String scopes) {
        return Arrays.stream(scopes.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
