package health.umr.security;

import health.umr.access.Caller;
import health.umr.config.UmrConfig;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * CDS Hooks 2.0 security: the calling EHR signs a JWT ({@code iss} on UMR's allow-list,
 * {@code aud} the service URL, {@code exp}, a {@code jti} never seen before, keys from the JWKS
 * configured for that issuer, which a {@code jku} header must name); or the caller sends an
 * ordinary UMR bearer token. Verification is SmallRye JWT's, as for every token.
 */
@ApplicationScoped
public class CdsHooksAuthentication {

    private final Authentication bearer;
    private final TokenVerifier umr;
    private final Map<String, String> jwksByIssuer;
    private final Optional<String> audience;
    private final int clockSkew;
    private final Map<String, DefaultJWTParser> parsers = new ConcurrentHashMap<>();
    private final Map<String, Instant> seenJti = new ConcurrentHashMap<>();
    private final DefaultJWTParser unverified = new DefaultJWTParser();

    public CdsHooksAuthentication(Authentication bearer, TokenVerifier umr, UmrConfig config) {
        this.bearer = bearer;
        this.umr = umr;
        Map<String, String> issuers = new LinkedHashMap<>();
        for (String pair : config.auth().cdsHooksIssuers().orElse(List.of())) {
            int split = pair.indexOf("=http");
            if (split <= 0) {
                throw new IllegalArgumentException(
                        "umr.auth.cds-hooks-issuers takes issuer=jwks-url pairs, not '" + pair + "'");
            }
            issuers.put(
                    pair.substring(0, split).trim(), pair.substring(split + 1).trim());
        }
        this.jwksByIssuer = Map.copyOf(issuers);
        this.audience = config.auth().cdsHooksAudience();
        this.clockSkew = config.auth().clockSkewSeconds();
    }

    /** The caller of a CDS Hooks service call; {@code serviceUrl} is the URL the request was sent to. */
    public Caller authenticate(String authorization, String serviceUrl) {
        String token = authorization == null ? "" : authorization.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        String issuer = issuerOf(token);
        if (issuer == null || issuer.equals(umr.issuer()) || !jwksByIssuer.containsKey(issuer)) {
            return bearer.authenticate(authorization); // a UMR token, or refused with its reason
        }
        String jku = jkuOf(token);
        if (jku != null && !jku.equals(jwksByIssuer.get(issuer))) {
            throw new InvalidInputException(
                    ErrorCode.TOKEN_INVALID,
                    "CDS Hooks JWT: its jku is not the JWKS UMR was configured to trust for " + issuer);
        }
        JsonWebToken jwt;
        try {
            jwt = parser(issuer, serviceUrl).parse(token);
        } catch (ParseException e) {
            throw new InvalidInputException(ErrorCode.TOKEN_INVALID, "CDS Hooks JWT: " + TokenRefusals.reason(e));
        } catch (RuntimeException e) {
            throw new InvalidInputException(ErrorCode.TOKEN_INVALID, "CDS Hooks JWT: it could not be verified");
        }
        String jti = jwt.getTokenID();
        if (jti == null || jti.isBlank()) {
            throw new InvalidInputException(ErrorCode.TOKEN_INVALID, "CDS Hooks JWT: it has no jti");
        }
        forgetExpired();
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime()).plusSeconds(clockSkew);
        if (seenJti.putIfAbsent(issuer + " " + jti, expires) != null) {
            throw new InvalidInputException(
                    ErrorCode.TOKEN_INVALID, "CDS Hooks JWT: its jti was already used (a replay)");
        }
        String client = jwt.getSubject() == null ? issuer : jwt.getSubject();
        return new Caller(client, Optional.empty(), Set.of("system/*.read"), Optional.empty());
    }

    /** The {@code iss} a token claims, read without trusting it, only to choose who must have signed it. */
    private String issuerOf(String token) {
        try {
            return unverified.parseOnly(token).getIssuer();
        } catch (ParseException | RuntimeException notAJwt) {
            return null;
        }
    }

    /** The JOSE header's jku (jose4j reads it), or null. */
    private static String jkuOf(String token) {
        try {
            return JsonWebStructure.fromCompactSerialization(token).getHeader("jku");
        } catch (JoseException | RuntimeException unreadable) {
            return null;
        }
    }

    private DefaultJWTParser parser(String issuer, String serviceUrl) {
        String aud = audience.orElse(serviceUrl);
        return parsers.computeIfAbsent(issuer + " " + aud, key -> {
            JWTAuthContextInfo info = new JWTAuthContextInfo();
            info.setIssuedBy(issuer);
            info.setPublicKeyLocation(jwksByIssuer.get(issuer));
            info.setExpectedAudience(Set.of(aud));
            info.setClockSkew(clockSkew);
            info.setRequireNamedPrincipal(false);
            info.setJwksRefreshInterval(60);
            info.setForcedJwksRefreshInterval(1);
            info.setSignatureAlgorithm(EnumSet.of(
                    SignatureAlgorithm.RS256,
                    SignatureAlgorithm.RS384,
                    SignatureAlgorithm.RS512,
                    SignatureAlgorithm.ES256,
                    SignatureAlgorithm.ES384,
                    SignatureAlgorithm.ES512));
            return new DefaultJWTParser(info);
        });
    }

    private void forgetExpired() {
        if (seenJti.size() > 10_000) {
            Instant now = Instant.now();
            seenJti.values().removeIf(expires -> expires.isBefore(now));
        }
    }
}
