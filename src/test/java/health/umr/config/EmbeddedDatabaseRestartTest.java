package health.umr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.ChildJvm;
import health.umr.support.EmbeddedDatabaseLauncher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `make run` after `kill -9`: the embedded PostgreSQL is not a child of the JVM and outlives it. The
 * next start on the same data directory must succeed at the first try, with the data intact; a
 * second UMR on a directory in use must say so in one line. UMR's own start-up code runs in a JVM
 * of its own here ({@link EmbeddedDatabaseLauncher}), so the test can SIGKILL it.
 */
class EmbeddedDatabaseRestartTest {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    @AfterEach
    void stopWhatIsLeft() {
        EmbeddedDatabase.stopOrphan(dataDir.resolve("postgres"));
    }

    @Test
    void afterTheJvmIsKilled_theNextStartSucceedsAtTheFirstTry_onTheSameData() throws Exception {
        Path pgData = dataDir.resolve("postgres");
        try (ChildJvm first = ChildJvm.start(EmbeddedDatabaseLauncher.class, dataDir.toString())) {
            String url = first.awaitLine("READY", START);
            execute(url, "CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)");
            first.kill();
        }
        assertTrue(EmbeddedDatabase.postmaster(pgData).isPresent(), "the server outlived the killed JVM");

        try (ChildJvm second = ChildJvm.start(EmbeddedDatabaseLauncher.class, dataDir.toString())) {
            String url = second.awaitLine("READY", START);
            assertEquals(42, queryInt(url, "SELECT x FROM kept"), "the data written before the kill");

            try (ChildJvm third = ChildJvm.start(EmbeddedDatabaseLauncher.class, dataDir.toString())) {
                assertEquals(2, third.waitFor(START), "a second UMR on a directory in use exits");
                List<String> said = third.stderr();
                assertEquals(1, said.size(), "one line, no stack trace: " + said);
                assertTrue(
                        said.get(0).startsWith("UMR not started: the data directory " + dataDir.toRealPath()),
                        said.get(0));
                assertTrue(said.get(0).contains("in use by another running UMR"), said.get(0));
            }
            assertEquals(42, queryInt(url, "SELECT x FROM kept"), "the running one was left alone");

            second.stop();
        }
        assertFalse(EmbeddedDatabase.postmaster(pgData).isPresent(), "a clean stop stops the server too");
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int queryInt(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
