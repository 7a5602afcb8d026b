package health.umr.support;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** Row counts of every table UMR writes, so a test can prove a refusal changed nothing. */
@ApplicationScoped
public class DatabaseState {

    private static final String[] TABLES = {"source", "inbound_message", "patient", "source_record"};

    private final DataSource dataSource;

    public DatabaseState(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /**
     * What every write changes: row counts, the newest inbound message, the record and patient
     * versions, unified record versions. Equal before and after a request means it wrote nothing.
     */
    public String fingerprint() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM source),
                               (SELECT count(*) || '/' || coalesce(max(id), 0) FROM inbound_message),
                               (SELECT count(*) || '/' || coalesce(max(received_seq), 0) || '/'
                                       || coalesce(max(updated_at)::text, '') FROM patient),
                               (SELECT count(*) || '/' || coalesce(sum(version), 0) || '/' || coalesce(max(received_seq), 0)
                                       FROM source_record),
                               (SELECT count(*) FROM unified_record)""")) {
            row.next();
            return "source " + row.getString(1) + ", inbound " + row.getString(2) + ", patient " + row.getString(3)
                    + ", source_record " + row.getString(4) + ", unified_record " + row.getString(5);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement directly (to simulate damage a rebuild must repair, say). */
    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... values) {
        try {
            return countOnce(sql, values);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException failure
                    && failure.getSQLState() != null
                    && (failure.getSQLState().startsWith("08")
                            || failure.getSQLState().startsWith("57P"))) {
                // a pooled connection a test's outage killed (terminated backends, a restarted server): once more
                return countOnce(sql, values);
            }
            throw e;
        }
    }

    private long countOnce(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
                var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
