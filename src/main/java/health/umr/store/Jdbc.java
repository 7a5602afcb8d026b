package health.umr.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The few JDBC moves the stores share: bind positional values (typed nulls included) and map rows. */
final class Jdbc {

    /** A null that knows its SQL type, so PostgreSQL can plan the statement. */
    record Null(int sqlType) {}

    static final Null NULL_TEXT = new Null(Types.VARCHAR);
    static final Null NULL_BIGINT = new Null(Types.BIGINT);
    static final Null NULL_TIMESTAMP = new Null(Types.TIMESTAMP_WITH_TIMEZONE);

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Jdbc() {}

    static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            bind(statement, i + 1, values[i]);
        }
        return statement;
    }

    static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... values)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, values);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    static int update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, values)) {
            return statement.executeUpdate();
        }
    }

    /** One statement run for each row of values, sent together (one round trip, JDBC batching). */
    static void batch(Connection connection, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] values : rows) {
                for (int i = 0; i < values.length; i++) {
                    bind(statement, i + 1, values[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    static Object text(String value) {
        return value == null ? NULL_TEXT : value;
    }

    static Object bigint(Long value) {
        return value == null ? NULL_BIGINT : value;
    }

    static Object timestamp(Instant value) {
        return value == null ? NULL_TIMESTAMP : Timestamp.from(value);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Null typedNull) {
            statement.setNull(index, typedNull.sqlType());
        } else {
            statement.setObject(index, value);
        }
    }
}
