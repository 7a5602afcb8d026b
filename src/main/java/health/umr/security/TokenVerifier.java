package health.umr.security;

import health.umr.access.Caller;
import health.umr.config.UmrConfig;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies bearer tokens with SmallRye JWT (jose4j underneath): signature by a key of the trusted
 * issuer (its JWKS, refreshed when a token names a key it has not seen, so keys can rotate; or the
 * local issuer's key), {@code iss}, {@code aud}, {@code exp}, {@code nbf}; {@code alg: none}, HMAC
 * and unknown keys refused. Nothing here parses or checks a JWT by hand.
 */
@ApplicationScoped
@Startup
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    private final UmrConfig.Auth auth;
    private final JWTAuthContextInfo info = new JWTAuthContextInfo();
    private final String issuer;
    private final Optional<LocalIssuer> local;
    private volatile DefaultJWTParser parser;

    public TokenVerifier(UmrConfig config) {
        auth = config.auth();
        if (auth.issuer().isPresent()) {
            issuer = auth.issuer().get();
            local = Optional.empty();
            info.setJwksRefreshInterval(60);
            // a token naming a key not in the cached JWKS makes it fetch again, at most once a minute (rotation)
            info.setForcedJwksRefreshInterval(1);
            LOG.infof("bearer tokens: trusting the issuer %s", issuer);
        } else {
            issuer = LocalIssuer.ISSUER;
            Path keyFile = auth.localKey().map(Path::of).orElseGet(LocalIssuer::defaultKeyFile);
            LocalIssuer localIssuer = LocalIssuer.loadOrCreate(keyFile);
            local = Optional.of(localIssuer);
            info.setPublicVerificationKey(localIssuer.publicKey());
            LOG.infof(
                    "bearer tokens: UMR is its own local issuer (key %s under %s); `make token` prints one",
                    localIssuer.keyId(), keyFile.toAbsolutePath().getParent());
        }
        info.setIssuedBy(issuer);
        info.setExpectedAudience(Set.of(auth.audience()));
        info.setClockSkew(auth.clockSkewSeconds());
        info.setRequireNamedPrincipal(false);
        info.setSignatureAlgorithm(EnumSet.of(
                SignatureAlgorithm.RS256,
                SignatureAlgorithm.RS384,
                SignatureAlgorithm.RS512,
                SignatureAlgorithm.PS256,
                SignatureAlgorithm.PS384,
                SignatureAlgorithm.PS512,
                SignatureAlgorithm.ES256,
                SignatureAlgorithm.ES384,
                SignatureAlgorithm.ES512));
        if (local.isPresent()) {
            parser = new DefaultJWTParser(info);
        }
    }

    /** The parser; for an external issuer, made once its JWKS location is known (discovery may fail: retried). */
    private DefaultJWTParser parser() {
        DefaultJWTParser ready = parser;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (parser == null) {
                try {
                    info.setPublicKeyLocation(auth.jwksUri().orElseGet(() -> OidcDiscovery.jwksUri(issuer)));
                } catch (IllegalStateException unreachable) {
                    LOG.warnf("bearer tokens: %s", unreachable.getMessage());
                    throw new InvalidInputException(
                            ErrorCode.TOKEN_INVALID, "the trusted issuer's keys could not be fetched; try again later");
                }
                parser = new DefaultJWTParser(info);
            }
            return parser;
        }
    }

    /** The issuer tokens must come from. */
    public String issuer() {
        return issuer;
    }

    /** The local issuer, when UMR is its own. */
    public Optional<LocalIssuer> localIssuer() {
        return local;
    }

    /** The caller the token names; refused with the reason when it does not verify. */
    public Caller verify(String token) {
        DefaultJWTParser ready = parser();
        JsonWebToken jwt;
        try {
            jwt = ready.parse(token);
        } catch (ParseException e) {
            throw new InvalidInputException(ErrorCode.TOKEN_INVALID, TokenRefusals.reason(e));
        } catch (RuntimeException e) {
            // a library failure on hostile input is still the token's fault, never a 5xx
            LOG.debugf(e, "token refused by an unexpected failure");
            throw new InvalidInputException(ErrorCode.TOKEN_INVALID, "the token could not be verified");
        }
        return Callers.of(jwt);
    }
}
