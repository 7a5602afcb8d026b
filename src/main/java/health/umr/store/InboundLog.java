package health.umr.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * Appends many messages (each, or finds its earlier copy) in two statements: one
     * insert of them all in the order given (so their sequence numbers follow that order), one
     * look-up of those already held. Identical messages in the batch share the first one's entry.
     *
     * @return where each stands, in the order given
     */
    public List<Appended> appendAll(List<Entry> messages, int derivation) {
        int n = messages.size();
        String[] hint = new String[n];
        String[] transport = new String[n];
        String[] interaction = new String[n];
        String[] target = new String[n];
        String[] contentType = new String[n];
        String[] receivedAt = new String[n];
        String[] sha = new String[n];
        byte[][] body = new byte[n][];
        for (int i = 0; i < n; i++) {
            Entry message = messages.get(i);
            hint[i] = message.sourceHint();
            transport[i] = message.transport();
            interaction[i] = message.interaction();
            target[i] = message.target();
            contentType[i] = message.contentType();
            receivedAt[i] = message.receivedAt().toString();
            sha[i] = message.sha256();
            body[i] = message.body();
        }
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Appended> found = new HashMap<>();
            Jdbc.query(
                    connection,
                    """
                    INSERT INTO inbound_message (source_hint, transport, interaction, target, content_type, received_at, sha256, body,
                        outcome, derived_by)
                    SELECT hint, transport, interaction, target, content_type, CAST(received_at AS timestamptz), sha, body,
                        '{}', ?
                    FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[])
                        WITH ORDINALITY AS m(hint, transport, interaction, target, content_type, received_at, sha, body, ord)
                    ORDER BY ord
                    ON CONFLICT ON CONSTRAINT inbound_message_once DO NOTHING
                    RETURNING id, sha256, interaction, source_hint, target""",
                    row -> found.put(
                            key(row.getString(2), row.getString(3), row.getString(4), row.getString(5)),
                            new Appended(row.getLong(1), true)),
                    derivation,
                    connection.createArrayOf("text", hint),
                    connection.createArrayOf("text", transport),
                    connection.createArrayOf("text", interaction),
                    connection.createArrayOf("text", target),
                    connection.createArrayOf("text", contentType),
                    connection.createArrayOf("text", receivedAt),
                    connection.createArrayOf("text", sha),
                    connection.createArrayOf("bytea", body));
            if (found.size() < n) {
                Jdbc.query(
                        connection,
                        """
                        SELECT i.id, i.sha256, i.interaction, i.source_hint, i.target
                        FROM unnest(?::bpchar[], ?::text[], ?::text[], ?::text[]) AS k(sha, interaction, hint, target)
                        JOIN inbound_message i ON i.sha256 = k.sha AND i.interaction = k.interaction
                            AND i.source_hint IS NOT DISTINCT FROM k.hint AND i.target IS NOT DISTINCT FROM k.target""",
                        row -> found.putIfAbsent(
                                key(row.getString(2), row.getString(3), row.getString(4), row.getString(5)),
                                new Appended(row.getLong(1), false)),
                        connection.createArrayOf("text", sha),
                        connection.createArrayOf("text", interaction),
                        connection.createArrayOf("text", hint),
                        connection.createArrayOf("text", target));
            }
            List<Appended> appended = new ArrayList<>(n);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String key = key(sha[i], interaction[i], hint[i], target[i]);
                Appended entry = found.get(key);
                // a second copy within the batch is a resend of the first
                appended.add(seen.add(key) ? entry : new Appended(entry.sequence(), false));
            }
            return appended;
        } catch (SQLException e) {
            throw new StoreException("could not append to the inbound log", e);
        }
    }

    private static String key(String sha, String interaction, String hint, String target) {
        return sha + "|" + interaction + "|" + (hint == null ? "\0" : hint) + "|" + (target == null ? "\0" : target);
    }

    /** Notes what each message produced, in one statement. */
    public void recordOutcomes(Map<Long, String> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(
                    connection,
                    """
                    UPDATE inbound_message m SET outcome = u.outcome
                    FROM unnest(?::int8[], ?::text[]) AS u(id, outcome) WHERE m.id = u.id""",
                    connection.createArrayOf("int8", outcomes.keySet().toArray(Long[]::new)),
                    connection.createArrayOf("text", outcomes.values().toArray(String[]::new)));
        } catch (SQLException e) {
            throw new StoreException("could not record message outcomes", e);
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
        return readChunk("id > ?", limit, maxBytes, sequence);
    }

    /**
     * As {@link #readAfter}, but only the messages whose records an older derivation than
     * {@code derivation} stored: what a rebuild must read again.
     */
    public List<Logged> readUnderivedAfter(long sequence, int derivation, int limit, long maxBytes) {
        return readChunk("id > ? AND derived_by < ?", limit, maxBytes, sequence, derivation);
    }

    /** One size-bounded chunk of the messages {@code filter} picks, oldest first. */
    private List<Logged> readChunk(String filter, int limit, long maxBytes, Object... filterArguments) {
        Object[] arguments = Arrays.copyOf(filterArguments, filterArguments.length + 2);
        arguments[filterArguments.length] = limit;
        arguments[filterArguments.length + 1] = maxBytes;
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    """
                    SELECT id, source_hint, transport, interaction, target, content_type, received_at, sha256, body
                    FROM (SELECT *, sum(octet_length(body)) OVER (ORDER BY id) - octet_length(body) AS bytes_before
                          FROM (SELECT * FROM inbound_message WHERE %s ORDER BY id LIMIT ?) next) sized
                    WHERE bytes_before < ? ORDER BY id""".formatted(filter),
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
                    arguments);
        } catch (SQLException e) {
            throw new StoreException("could not read the inbound log", e);
        }
    }

    /** Notes that these messages' records are now as {@code derivation} derives them. */
    public void markDerived(List<Long> sequences, int derivation) {
        if (sequences.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(
                    connection,
                    "UPDATE inbound_message SET derived_by = ? WHERE id = ANY (?::int8[]) AND derived_by < ?",
                    derivation,
                    connection.createArrayOf("int8", sequences.toArray(Long[]::new)),
                    derivation);
        } catch (SQLException e) {
            throw new StoreException("could not mark messages derived", e);
        }
    }

    /** How many logged messages an older derivation than {@code derivation} stored. */
    public long countUnderived(int derivation) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            "SELECT count(*) FROM inbound_message WHERE derived_by < ?",
                            row -> row.getLong(1),
                            derivation)
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not count the inbound log", e);
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
