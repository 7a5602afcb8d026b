package health.umr.security;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * The embedded default's own token issuer: one RSA signing key, kept as a private JWK in the data
 * dir (created on first use, readable by its owner only), that {@code make token} signs with and
 * UMR trusts when no external issuer is configured. Plain Java, so {@code make token} runs without
 * starting the service. Key generation and signing are jose4j's and smallrye-jwt-build's.
 */
public final class LocalIssuer {

    /** The {@code iss} of every local token. */
    public static final String ISSUER = "urn:umr:local-issuer";

    /** The scopes of the token {@code make token} prints when asked for none: every right UMR knows. */
    public static final String ADMIN_SCOPES = "user/*.* system/*.* umr.admin umr.audit umr.reports";

    public static final String ADMIN_CLIENT = "local-admin";

    private final RsaJsonWebKey key;

    private LocalIssuer(RsaJsonWebKey key) {
        this.key = key;
    }

    /** The key file under the data dir the embedded default uses (UMR_DATA_DIR, else ./data). */
    public static Path defaultKeyFile() {
        String dataDir = System.getenv("UMR_DATA_DIR");
        return keyFile(Path.of(dataDir == null || dataDir.isBlank() ? "./data" : dataDir));
    }

    /** The key file under a data dir. */
    public static Path keyFile(Path dataDir) {
        return dataDir.resolve("auth").resolve("local-issuer.jwk");
    }

    /**
     * The issuer whose key is in {@code file}, creating the key when there is none. Two processes
     * starting at once agree on one key: the file appears whole, by a hard link, or not at all.
     */
    public static LocalIssuer loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return load(file);
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            RsaJsonWebKey created = RsaJwkGenerator.generateJwk(2048);
            created.setKeyId(created.calculateBase64urlEncodedThumbprint("SHA-256"));
            created.setUse("sig");
            created.setAlgorithm("RS256");
            Path temporary = Files.createTempFile(
                    file.toAbsolutePath().getParent(),
                    ".local-issuer",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(
                        temporary,
                        created.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                        StandardCharsets.UTF_8);
                Files.createLink(file, temporary);
                return new LocalIssuer(created);
            } catch (FileAlreadyExistsException raced) {
                return load(file);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the local issuer's key at " + file, e);
        } catch (JoseException e) {
            throw new IllegalStateException("could not create the local issuer's key", e);
        }
    }

    private static LocalIssuer load(Path file) throws IOException {
        try {
            JsonWebKey jwk = JsonWebKey.Factory.newJwk(Files.readString(file, StandardCharsets.UTF_8));
            if (!(jwk instanceof RsaJsonWebKey rsa) || rsa.getPrivateKey() == null) {
                throw new IllegalStateException(file + " is not the local issuer's private RSA key");
            }
            return new LocalIssuer(rsa);
        } catch (JoseException e) {
            throw new IllegalStateException(file + " is not a readable JWK: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return key.getPublicKey();
    }

    public String keyId() {
        return key.getKeyId();
    }

    /** The public half as a JWK Set, for /.well-known/jwks.json. */
    public String publicJwks() {
        return "{\"keys\":[" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
    }

    /**
     * A signed token.
     *
     * @param user the signed-in person ({@code sub}); null for a system token, whose {@code sub} is the client
     * @param patient the NHS number {@code patient/} scopes open, or null
     */
    public String mint(
            String audience, String client, String user, Collection<String> scopes, String patient, Duration ttl) {
        Instant now = Instant.now();
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER)
                .audience(audience)
                .subject(user == null ? client : user)
                .claim("client_id", client)
                .claim("azp", client)
                .claim("scope", String.join(" ", scopes))
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(ttl));
        if (patient != null) {
            claims.claim("patient", patient);
        }
        if (user != null) {
            claims.claim("fhirUser", "Practitioner/" + user);
        }
        PrivateKey privateKey = key.getPrivateKey();
        return claims.jws()
                .keyId(key.getKeyId())
                .algorithm(SignatureAlgorithm.RS256)
                .sign(privateKey);
    }
}
