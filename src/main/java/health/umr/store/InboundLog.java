package health.umr.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
     * Where each message will stand in the log, before anything is written, in one statement: an
     * earlier copy's sequence number, else a new one, drawn in the order given (one drawn for every
     * message, as an insert of them all would draw them, copies and resends included, so the numbers
     * are the ones the insert-then-update this replaced gave).
     * Identical messages in the batch share the first one's. {@link #appendReserved} then writes the
     * new ones with their outcomes, so a log entry is written once, not inserted and then updated.
     *
     * @return where each will stand, in the order given
     */
    public List<Appended> reserve(List<Entry> messages) {
        int n = messages.size();
        String[] hint = new String[n];
        String[] interaction = new String[n];
        String[] target = new String[n];
        String[] sha = new String[n];
        for (int i = 0; i < n; i++) {
            Entry message = messages.get(i);
            hint[i] = message.sourceHint();
            interaction[i] = message.interaction();
            target[i] = message.target();
            sha[i] = message.sha256();
        }
        long[] drawn = new long[n];
        long[] held = new long[n];
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.query(
                    connection,
                    """
                    SELECT k.ord, k.drawn, i.id
                    FROM (SELECT o.*, nextval('inbound_message_id_seq') AS drawn
                          FROM (SELECT * FROM unnest(?::bpchar[], ?::text[], ?::text[], ?::text[])
                                    WITH ORDINALITY AS u(sha, interaction, hint, target, ord)
                                ORDER BY ord OFFSET 0) o) k
                    LEFT JOIN inbound_message i ON i.sha256 = k.sha AND i.interaction = k.interaction
                        AND i.source_hint IS NOT DISTINCT FROM k.hint AND i.target IS NOT DISTINCT FROM k.target""",
                    row -> {
                        int at = (int) row.getLong(1) - 1;
                        drawn[at] = row.getLong(2);
                        held[at] = row.getLong(3); // 0 when none
                        return null;
                    },
                    connection.createArrayOf("text", sha),
                    connection.createArrayOf("text", interaction),
                    connection.createArrayOf("text", hint),
                    connection.createArrayOf("text", target));
        } catch (SQLException e) {
            throw new StoreException("could not look up the inbound log", e);
        }
        List<Appended> appended = new ArrayList<>(n);
        Map<String, Long> first = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String key = key(sha[i], interaction[i], hint[i], target[i]);
            Long earlier = first.get(key);
            if (held[i] != 0) {
                appended.add(new Appended(held[i], false));
            } else if (earlier != null) {
                // a second copy within the batch is a resend of the first
                appended.add(new Appended(earlier, false));
            } else {
                first.put(key, drawn[i]);
                appended.add(new Appended(drawn[i], true));
            }
        }
        return appended;
    }

    /**
     * Writes the messages {@link #reserve} gave a new sequence number, each with its outcome, in one
     * statement. Should another writer have logged one of them meanwhile (identical bytes, arrived at
     * the same moment elsewhere), fails as a serialization failure: the caller's transaction is run
     * again, and then finds that entry.
     *
     * @param outcomes what each new entry produced (JSON), by sequence number
     */
    public void appendReserved(
            List<Entry> messages, List<Appended> reserved, Map<Long, String> outcomes, int derivation) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (reserved.get(i).firstTime()) {
                rows.add(i);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Long[] id = new Long[n];
        String[] hint = new String[n];
        String[] transport = new String[n];
        String[] interaction = new String[n];
        String[] target = new String[n];
        String[] contentType = new String[n];
        String[] receivedAt = new String[n];
        String[] sha = new String[n];
        byte[][] body = new byte[n][];
        String[] outcome = new String[n];
        for (int r = 0; r < n; r++) {
            Entry message = messages.get(rows.get(r));
            id[r] = reserved.get(rows.get(r)).sequence();
            hint[r] = message.sourceHint();
            transport[r] = message.transport();
            interaction[r] = message.interaction();
            target[r] = message.target();
            contentType[r] = message.contentType();
            receivedAt[r] = message.receivedAt().toString();
            sha[r] = message.sha256();
            body[r] = message.body();
            outcome[r] = outcomes.getOrDefault(id[r], "{}");
        }
        try (Connection connection = dataSource.getConnection()) {
            int written = Jdbc.update(
                    connection,
                    """
                    INSERT INTO inbound_message (id, source_hint, transport, interaction, target, content_type, received_at,
                        sha256, body, outcome, derived_by)
                    SELECT id, hint, transport, interaction, target, content_type, CAST(received_at AS timestamptz), sha, body,
                        outcome, ?
                    FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::bytea[], ?::text[])
                        AS m(id, hint, transport, interaction, target, content_type, received_at, sha, body, outcome)
                    ORDER BY id
                    ON CONFLICT ON CONSTRAINT inbound_message_once DO NOTHING""",
                    derivation,
                    connection.createArrayOf("int8", id),
                    connection.createArrayOf("text", hint),
                    connection.createArrayOf("text", transport),
                    connection.createArrayOf("text", interaction),
                    connection.createArrayOf("text", target),
                    connection.createArrayOf("text", contentType),
                    connection.createArrayOf("text", receivedAt),
                    connection.createArrayOf("text", sha),
                    connection.createArrayOf("bytea", body),
                    connection.createArrayOf("text", outcome));
            if (written != n) {
                throw new StoreException(
                        "another writer logged " + (n - written) + " of these messages meanwhile",
                        new SQLException("inbound log entry written concurrently", "40001"));
            }
        } catch (SQLException e) {
            throw new StoreException("could not append to the inbound log", e);
        }
    }

    private static String key(String sha, String interaction, String hint, String target) {
        return sha + "|" + interaction + "|" + (hint == null ? "\0" : hint) + "|" + (target == null ? "\0" : target);
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
