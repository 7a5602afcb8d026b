package health.umr.support;

import health.umr.Main;
import health.umr.config.EmbeddedDatabase;
import java.nio.file.Path;

/** Starts the embedded PostgreSQL on a data directory exactly as UMR's Main does, then waits to be stopped. */
public final class EmbeddedDatabaseLauncher {

    private EmbeddedDatabaseLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedDatabase database = Main.startEmbeddedDatabaseOrExit(Path.of(args[0]));
        // the URL with its password: the test connects to the server this process started
        System.out.println("READY " + database.jdbcUrl() + "&password=" + database.password());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
