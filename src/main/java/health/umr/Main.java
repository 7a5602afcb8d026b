package health.umr;

import health.umr.cli.DmdImportCommand;
import health.umr.config.EmbeddedDatabase;
import health.umr.security.TokenCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Starts UMR. Without UMR_DATABASE_URL it first starts an embedded PostgreSQL whose data lives
 * under UMR_DATA_DIR (default ./data), so `make run` needs nothing installed but a JDK.
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
        String external = System.getenv("UMR_DATABASE_URL");
        if (external == null || external.isBlank()) {
            Path dataDir = Path.of(envOr("UMR_DATA_DIR", "./data")).toAbsolutePath();
            EmbeddedDatabase database = EmbeddedDatabase.startPersistent(dataDir);
            LOG.infof("embedded PostgreSQL started, data under %s", dataDir);
            System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
            System.setProperty("quarkus.datasource.password", "");
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-stop"));
        }
        if (args.length > 0 && "dmd-import".equals(args[0])) {
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.management.host-enabled", "false");
            Quarkus.run(DmdImportCommand.class, args);
            return;
        }
        Quarkus.run(args);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
