package health.umr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL runs with shared buffers sized for the machine (PostgreSQL's default of 128 MB
 * held the unified records of only ~35,000 patients), or with what was set.
 */
class EmbeddedDatabaseMemoryTest {

    private static final long MB = 1024L * 1024;

    @Test
    void aQuarterOfTheMemory_boundedTo128MbAnd8Gb_andHalfForThePlannersCache() {
        assertEquals(
                new EmbeddedDatabase.Memory("6144MB", "12288MB"), EmbeddedDatabase.Memory.forMachine(24L * 1024 * MB));
        assertEquals(new EmbeddedDatabase.Memory("512MB", "1024MB"), EmbeddedDatabase.Memory.forMachine(2048 * MB));
        assertEquals(
                new EmbeddedDatabase.Memory("128MB", "128MB"),
                EmbeddedDatabase.Memory.forMachine(256 * MB),
                "never below PostgreSQL's own default");
        assertEquals(
                new EmbeddedDatabase.Memory("8192MB", "32768MB"),
                EmbeddedDatabase.Memory.forMachine(64L * 1024 * MB),
                "more than 8 GB of shared buffers is not taken");
        assertEquals(new EmbeddedDatabase.Memory("128MB", "128MB"), EmbeddedDatabase.Memory.forMachine(0));
    }

    @Test
    void aSizePostgresqlWouldRefuse_isRefusedBeforeTheServerStarts() {
        for (String bad : new String[] {"", "2", "2 GB", "2gb", "-1MB", "lots", "0MB"}) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new EmbeddedDatabase.Memory(bad, "1GB"),
                    "'" + bad + "' refused");
        }
        new EmbeddedDatabase.Memory("512kB", "3TB"); // PostgreSQL's own units
    }

    @Test
    void theServerRunsWithTheMachinesSize() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.startThrowaway()) {
            EmbeddedDatabase.Memory expected =
                    EmbeddedDatabase.Memory.forMachine(((com.sun.management.OperatingSystemMXBean)
                                    java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                            .getTotalMemorySize());
            assertEquals(expected, database.memory());
            assertEquals(bytes(expected.sharedBuffers()), setting(database, "shared_buffers"));
            assertEquals(bytes(expected.effectiveCacheSize()), setting(database, "effective_cache_size"));
            // mapped lazily: a server that has read little holds little of its shared buffers in memory
            long shared = residentSharedMb(database);
            assertTrue(shared < 256, "the new server holds " + shared + " MB of shared memory");
        }
    }

    @Test
    void aSizeSet_isTheOneTheServerRunsWith() throws Exception {
        System.setProperty("umr.embedded-postgres.shared-buffers", "256MB");
        System.setProperty("umr.embedded-postgres.effective-cache-size", "3GB");
        try (EmbeddedDatabase database = EmbeddedDatabase.startThrowaway()) {
            assertEquals(256 * MB, setting(database, "shared_buffers"));
            assertEquals(3 * 1024 * MB, setting(database, "effective_cache_size"));
            assertEquals("256MB", show(database, "shared_buffers"));
        } finally {
            System.clearProperty("umr.embedded-postgres.shared-buffers");
            System.clearProperty("umr.embedded-postgres.effective-cache-size");
        }
    }

    /** The setting in bytes, as the running server reports it. */
    private static long setting(EmbeddedDatabase database, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT pg_size_bytes(current_setting('" + name + "'))")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String show(EmbeddedDatabase database, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, "");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    private static long bytes(String size) {
        long number = Long.parseLong(size.replaceAll("[^0-9]", ""));
        return switch (size.replaceAll("[0-9]", "")) {
            case "kB" -> number * 1024;
            case "MB" -> number * MB;
            case "GB" -> number * 1024 * MB;
            default -> number * 1024 * 1024 * MB;
        };
    }

    /** The postmaster's resident shared memory (RssShmem), in MB. */
    private static long residentSharedMb(EmbeddedDatabase database) throws Exception {
        long pid = EmbeddedDatabase.postmaster(database.dataDirectory())
                .orElseThrow()
                .pid();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("RssShmem:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new AssertionError("no RssShmem in /proc/" + pid + "/status");
    }
}
