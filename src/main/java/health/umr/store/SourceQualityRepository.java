package health.umr.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What the data-quality view reads and the two things only it writes: when each source's last
 * accepted message arrived ({@code source_activity}) and every refusal ({@code refusal}).
 */
@ApplicationScoped
public class SourceQualityRepository {

    /** One refusal to keep. */
    public record Refusal(
            Instant refusedAt, String sourceId, String transport, String scope, String code, String origin) {}

    /** A source's counts and times. */
    public record Quality(
            long records,
            long medicines,
            long unmapped,
            long noStructuredDose,
            long textOnly,
            Map<String, Long> refusedByCode,
            Instant lastRefusedAt,
            Instant lastMessageAt,
            Instant registeredAt) {}

    /** A source's feed: when it last sent, for staleness. */
    public record Feed(String sourceId, String staleAfter, Instant registeredAt, Instant lastMessageAt) {}

    private final DataSource dataSource;

    public SourceQualityRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Notes that an accepted message from this source arrived at this instant (the newest wins). */
    public void heard(String sourceId, Instant at) {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(connection, """
                    INSERT INTO source_activity (source_id, last_message_at) VALUES (?, ?)
                    ON CONFLICT (source_id) DO UPDATE
                    SET last_message_at = GREATEST(source_activity.last_message_at, EXCLUDED.last_message_at)
                    WHERE source_activity.last_message_at < EXCLUDED.last_message_at""", sourceId, Timestamp.from(at));
        } catch (SQLException e) {
            throw new StoreException("could not note a source's last message", e);
        }
    }

    /** Keeps refusals; one already kept for the same origin (a redelivered Kafka message) is not kept twice. */
    public void record(List<Refusal> refusals) {
        try (Connection connection = dataSource.getConnection()) {
            for (Refusal refusal : refusals) {
                Jdbc.update(
                        connection,
                        """
                        INSERT INTO refusal (refused_at, source_id, transport, scope, code, origin)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        Timestamp.from(refusal.refusedAt()),
                        Jdbc.text(refusal.sourceId()),
                        refusal.transport(),
                        refusal.scope(),
                        refusal.code(),
                        Jdbc.text(refusal.origin()));
            }
        } catch (SQLException e) {
            throw new StoreException("could not keep a refusal", e);
        }
    }

    /** The source's counts, its refusals since {@code refusedSince} by code, and its last message; empty if unknown. */
    public Optional<Quality> find(String sourceId, Instant refusedSince) {
        try (Connection connection = dataSource.getConnection()) {
            List<Instant> registered = Jdbc.query(
                    connection,
                    "SELECT created_at FROM source WHERE id = ?",
                    row -> Jdbc.instant(row, "created_at"),
                    sourceId);
            if (registered.isEmpty()) {
                return Optional.empty();
            }
            long[] counts = Jdbc.query(
                            connection,
                            """
                            SELECT COALESCE(sum(records), 0), COALESCE(sum(medicines), 0), COALESCE(sum(unmapped), 0),
                                   COALESCE(sum(no_structured_dose), 0), COALESCE(sum(text_only), 0)
                            FROM source_patient_stats WHERE source_id = ?""",
                            row -> new long[] {
                                row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5)
                            },
                            sourceId)
                    .get(0);
            Map<String, Long> byCode = new TreeMap<>();
            Jdbc.query(
                    connection,
                    "SELECT code, count(*) FROM refusal WHERE source_id = ? AND refused_at > ? GROUP BY code",
                    row -> byCode.put(row.getString(1), row.getLong(2)),
                    sourceId,
                    Timestamp.from(refusedSince));
            Instant lastRefused = Jdbc.query(
                            connection,
                            "SELECT max(refused_at) AS at FROM refusal WHERE source_id = ?",
                            row -> Jdbc.instant(row, "at"),
                            sourceId)
                    .get(0);
            Instant lastMessage = Jdbc.query(
                            connection,
                            "SELECT last_message_at FROM source_activity WHERE source_id = ?",
                            row -> Jdbc.instant(row, "last_message_at"),
                            sourceId)
                    .stream()
                    .findFirst()
                    .orElse(null);
            return Optional.of(new Quality(
                    counts[0],
                    counts[1],
                    counts[2],
                    counts[3],
                    counts[4],
                    byCode,
                    lastRefused,
                    lastMessage,
                    registered.get(0)));
        } catch (SQLException e) {
            throw new StoreException("could not read a source's data quality", e);
        }
    }

    /** Every registered source's feed. */
    public List<Feed> feeds() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    """
                    SELECT s.id, s.stale_after, s.created_at, a.last_message_at
                    FROM source s LEFT JOIN source_activity a ON a.source_id = s.id ORDER BY s.id""",
                    row -> new Feed(
                            row.getString(1),
                            row.getString(2),
                            Jdbc.instant(row, "created_at"),
                            Jdbc.instant(row, "last_message_at")));
        } catch (SQLException e) {
            throw new StoreException("could not read the sources' feeds", e);
        }
    }
}
