package health.umr.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** The dm+d releases loaded so far, as the zips they came in. */
@ApplicationScoped
public class DmdReleaseRepository {

    /** A release as stored. */
    public record StoredRelease(long id, String name, String releaseId, byte[] content) {}

    private static final long LOAD_LOCK = 0x756d722d646d64L;

    private final DataSource dataSource;

    public DmdReleaseRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every stored release, in the order they were loaded. */
    public List<StoredRelease> listInLoadOrder() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    "SELECT id, name, release_id, content FROM dmd_release ORDER BY id",
                    row -> new StoredRelease(row.getLong(1), row.getString(2), row.getString(3), row.getBytes(4)));
        } catch (SQLException e) {
            throw new StoreException("could not read the dm+d releases", e);
        }
    }

    /**
     * Serialises loading across instances for the caller's transaction: two instances starting on an
     * empty database load the bundled extract once, and two uploads never merge over a stale view.
     */
    public void lockForLoading() {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.query(connection, "SELECT pg_advisory_xact_lock(?)", row -> 1, LOAD_LOCK);
        } catch (SQLException e) {
            throw new StoreException("could not take the dm+d load lock", e);
        }
    }

    /** The id of the newest stored release (0 with none): an instance compares it with what it has loaded. */
    public long newestId() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, "SELECT coalesce(max(id), 0) FROM dmd_release", row -> row.getLong(1))
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not read the dm+d releases", e);
        }
    }

    /** Stores a release unless the same bytes were loaded before; answers whether it was new. */
    public boolean save(String name, String releaseId, String sha256, byte[] content, String summaryJson) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.update(connection, """
                    INSERT INTO dmd_release (name, release_id, sha256, content, summary) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (sha256) DO NOTHING""", name, releaseId, sha256, content, summaryJson) == 1;
        } catch (SQLException e) {
            throw new StoreException("could not store a dm+d release", e);
        }
    }
}
