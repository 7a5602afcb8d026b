package health.umr.security;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SMART App Launch discovery ({@code GET /.well-known/smart-configuration}, public): which issuer
 * UMR trusts and the scopes it understands. With the local issuer, its public key is published at
 * {@code /.well-known/jwks.json}; tokens come from {@code make token}, not from an endpoint.
 */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
public class SmartConfigurationResource {

    private final TokenVerifier verifier;

    public SmartConfigurationResource(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @GET
    @Path("/smart-configuration")
    public Map<String, Object> smartConfiguration() {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("issuer", verifier.issuer());
        verifier.localIssuer().ifPresent(local -> configuration.put("jwks_uri", "/.well-known/jwks.json"));
        configuration.put("grant_types_supported", List.of("client_credentials", "authorization_code"));
        configuration.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt", "client_secret_basic"));
        configuration.put(
                "scopes_supported",
                List.of(
                        "system/*.read",
                        "system/*.write",
                        "user/*.read",
                        "user/DetectedIssue.write",
                        "patient/*.read",
                        "umr.admin",
                        "umr.audit",
                        "umr.reports",
                        HttpSurfaceFilter.METRICS));
        configuration.put(
                "capabilities",
                List.of(
                        "permission-v1",
                        "permission-v2",
                        "permission-patient",
                        "permission-user",
                        "client-confidential-asymmetric"));
        return configuration;
    }

    @GET
    @Path("/jwks.json")
    public Response jwks() {
        return verifier.localIssuer()
                .map(local -> Response.ok(local.publicJwks(), MediaType.APPLICATION_JSON))
                .orElse(Response.status(404))
                .build();
    }
}
