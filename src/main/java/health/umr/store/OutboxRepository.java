package health.umr.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/** The record-changed outbox: events written with their record version, waiting to be published. */
@ApplicationScoped
public class OutboxRepository {

    /** Any instance may drain, but only one at a time, so each patient's events leave in order. */
    private static final long DRAIN_LOCK = 0x756d722d6f7574L;

    /** An event waiting to be published. */
    public record Event(long id, String nhsNumber, int version, String payload) {}

    private final DataSource dataSource;

    public OutboxRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes the drain lock for the caller's transaction; false if another instance holds it. */
    public boolean tryLockDrain() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, "SELECT pg_try_advisory_xact_lock(?)", row -> row.getBoolean(1), DRAIN_LOCK)
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not take the outbox lock", e);
        }
    }

    /** The oldest unpublished events, in the order they were written. */
    public List<Event> unpublished(int limit) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    """
                    SELECT id, nhs_number, version, payload FROM record_changed_outbox
                    WHERE published_at IS NULL ORDER BY id LIMIT ?""",
                    row -> new Event(row.getLong(1), row.getString(2), row.getInt(3), row.getString(4)),
                    limit);
        } catch (SQLException e) {
            throw new StoreException("could not read the outbox", e);
        }
    }

    /** Whether the last drain may have sent events it did not mark (see V22): read under the drain lock. */
    public boolean drainInDoubt() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            "SELECT in_doubt FROM record_changed_drain WHERE id = 1",
                            row -> row.getBoolean(1))
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not read the outbox drain state", e);
        }
    }

    /** Records, in the caller's transaction, whether a drain is under way that may leave sent events unmarked. */
    public void setDrainInDoubt(boolean inDoubt) {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(connection, "UPDATE record_changed_drain SET in_doubt = ? WHERE id = 1", inDoubt);
        } catch (SQLException e) {
            throw new StoreException("could not record the outbox drain state", e);
        }
    }

    public void markPublished(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(
                    connection,
                    "UPDATE record_changed_outbox SET published_at = now() WHERE id = ANY (?)",
                    connection.createArrayOf("bigint", ids.toArray()));
        } catch (SQLException e) {
            throw new StoreException("could not mark events published", e);
        }
    }

    public long countUnpublished() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            "SELECT count(*) FROM record_changed_outbox WHERE published_at IS NULL",
                            row -> row.getLong(1))
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not count the outbox", e);
        }
    }
}
