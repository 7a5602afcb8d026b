package health.umr.security;

import health.umr.access.Caller;
import health.umr.config.UmrConfig;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * The {@code Authorization} header → the verified {@link Caller}, or a refusal saying why (401):
 * the one way every transport (the /fhir interceptor, the JAX-RS filter, the /q filter) authenticates.
 */
@ApplicationScoped
public class Authentication {

    private final TokenVerifier verifier;
    private final int maxTokenBytes;

    public Authentication(TokenVerifier verifier, UmrConfig config) {
        this.verifier = verifier;
        this.maxTokenBytes = config.auth().maxTokenBytes();
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new InvalidInputException(
                    ErrorCode.TOKEN_MISSING,
                    "this needs a bearer token: send 'Authorization: Bearer <token>' (locally, `make token` prints one)");
        }
        String header = authorization.trim();
        if (header.length() < 7
                || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new InvalidInputException(
                    ErrorCode.TOKEN_MISSING, "UMR takes only bearer tokens: send 'Authorization: Bearer <token>'");
        }
        String token = header.substring(7).trim();
        if (token.length() > maxTokenBytes) {
            throw new InvalidInputException(
                    ErrorCode.TOKEN_INVALID,
                    "the token is " + token.length() + " bytes, over the " + maxTokenBytes + " UMR reads");
        }
        if (token.isEmpty()) {
            throw new InvalidInputException(ErrorCode.TOKEN_INVALID, "the bearer token is empty");
        }
        return verifier.verify(token);
    }
}
