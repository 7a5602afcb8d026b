package health.umr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent embedded PostgreSQL of `make run` takes no connection without its generated password. */
class EmbeddedDatabaseTest {

    @Test
    void aGeneratedPasswordGuardsEveryConnection_acrossRestarts(@TempDir Path dataDir) throws Exception {
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.startPersistent(dataDir)) {
            password = database.password();
            assertTrue(password.length() >= 32);
            Path file = dataDir.resolve("postgres-password");
            assertEquals(password, Files.readString(file).trim());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertThrows(SQLException.class, () -> connect(database.jdbcUrl(), ""));
            assertThrows(SQLException.class, () -> connect(database.jdbcUrl(), "not-the-password"));
            connect(database.jdbcUrl(), password).close();
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.startPersistent(dataDir)) {
            assertEquals(password, again.password(), "the same password after a restart");
            connect(again.jdbcUrl(), password).close();
            assertThrows(SQLException.class, () -> connect(again.jdbcUrl(), ""));
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        return DriverManager.getConnection(url, EmbeddedDatabase.USER, password);
    }
}
