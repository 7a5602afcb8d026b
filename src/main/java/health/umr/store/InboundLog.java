package health.umr.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The inbound log: every accepted message, byte for byte. Identical bytes for the same
 * interaction and named source are one entry, so resends and replays do not grow it; the
 * entry's sequence number is then the first arrival's. Runs inside the caller's transaction.
 */
@ApplicationScoped
public class InboundLog {

    private final DataSource dataSource;

    public InboundLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A message as it arrived, before anything was derived from it. */
    public record Entry(
            String sourceHint,
            String transport,
            String interaction,
            String target,
            String contentType,
            Instant receivedAt,
            String sha256,
            byte[] body) {}

    /** Where a message stands in the log; {@code firstTime} is false for a resend of identical bytes. */
    public record Appended(long sequence, boolean firstTime) {}

    /** Appends the message, or finds its earlier copy. */
    public Appended append(Entry message) {
        try (Connection connection = dataSource.getConnection()) {
            List<Long> inserted = Jdbc.query(
                    connection,
                    """
                    INSERT INTO inbound_message (source_hint, transport, interaction, target, content_type, received_at, sha256, body, outcome)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}')
                    ON CONFLICT ON CONSTRAINT inbound_message_once DO NOTHING
                    RETURNING id""",
                    row -> row.getLong(1),
                    Jdbc.text(message.sourceHint()),
                    message.transport(),
                    message.interaction(),
                    Jdbc.text(message.target()),
                    message.contentType(),
                    Timestamp.from(message.receivedAt()),
                    message.sha256(),
                    message.body());
            if (!inserted.isEmpty()) {
                return new Appended(inserted.get(0), true);
            }
            long existing = Jdbc.query(
                            connection,
                            """
                    SELECT id FROM inbound_message
                    WHERE sha256 = ? AND interaction = ? AND source_hint IS NOT DISTINCT FROM ?
                      AND target IS NOT DISTINCT FROM ?""",
                            row -> row.getLong(1),
                            message.sha256(),
                            message.interaction(),
                            Jdbc.text(message.sourceHint()),
                            Jdbc.text(message.target()))
                    .get(0);
            return new Appended(existing, false);
        } catch (SQLException e) {
            throw new StoreException("could not append to the inbound log", e);
        }
    }

    /** Notes what the message produced (counts, refused entries), as JSON. */
    public void recordOutcome(long sequence, String outcomeJson) {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(connection, "UPDATE inbound_message SET outcome = ? WHERE id = ?", outcomeJson, sequence);
        } catch (SQLException e) {
            throw new StoreException("could not record a message outcome", e);
        }
    }

    /** A logged message, as kept. */
    public record Logged(long sequence, Entry entry) {}

    /**
     * The logged messages after {@code sequence}, oldest first: at most {@code limit} of them and, past
     * the first, no more than {@code maxBytes} of bodies, so a reader's chunk stays small in memory and
     * in time however large the messages are.
     */
    public List<Logged> readAfter(long sequence, int limit, long maxBytes) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    """
                    SELECT id, source_hint, transport, interaction, target, content_type, received_at, sha256, body
                    FROM (SELECT *, sum(octet_length(body)) OVER (ORDER BY id) - octet_length(body) AS bytes_before
                          FROM (SELECT * FROM inbound_message WHERE id > ? ORDER BY id LIMIT ?) next) sized
                    WHERE bytes_before < ? ORDER BY id""",
                    row -> new Logged(
                            row.getLong(1),
                            new Entry(
                                    row.getString(2),
                                    row.getString(3),
                                    row.getString(4),
                                    row.getString(5),
                                    row.getString(6),
                                    Jdbc.instant(row, "received_at"),
                                    row.getString(8),
                                    row.getBytes(9))),
                    sequence,
                    limit,
                    maxBytes);
        } catch (SQLException e) {
            throw new StoreException("could not read the inbound log", e);
        }
    }

    public long size() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, "SELECT count(*) FROM inbound_message", row -> row.getLong(1))
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not count the inbound log", e);
        }
    }
}
