package health.umr.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The audit trail: AuditEvents appended in batches, searched newest first. The table refuses
 * UPDATE, DELETE and TRUNCATE (V5__security_and_audit.sql), so nothing here or elsewhere can
 * change what was recorded.
 */
@ApplicationScoped
public class AuditEventRepository {

    /** One event as stored: the searchable columns and the whole record as JSON (the {@code resource} column). */
    public record Row(
            UUID id,
            Instant recorded,
            String nhsNumber,
            String client,
            String user,
            char action,
            String outcome,
            String json) {}

    /** An event read back. */
    public record Stored(UUID id, String json) {}

    /** What GET /fhir/AuditEvent searches by; nulls match everything. */
    public record Query(String nhsNumber, Instant from, Instant to, String agent) {}

    private final DataSource dataSource;

    public AuditEventRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Appends the rows in one transaction of its own: all are kept, or none and it throws. One
     * statement whatever the number of rows (the columns sent as arrays and unnested, in the rows'
     * order, so {@code id} follows it), committed on its own: one round trip to PostgreSQL.
     */
    public void append(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] ids = new String[n];
        String[] recorded = new String[n];
        String[] nhsNumbers = new String[n];
        String[] clients = new String[n];
        String[] users = new String[n];
        String[] actions = new String[n];
        String[] outcomes = new String[n];
        String[] json = new String[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            ids[i] = row.id().toString();
            recorded[i] = toMicros(row.recorded()).toString(); // ISO 8601 in UTC, read by timestamptz as such
            nhsNumbers[i] = row.nhsNumber();
            clients[i] = row.client();
            users[i] = row.user();
            actions[i] = String.valueOf(row.action());
            outcomes[i] = row.outcome();
            json[i] = row.json();
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true); // one statement: its own transaction, no BEGIN/COMMIT round trips
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_event (event_id, recorded, nhs_number, client_id, user_id, action, outcome, resource)"
                            + " SELECT e::uuid, r::timestamptz, p, c, u, a, o, j FROM unnest("
                            + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                            + " WITH ORDINALITY AS t(e, r, p, c, u, a, o, j, k) ORDER BY k")) {
                String[][] columns = {ids, recorded, nhsNumbers, clients, users, actions, outcomes, json};
                for (int c = 0; c < columns.length; c++) {
                    insert.setArray(c + 1, connection.createArrayOf("text", columns[c]));
                }
                insert.executeUpdate();
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("could not append " + rows.size() + " audit events", e);
        }
    }

    /**
     * The instant as PostgreSQL keeps it, to the microsecond, rounded half up: what the JDBC driver
     * sent for a {@code Timestamp} before the rows were sent as text (PostgreSQL's own reading of a
     * longer fraction rounds half to even).
     */
    static Instant toMicros(Instant instant) {
        return instant.plusNanos(500).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** How many events match. */
    public long count(Query query) {
        List<Object> values = new ArrayList<>();
        String where = where(query, values);
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            "SELECT count(*) FROM audit_event" + where,
                            row -> row.getLong(1),
                            values.toArray())
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not count audit events", e);
        }
    }

    /** The matching events (id and JSON), newest first, from {@code offset}, at most {@code limit}. */
    public List<Stored> search(Query query, int offset, int limit) {
        List<Object> values = new ArrayList<>();
        String where = where(query, values);
        values.add(limit);
        values.add(offset);
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    "SELECT event_id, resource FROM audit_event" + where
                            + " ORDER BY recorded DESC, id DESC LIMIT ? OFFSET ?",
                    row -> new Stored(row.getObject(1, UUID.class), row.getString(2)),
                    values.toArray());
        } catch (SQLException e) {
            throw new StoreException("could not read audit events", e);
        }
    }

    private static String where(Query query, List<Object> values) {
        List<String> conditions = new ArrayList<>();
        if (query.nhsNumber() != null) {
            conditions.add("nhs_number = ?");
            values.add(query.nhsNumber());
        }
        if (query.from() != null) {
            conditions.add("recorded >= ?");
            values.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            conditions.add("recorded < ?");
            values.add(Timestamp.from(query.to()));
        }
        if (query.agent() != null) {
            conditions.add("(client_id = ? OR user_id = ?)");
            values.add(query.agent());
            values.add(query.agent());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }
}
