package health.umr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.ChildJvm;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * QUARKUS_DATASOURCE_JDBC_URL, the standard Quarkus setting, names an external PostgreSQL as
 * UMR_DATABASE_URL does: Main then starts no embedded one (Quarkus reads the URL itself).
 */
class DatabaseChoiceTest {

    private static final String URL = "jdbc:postgresql://db.example:5432/umr";
    private static final Map<String, String> NEITHER =
            Map.of("QUARKUS_DATASOURCE_JDBC_URL", "", "UMR_DATABASE_URL", "");

    @Test
    void quarkusDatasourceJdbcUrl_orUmrDatabaseUrl_selectAnExternalDatabase_elseEmbedded() {
        assertEquals("embedded", choice(NEITHER));
        assertEquals("external", choice(Map.of("QUARKUS_DATASOURCE_JDBC_URL", URL, "UMR_DATABASE_URL", "")));
        assertEquals("external", choice(Map.of("QUARKUS_DATASOURCE_JDBC_URL", "", "UMR_DATABASE_URL", URL)));
    }

    private static String choice(Map<String, String> environment) {
        try (ChildJvm main = ChildJvm.start(environment, DatabaseChoiceLauncher.class)) {
            return main.awaitLine("CHOICE", Duration.ofSeconds(60));
        }
    }
}
