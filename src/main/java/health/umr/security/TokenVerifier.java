package health.umr.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Verifies bearer tokens with SmallRye JWT (jose4j underneath): signature by a key of the trusted
 * issuer (its JWKS, refreshed when a token names a key it has not seen, so keys can rotate; or the
 * local issuer's key), {@code iss}, {@code aud}, {@code exp}, {@code nbf}; {@code alg: none}, HMAC
 * and unknown keys refused. Nothing here parses or checks a JWT by hand.
 *
 * <p>A token that verified is remembered, keyed by its exact text, so its signature is checked once,
 * not on every request: a later request with the same text is taken from the cache only while its
 * {@code exp}, {@code nbf}, {@code iss} and {@code aud} still pass, checked again at that moment with
 * the library's rules and clock skew; anything else (expired since, or never seen) goes through the
 * full verification and is refused with the library's reason, exactly as without the cache. A
 * refused token is never remembered. Keys: whenever a full verification may have made the library
 * fetch the issuer's JWKS again (a token signed by a key not seen before verified, or a token was
 * refused for its key), every remembered token is forgotten, so a withdrawn key stops being honoured
 * as soon as it would without the cache; in any case a token is remembered at most
 * {@link #CACHED_FOR}. The cache holds at most {@link #CACHED_TOKENS} tokens, and only tokens that
 * verified can enter it, so hostile traffic cannot grow it. Scopes are not decided here: the rules apply them to the
 * {@link Caller} on every request.
 */
@ApplicationScoped
@Startup
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

    /** At most this many verified tokens are remembered (least recently used go first). */
    static final int CACHED_TOKENS = 10_000;

    /** A verified token is remembered at most this long, whatever its {@code exp}. */
    static final Duration CACHED_FOR = Duration.ofMinutes(1);

    /** A verified token: the caller it names and the claims that are checked again on each use. */
    private record Verified(Caller caller, long expires, Long notBefore, String issuer, Set<String> audience) {}

    private final UmrConfig.Auth auth;
    private final JWTAuthContextInfo info = new JWTAuthContextInfo();
    private final String issuer;
    private final Optional<LocalIssuer> local;
    private volatile DefaultJWTParser parser;
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(CACHED_TOKENS)
            .expireAfterWrite(CACHED_FOR)
            .build();
    private final AtomicLong fullVerifications = new AtomicLong();
    private final Set<String> keysVerified = ConcurrentHashMap.newKeySet();

    @Inject
    public TokenVerifier(UmrConfig config) {
        this(config.auth());
    }

    TokenVerifier(UmrConfig.Auth auth) {
        this.auth = auth;
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
        Verified known = verified.getIfPresent(token);
        if (known != null && stillValid(known, Instant.now().getEpochSecond())) {
            return known.caller();
        }
        DefaultJWTParser ready = parser();
        JsonWebToken jwt;
        fullVerifications.incrementAndGet();
        try {
            jwt = ready.parse(token);
        } catch (ParseException e) {
            String reason = TokenRefusals.reason(e);
            if (reason.contains("signing key")) {
                verified.invalidateAll(); // the issuer's keys may have been fetched again: withdrawn ones are gone
            }
            throw new InvalidInputException(ErrorCode.TOKEN_INVALID, reason);
        } catch (RuntimeException e) {
            // a library failure on hostile input is still the token's fault, never a 5xx
            LOG.debugf(e, "token refused by an unexpected failure");
            throw new InvalidInputException(ErrorCode.TOKEN_INVALID, "the token could not be verified");
        }
        String keyId = keyId(token);
        if (local.isPresent() && !keyId.isEmpty() && !keyId.equals(local.get().keyId())) {
            // as with an issuer's JWKS, where a kid not in the set finds no key: the local issuer holds one
            // key, and a token naming another is not its token, whatever key it was signed with
            throw new InvalidInputException(
                    ErrorCode.TOKEN_INVALID, "the token names a signing key (kid) the issuer does not hold");
        }
        Caller caller = Callers.of(jwt);
        if (keysVerified.add(keyId)) {
            verified.invalidateAll(); // a key not seen before: the issuer's keys may have been fetched again
        }
        Object nbf = jwt.getClaim("nbf");
        Long notBefore = nbf instanceof Number number
                ? Long.valueOf(number.longValue())
                : nbf instanceof jakarta.json.JsonNumber json ? Long.valueOf(json.longValue()) : null;
        if (nbf != null && notBefore == null) {
            return caller; // an nbf of a shape not re-checkable here: verified in full each time
        }
        Set<String> audience = jwt.getAudience() == null ? Set.of() : Set.copyOf(jwt.getAudience());
        verified.put(token, new Verified(caller, jwt.getExpirationTime(), notBefore, jwt.getIssuer(), audience));
        return caller;
    }

    /**
     * The time-dependent checks the library made, made again at {@code now} with its rules (jose4j's
     * NumericDateValidator: expired once {@code now - skew >= exp}; not yet valid while
     * {@code now + skew < nbf}), and the issuer and audience again.
     */
    private boolean stillValid(Verified known, long now) {
        int skew = auth.clockSkewSeconds();
        return now - skew < known.expires()
                && (known.notBefore() == null || now + skew >= known.notBefore())
                && issuer.equals(known.issuer())
                && known.audience().contains(auth.audience());
    }

    /** The {@code kid} the token's header names ("" when none); read by jose4j, only after the token verified. */
    private static String keyId(String token) {
        try {
            String kid = JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
            return kid == null ? "" : kid;
        } catch (JoseException verifiedYetUnreadable) {
            return "";
        }
    }

    /** How many tokens went through the full verification (signature and claims) since start: the cache's misses. */
    public long fullVerifications() {
        return fullVerifications.get();
    }
}
