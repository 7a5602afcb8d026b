package health.umr.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The {@code jwks_uri} an OpenID Connect issuer publishes in its discovery document. */
final class OidcDiscovery {

    private OidcDiscovery() {}

    static String jwksUri(String issuer) {
        URI document = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> answer = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(
                            HttpRequest.newBuilder(document)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode jwks = new ObjectMapper().readTree(answer.body()).path("jwks_uri");
            if (answer.statusCode() != 200 || !jwks.isTextual()) {
                throw new IllegalStateException(document + " answered " + answer.statusCode() + " without a jwks_uri");
            }
            return jwks.asText();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "could not read " + document + " (" + e.getMessage()
                            + "): set UMR_AUTH_JWKS_URI, or check UMR_AUTH_ISSUER",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + document, e);
        }
    }
}
