package health.umr.ops;

import health.umr.config.EmbeddedDatabase;
import health.umr.config.UmrConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Watches the database once a second, off the request path, so readiness answers from what was
 * last seen: it goes DOWN within about a second of PostgreSQL going away and UP again when it
 * answers. Logs one line when it goes and one when it is back. Idle connections are dropped at both
 * edges, so no request meets a connection the old server left behind.
 *
 * <p>With the embedded server it also keeps that server running: when its postmaster is gone it is
 * started again on the same data and port; while that fails, liveness fails (an orchestrator
 * restarts UMR, and the restart starts the server).
 */
@ApplicationScoped
public class DatabaseMonitor {

    private static final Logger LOG = Logger.getLogger(DatabaseMonitor.class);
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Duration RESTART_BACKOFF = Duration.ofSeconds(5);

    private final AgroalDataSource dataSource;
    private final Optional<Path> embedded;
    private final Outage database = new Outage("database", LOG);
    private final Outage embeddedServer = new Outage("embedded PostgreSQL server", LOG);
    private volatile boolean stopping;
    private Instant lastRestart = Instant.EPOCH;
    private ScheduledExecutorService timer;

    public DatabaseMonitor(AgroalDataSource dataSource, UmrConfig config) {
        this.dataSource = dataSource;
        this.embedded = config.embeddedPostgresData().map(Path::of);
    }

    void start(@Observes StartupEvent started) {
        // JVM shutdown hooks run together: the one stopping the embedded server must not look like a crash
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true, "umr-database-monitor-stop"));
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "umr-database-monitor");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Readiness: empty while the database answers, else why not. */
    public Optional<String> databaseProblem() {
        return database.isDown() ? database.reason() : Optional.empty();
    }

    public Optional<Instant> databaseDownSince() {
        return database.since();
    }

    /** Liveness: empty unless the embedded server is gone and cannot be started again. */
    public Optional<String> embeddedServerFailure() {
        return embeddedServer.isDown() ? embeddedServer.reason() : Optional.empty();
    }

    public Optional<Path> embeddedServer() {
        return embedded;
    }

    void check() {
        try {
            if (stopping) {
                return;
            }
            embedded.ifPresent(this::keepRunning);
            Optional<String> failure = probe();
            if (failure.isEmpty()) {
                if (database.up()) {
                    dataSource.flush(AgroalDataSource.FlushMode.INVALID);
                }
            } else if (database.down(failure.get())) {
                dataSource.flush(AgroalDataSource.FlushMode.ALL);
            }
        } catch (RuntimeException unexpected) {
            LOG.debugf(unexpected, "database check failed");
        }
    }

    /** A connection that answers; a second try on a fresh one if the first was a dead server's. */
    private Optional<String> probe() {
        String failure = "no connection";
        for (int attempt = 0; attempt < 2; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                if (connection.isValid(2)) {
                    return Optional.empty();
                }
                failure = "a connection did not answer";
            } catch (SQLException e) {
                failure = e.getMessage();
            }
            dataSource.flush(AgroalDataSource.FlushMode.INVALID);
        }
        return Optional.of(failure);
    }

    private void keepRunning(Path pgData) {
        if (EmbeddedDatabase.postmaster(pgData).isPresent()) {
            embeddedServer.up();
            return;
        }
        if (stopping || Duration.between(lastRestart, Instant.now()).compareTo(RESTART_BACKOFF) < 0) {
            return;
        }
        lastRestart = Instant.now();
        try {
            EmbeddedDatabase.restartServer(pgData);
            LOG.infof("the embedded PostgreSQL server on %s had stopped; started it again", pgData);
            embeddedServer.up();
        } catch (IllegalStateException e) {
            embeddedServer.down("it stopped and cannot be started again: " + e.getMessage());
        }
    }
}
