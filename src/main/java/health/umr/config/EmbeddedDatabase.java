package health.umr.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The embedded PostgreSQL that `make run` and the tests use when no external database is named.
 * A real PostgreSQL server (zonky binaries), not an imitation: the same SQL, the same locks.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts a server whose data survives restarts under {@code dataDir}. Every connection needs a
     * password (scram-sha-256, TCP only), generated on the first start and kept in
     * {@code dataDir/postgres-password}, readable by its owner only.
     */
    public static EmbeddedDatabase startPersistent(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Path cluster = dataDir.resolve("postgres");
            Path passwordFile = dataDir.resolve("postgres-password");
            boolean protectedAlready = Files.isRegularFile(passwordFile);
            String password = protectedAlready ? Files.readString(passwordFile).trim() : newPassword();
            if (Files.isRegularFile(cluster.resolve("pg_hba.conf"))) {
                writeHba(cluster, protectedAlready);
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setConnectConfig("password", password)
                    .start();
            if (!protectedAlready) {
                // a new data dir, or one from before passwords: set the password, then require it
                try (Connection connection = postgres.getPostgresDatabase().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("ALTER USER " + USER + " PASSWORD '" + password + "'");
                    writeHba(cluster, true);
                    statement.execute("SELECT pg_reload_conf()");
                }
                Path temporary = Files.createTempFile(
                        dataDir,
                        ".postgres-password",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temporary, password);
                Files.move(temporary, passwordFile, StandardCopyOption.ATOMIC_MOVE);
            }
            return new EmbeddedDatabase(postgres, password);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL under " + dataDir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the embedded PostgreSQL's password under " + dataDir, e);
        }
    }

    /** Starts a throwaway server on a fresh temporary directory (tests, benchmarks); no password. */
    public static EmbeddedDatabase startThrowaway() {
        try {
            return new EmbeddedDatabase(EmbeddedPostgres.builder().start(), "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /** The password of {@link #USER} (empty for a throwaway server). */
    public String password() {
        return password;
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Local TCP only; a password for every connection once one is set (trust only to set it). */
    private static void writeHba(Path cluster, boolean password) throws IOException {
        String method = password ? "scram-sha-256" : "trust";
        Files.writeString(
                cluster.resolve("pg_hba.conf"),
                "# written by UMR (health.umr.config.EmbeddedDatabase)\n"
                        + "host all all 127.0.0.1/32 " + method + "\n"
                        + "host all all ::1/128 " + method + "\n");
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
