package health.umr.support;

import health.umr.config.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real PostgreSQL for the @QuarkusTests: started once per test run on a throwaway directory. The
 * application is told it is an embedded server (umr.embedded-postgres-data), as with `make run`, so
 * its database monitor keeps it running; tests reach it through {@link #database()}.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedDatabase database;

    public static EmbeddedDatabase database() {
        return database;
    }

    @Override
    public Map<String, String> start() {
        database = EmbeddedDatabase.startThrowaway();
        return Map.of(
                "quarkus.datasource.jdbc.url",
                database.jdbcUrl(),
                "quarkus.datasource.username",
                EmbeddedDatabase.USER,
                "quarkus.datasource.password",
                "",
                "umr.embedded-postgres-data",
                database.dataDirectory().toString());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
