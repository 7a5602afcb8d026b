package health.umr.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An OpenID Connect issuer's discovery document ({@code /.well-known/openid-configuration}), read
 * once where it is needed: the token check takes its {@code jwks_uri}, the clinician view's
 * sign-in its authorization and token endpoints.
 */
public final class OidcDiscovery {

    private OidcDiscovery() {}

    /** Where the issuer publishes its discovery document. */
    public static URI documentOf(String issuer) {
        return URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    }

    /**
     * The issuer's discovery document.
     *
     * @throws IllegalStateException when it cannot be fetched or does not answer 200 with JSON
     */
    public static JsonNode read(String issuer) {
        URI document = documentOf(issuer);
        try {
            HttpResponse<String> answer = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(
                            HttpRequest.newBuilder(document)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(document + " answered " + answer.statusCode());
            }
            return new ObjectMapper().readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + document + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + document, e);
        }
    }

    static String jwksUri(String issuer) {
        try {
            JsonNode jwks = read(issuer).path("jwks_uri");
            if (!jwks.isTextual()) {
                throw new IllegalStateException(documentOf(issuer) + " has no jwks_uri");
            }
            return jwks.asText();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": set UMR_AUTH_JWKS_URI, or check UMR_AUTH_ISSUER", e);
        }
    }
}
