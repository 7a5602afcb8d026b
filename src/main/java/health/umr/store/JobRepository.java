package health.umr.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Jobs as rows (V20__jobs.sql). A job is held by the instance running it through a session advisory
 * lock on its id, taken in the transaction that creates the row, so no other instance ever sees the
 * row without its lock; a crash ends the session and frees the lock, which is how any instance tells
 * an abandoned job from a running one.
 */
@ApplicationScoped
public class JobRepository {

    /** First key of a job's liveness lock (the second is its id): "umrj". */
    private static final int LIVENESS = 0x756d726a;
    /** One admin job at a time across all instances (a rebuild and a dm+d load never overlap). */
    private static final long ONE_AT_A_TIME = 0x756d722d6a6f62L;

    public enum State {
        QUEUED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        INTERRUPTED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == INTERRUPTED;
        }

        static State of(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A job as stored; progress and result are JSON text. */
    public record Job(
            long id,
            String kind,
            State state,
            String input,
            String instance,
            String progress,
            String result,
            String error,
            Instant requestedAt,
            Instant startedAt,
            Instant finishedAt) {}

    private static final String COLUMNS =
            "id, kind, state, input, instance, progress::text, result::text, error, requested_at, started_at, finished_at";

    private final DataSource dataSource;
    private final String url;
    private final String user;
    private final String password;

    public JobRepository(
            DataSource dataSource,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.dataSource = dataSource;
        this.url = url;
        this.user = user.orElse("");
        this.password = password.orElse("");
    }

    /**
     * A new queued job, held by the returned handle until it is closed. The handle has a connection of
     * its own, outside the pool and any transaction: the session that holds the job's locks lives exactly
     * as long as the job (a pooled connection could be enlisted in the job's transactions and handed on
     * with the locks still held).
     */
    public Held create(String kind, String input, String instance, String ifInterrupted) {
        Connection connection = null;
        try {
            Properties credentials = new Properties();
            credentials.setProperty("user", user);
            credentials.setProperty("password", password);
            credentials.setProperty("ApplicationName", "umr-job");
            connection = new org.postgresql.Driver().connect(url, credentials);
            connection.setAutoCommit(false);
            long id = Jdbc.query(
                            connection, """
                            INSERT INTO job (kind, state, input, instance, if_interrupted)
                            VALUES (?, 'queued', ?, ?, ?) RETURNING id""", row -> row.getLong(1), kind, Jdbc.text(input), instance, ifInterrupted)
                    .get(0);
            Jdbc.query(connection, "SELECT pg_advisory_lock(?, ?)", row -> 1, LIVENESS, (int) id);
            connection.commit();
            connection.setAutoCommit(true);
            return new Held(id, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreException("could not create a job", e);
        }
    }

    public Optional<Job> find(long id) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, "SELECT " + COLUMNS + " FROM job WHERE id = ?", JobRepository::job, id)
                    .stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a job", e);
        }
    }

    public List<Job> recent(int limit) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection, "SELECT " + COLUMNS + " FROM job ORDER BY id DESC LIMIT ?", JobRepository::job, limit);
        } catch (SQLException e) {
            throw new StoreException("could not read the jobs", e);
        }
    }

    /**
     * Marks interrupted every queued or running job that no session holds (its instance stopped), with
     * the note of what that leaves; answers how many.
     */
    public int interruptAbandoned() {
        try (Connection connection = dataSource.getConnection()) {
            List<Long> unfinished = Jdbc.query(
                    connection,
                    "SELECT id FROM job WHERE state IN ('queued', 'running') ORDER BY id",
                    row -> row.getLong(1));
            int interrupted = 0;
            for (long id : unfinished) {
                connection.setAutoCommit(false);
                try {
                    boolean free = Jdbc.query(
                                    connection,
                                    "SELECT pg_try_advisory_xact_lock(?, ?)",
                                    row -> row.getBoolean(1),
                                    LIVENESS,
                                    (int) id)
                            .get(0);
                    if (free) {
                        interrupted += Jdbc.update(connection, """
                                UPDATE job SET state = 'interrupted', finished_at = now(),
                                    error = 'interrupted: the instance running it (' || instance || ') stopped before it'
                                        || ' finished. ' || if_interrupted
                                WHERE id = ? AND state IN ('queued', 'running')""", id);
                    }
                    connection.commit();
                } finally {
                    connection.setAutoCommit(true);
                }
            }
            return interrupted;
        } catch (SQLException e) {
            throw new StoreException("could not look for interrupted jobs", e);
        }
    }

    /** Marks a job this instance holds interrupted (the instance is stopping under it). */
    public void interrupt(long id, String why) {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(connection, """
                    UPDATE job SET state = 'interrupted', finished_at = now(),
                        error = 'interrupted: ' || ? || ' ' || if_interrupted
                    WHERE id = ? AND state IN ('queued', 'running')""", why, id);
        } catch (SQLException e) {
            throw new StoreException("could not mark job " + id + " interrupted", e);
        }
    }

    private static Job job(java.sql.ResultSet row) throws SQLException {
        return new Job(
                row.getLong(1),
                row.getString(2),
                State.of(row.getString(3)),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                Jdbc.instant(row, "requested_at"),
                Jdbc.instant(row, "started_at"),
                Jdbc.instant(row, "finished_at"));
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is going anyway
            }
        }
    }

    /** A job this instance holds: its row is written through the connection whose session holds its lock. */
    public static final class Held implements AutoCloseable {

        private final long id;
        private final Connection connection;

        private Held(long id, Connection connection) {
            this.id = id;
            this.connection = connection;
        }

        public long id() {
            return id;
        }

        /** Waits until no other admin job runs on any instance, then marks this one running. */
        public void start() {
            try {
                Jdbc.query(connection, "SELECT pg_advisory_lock(?)", row -> 1, ONE_AT_A_TIME);
                Jdbc.update(connection, "UPDATE job SET state = 'running', started_at = now() WHERE id = ?", id);
            } catch (SQLException e) {
                throw new StoreException("could not start job " + id, e);
            }
        }

        public void progress(String json) {
            try {
                Jdbc.update(connection, "UPDATE job SET progress = ?::jsonb WHERE id = ?", json, id);
            } catch (SQLException e) {
                throw new StoreException("could not record the progress of job " + id, e);
            }
        }

        public void finish(State state, String resultJson, String error) {
            try {
                Jdbc.update(connection, """
                        UPDATE job SET state = ?, result = ?::jsonb, error = ?, finished_at = now()
                        WHERE id = ? AND state IN ('queued', 'running')""", state.code(), Jdbc.text(resultJson), Jdbc.text(error), id);
            } catch (SQLException e) {
                throw new StoreException("could not record the end of job " + id, e);
            }
        }

        /** Lets go of the locks and the connection. */
        @Override
        public void close() {
            try {
                Jdbc.query(connection, "SELECT pg_advisory_unlock_all()", row -> 1);
            } catch (SQLException e) {
                // a broken connection holds no lock any more
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
