package health.umr.ops;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live when the embedded PostgreSQL server is gone and cannot be started again: restarting UMR
 * is what brings it back. An external database's outage is readiness only (restarting UMR would not
 * help it).
 *
 * <p>An {@link AsyncHealthCheck} answered at once on the calling (event-loop) thread: it only reads the
 * monitor's state, and a plain {@code HealthCheck} is run by Quarkus on a worker thread, a hand-off per
 * check per probe that cost more CPU than the rest of the request (bench/results/2026-12-02-read-floor.md).
 */
@Liveness
@ApplicationScoped
public class DatabaseLiveness implements AsyncHealthCheck {

    private final DatabaseMonitor monitor;

    public DatabaseLiveness(DatabaseMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::response);
    }

    HealthCheckResponse response() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database server")
                .withData("server", monitor.embeddedServer().isPresent() ? "embedded" : "external");
        monitor.embeddedServerFailure().ifPresent(failure -> response.withData("problem", failure));
        return response.status(monitor.embeddedServerFailure().isEmpty()).build();
    }
}
