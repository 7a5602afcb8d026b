package health.umr.security;

import health.umr.ops.Causes;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.Optional;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.UnresolvableKeyException;

/** Why the library refused a token, said so the caller can act (never the token itself). */
final class TokenRefusals {

    private TokenRefusals() {}

    static String reason(ParseException refused) {
        Optional<InvalidJwtException> found = Causes.find(refused, InvalidJwtException.class);
        if (found.isPresent()) {
            InvalidJwtException invalid = found.get();
            if (invalid.hasExpired()) {
                return "the token has expired: get a new one";
            }
            if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
                return "the token is not valid yet (nbf is in the future)";
            }
            if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
                    || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                return "the token is for another audience (aud)";
            }
            if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID) || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                return "the token is from an issuer UMR does not trust (iss)";
            }
            if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                return "the token is not signed (alg none is refused)";
            }
            if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
                return "the token's signature does not verify";
            }
            if (invalid.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
                return "the token has no expiry (exp)";
            }
            if (invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                return "the token was issued in the future (iat)";
            }
        }
        String said = messages(refused);
        if (Causes.find(refused, UnresolvableKeyException.class).isPresent()
                || said.contains("key")
                || said.contains("JWK")
                || said.contains("jwk")) {
            return said.contains("alg") && said.contains("none")
                    ? "the token is not signed (alg none is refused)"
                    : "the token's signing key is not one the trusted issuer publishes, or its keys could not be fetched";
        }
        if (said.contains("alg") || said.contains("algorithm")) {
            return "the token's signing algorithm is not accepted (RS256/384/512, PS256/384/512, ES256/384/512 are)";
        }
        return "the token is not a well-formed signed JWT";
    }

    private static String messages(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable t : Causes.chain(thrown)) {
            all.append(t.getMessage()).append(' ');
        }
        return all.toString();
    }
}
