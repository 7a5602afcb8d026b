package health.umr.web;

import com.fasterxml.jackson.databind.JsonNode;
import health.umr.config.UmrConfig;
import health.umr.security.OidcDiscovery;
import io.quarkus.qute.TemplateData;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * How the clinician view signs in: always with a token (the link's {@code #access_token=}, or
 * pasted); with an external issuer configured, also OpenID Connect authorization code with PKCE,
 * whose endpoints come from the issuer's discovery document (read once, again after a failure).
 */
@ApplicationScoped
public class SignIn {

    private static final Logger LOG = Logger.getLogger(SignIn.class);
    /** After a failed discovery, pages offer token sign-in only, and ask the issuer again after this. */
    private static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    /** What the sign-in page needs to start the authorization code flow in the browser. */
    @TemplateData
    public record Page(
            String clientId, String scope, String authorizationEndpoint, String tokenEndpoint, String issuerName) {}

    private final Optional<String> issuer;
    private final String clientId;
    private final String scope;
    private volatile Page discovered;
    private volatile java.time.Instant failedAt;

    @jakarta.inject.Inject
    public SignIn(UmrConfig config, WebConfig web) {
        this(config.auth().issuer(), web.clientId(), web.scope());
    }

    SignIn(Optional<String> issuer, String clientId, String scope) {
        this.issuer = issuer.filter(s -> !s.isBlank());
        this.clientId = clientId;
        this.scope = scope;
    }

    /** The sign-in page's settings: the OpenID Connect endpoints when an external issuer is configured. */
    public Page page() {
        if (issuer.isEmpty()) {
            return new Page(clientId, scope, null, null, null);
        }
        Page known = discovered;
        if (known != null) {
            return known;
        }
        java.time.Instant failed = failedAt;
        if (failed != null && failed.isAfter(java.time.Instant.now().minus(RETRY_AFTER))) {
            return new Page(clientId, scope, null, null, null);
        }
        known = discover(issuer.get());
        if (known.authorizationEndpoint() != null) {
            discovered = known;
        } else {
            failedAt = java.time.Instant.now();
        }
        return known;
    }

    /** The origin the browser posts the code to (for the page's Content-Security-Policy), if any. */
    public Optional<String> tokenOrigin() {
        return Optional.ofNullable(page().tokenEndpoint())
                .map(URI::create)
                .map(u -> u.getScheme() + "://" + u.getRawAuthority());
    }

    private Page discover(String issuer) {
        try {
            JsonNode json = OidcDiscovery.read(issuer);
            String authorize = json.path("authorization_endpoint").asText(null);
            String token = json.path("token_endpoint").asText(null);
            if (authorize != null && token != null) {
                return new Page(
                        clientId, scope, authorize, token, URI.create(issuer).getHost());
            }
            LOG.warnf("%s has no authorization and token endpoints", OidcDiscovery.documentOf(issuer));
        } catch (IllegalStateException e) {
            LOG.warnf("%s (sign-in with a token still works)", e.getMessage());
        }
        return new Page(clientId, scope, null, null, null);
    }
}
