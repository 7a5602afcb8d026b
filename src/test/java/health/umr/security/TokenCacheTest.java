package health.umr.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.access.Caller;
import health.umr.config.UmrConfig;
import health.umr.domain.InvalidInputException;
import health.umr.support.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verified-token cache: the real verifier (SmallRye JWT, a real RSA key, real signed tokens),
 * no clock skew so expiry can be reached in a test. The count of full verifications is the
 * verifier's own (every call that reached the JWT library), not a mock.
 */
class TokenCacheTest {

    @TempDir
    static Path dir;

    private static RsaJsonWebKey key;
    private TokenVerifier verifier;

    @BeforeAll
    static void makeKey() throws Exception {
        LocalIssuer.loadOrCreate(dir.resolve("local-issuer.jwk"));
        key = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(Files.readString(dir.resolve("local-issuer.jwk")));
    }

    @BeforeEach
    void setUp() {
        verifier = new TokenVerifier(auth(dir.resolve("local-issuer.jwk")));
    }

    @Test
    void theSameTokenTwice_isVerifiedInFullOnce_andNamesTheSameCaller() throws Exception {
        String token = signed(TestTokens.claims(c -> {}));
        long before = verifier.fullVerifications();
        Caller first = verifier.verify(token);
        Caller second = verifier.verify(token);
        assertEquals(before + 1, verifier.fullVerifications());
        assertEquals(first, second);
        assertEquals("tester", second.client());
        assertEquals(java.util.Set.of("system/*.read"), second.scopes());
    }

    @Test
    void aTokenThatExpiresAfterItWasCached_isRefusedAsExpired() throws Exception {
        long exp = Instant.now().getEpochSecond() + 2;
        String token = signed(TestTokens.claims(c -> c.setExpirationTime(NumericDate.fromSeconds(exp))));
        verifier.verify(token);
        verifier.verify(token); // cached
        while (Instant.now().getEpochSecond() < exp) {
            Thread.sleep(100); // waits for the token's expiry (a precondition, not a timed assertion)
        }
        long before = verifier.fullVerifications();
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> verifier.verify(token));
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
        assertEquals(before + 1, verifier.fullVerifications(), "refused by the full verification, with its reason");
        assertThrows(InvalidInputException.class, () -> verifier.verify(token));
    }

    @Test
    void aTamperedCopyOfACachedToken_isRefused() throws Exception {
        String token = signed(TestTokens.claims(c -> {}));
        verifier.verify(token);
        String[] parts = token.split("\\.");
        String widerScopes = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(TestTokens.claims(c -> c.setClaim("scope", "system/*.*"))
                        .toJson()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String tampered : List.of(
                parts[0] + "." + widerScopes + "." + parts[2],
                token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA"))) {
            InvalidInputException refused =
                    assertThrows(InvalidInputException.class, () -> verifier.verify(tampered), tampered);
            assertTrue(
                    refused.getMessage().contains("signature")
                            || refused.getMessage().contains("well-formed")
                            || refused.getMessage().contains("could not be verified"),
                    refused.getMessage());
        }
        assertEquals("tester", verifier.verify(token).client()); // the genuine one still stands
    }

    @Test
    void aRefusedTokenIsNeverRemembered_eachTryIsVerifiedInFull() throws Exception {
        String early = signed(TestTokens.claims(
                c -> c.setNotBefore(NumericDate.fromSeconds(Instant.now().getEpochSecond() + 600))));
        String elsewhere = signed(TestTokens.claims(c -> c.setAudience("someone-else")));
        long before = verifier.fullVerifications();
        for (int i = 0; i < 3; i++) {
            assertThrows(InvalidInputException.class, () -> verifier.verify(early));
            assertThrows(InvalidInputException.class, () -> verifier.verify(elsewhere));
        }
        assertEquals(before + 6, verifier.fullVerifications());
    }

    /** The local issuer with this test's key and no clock skew. */
    private static UmrConfig.Auth auth(Path keyFile) {
        return new UmrConfig.Auth() {
            @Override
            public Optional<String> issuer() {
                return Optional.empty();
            }

            @Override
            public Optional<String> jwksUri() {
                return Optional.empty();
            }

            @Override
            public String audience() {
                return "umr";
            }

            @Override
            public Optional<String> localKey() {
                return Optional.of(keyFile.toString());
            }

            @Override
            public int clockSkewSeconds() {
                return 0;
            }

            @Override
            public int maxTokenBytes() {
                return 16384;
            }

            @Override
            public Optional<List<String>> cdsHooksIssuers() {
                return Optional.empty();
            }

            @Override
            public Optional<String> cdsHooksAudience() {
                return Optional.empty();
            }
        };
    }

    private static String signed(JwtClaims claims) throws Exception {
        return TestTokens.signed(claims, key);
    }
}
