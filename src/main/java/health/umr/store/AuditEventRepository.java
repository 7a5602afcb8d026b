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

    /** Appends the rows in one transaction of its own: all are kept, or none and it throws. */
    public void append(List<Row> rows) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_event (event_id, recorded, nhs_number, client_id, user_id, action, outcome, resource)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row row : rows) {
                    insert.setObject(1, row.id());
                    insert.setTimestamp(2, Timestamp.from(row.recorded()));
                    insert.setString(3, row.nhsNumber());
                    insert.setString(4, row.client());
                    insert.setString(5, row.user());
                    insert.setString(6, String.valueOf(row.action()));
                    insert.setString(7, row.outcome());
                    insert.setString(8, row.json());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("could not append " + rows.size() + " audit events", e);
        }
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
