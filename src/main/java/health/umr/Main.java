package health.umr;

import health.umr.cli.DmdImportCommand;
import health.umr.config.EmbeddedDatabase;
import health.umr.security.TokenCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Starts UMR. Without an external database (QUARKUS_DATASOURCE_JDBC_URL or UMR_DATABASE_URL) it
 * first starts an embedded PostgreSQL whose data lives under UMR_DATA_DIR (default ./data), so
 * `make run` needs nothing installed but a JDK.
 */
@QuarkusMain
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class);

    private Main() {}

    public static void main(String... args) {
        if (args.length > 0 && "token".equals(args[0])) {
            // `make token`: one local-issuer token on stdout, nothing else
            System.exit(TokenCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        // FHIR search tokens are system|value, and clients send the '|' unencoded (curl, docs/contract.md's own
        // examples); Vert.x would answer such a URI with a bare 400 before any handler sees it.
        System.setProperty("vertx.disableURIValidation", "true");
        if (!externalDatabaseNamed()) {
            startEmbeddedDatabaseOrExit(Path.of(envOr("UMR_DATA_DIR", "./data")));
        }
        if (args.length > 0 && "dmd-import".equals(args[0])) {
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.management.host-enabled", "false");
            Quarkus.run(DmdImportCommand.class, args);
            return;
        }
        Quarkus.run(args);
    }

    /** QUARKUS_DATASOURCE_JDBC_URL (Quarkus' own setting, env or -D) or UMR_DATABASE_URL names one. */
    static boolean externalDatabaseNamed() {
        return !envOr("QUARKUS_DATASOURCE_JDBC_URL", "").isEmpty()
                || !envOr("UMR_DATABASE_URL", "").isEmpty()
                || !System.getProperty("quarkus.datasource.jdbc.url", "").isBlank();
    }

    /**
     * Starts the embedded PostgreSQL on {@code dataDir} and points the datasource at it; stops a
     * server a crashed UMR left there first. Exits with one line when another running UMR holds the
     * directory, or when this build has no embedded PostgreSQL.
     */
    public static EmbeddedDatabase startEmbeddedDatabaseOrExit(Path dataDir) {
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.startPersistent(dataDir);
        } catch (EmbeddedDatabase.DataDirectoryInUseException
                | EmbeddedDatabase.NoEmbeddedBinariesException
                | IllegalArgumentException e) { // a memory setting PostgreSQL would refuse
            System.err.println("UMR not started: " + e.getMessage());
            System.exit(2);
            throw e; // not reached
        }
        LOG.infof(
                "embedded PostgreSQL started, data under %s, shared_buffers %s, effective_cache_size %s",
                database.dataDirectory(),
                database.memory().sharedBuffers(),
                database.memory().effectiveCacheSize());
        System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
        System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
        System.setProperty("quarkus.datasource.password", database.password());
        System.setProperty(
                "umr.embedded-postgres-data", database.dataDirectory().toString());
        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-stop"));
        return database;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
