package health.umr.support;

import health.umr.config.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real PostgreSQL for the @QuarkusTests: started once per test run on a throwaway directory. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        database = EmbeddedDatabase.startThrowaway();
        return Map.of(
                "quarkus.datasource.jdbc.url",
                database.jdbcUrl(),
                "quarkus.datasource.username",
                EmbeddedDatabase.USER,
                "quarkus.datasource.password",
                "");
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
