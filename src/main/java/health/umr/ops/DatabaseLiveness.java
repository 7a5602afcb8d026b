package health.umr.ops;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live when the embedded PostgreSQL server is gone and cannot be started again: restarting UMR
 * is what brings it back. An external database's outage is readiness only (restarting UMR would not
 * help it).
 */
@Liveness
@ApplicationScoped
public class DatabaseLiveness implements HealthCheck {

    private final DatabaseMonitor monitor;

    public DatabaseLiveness(DatabaseMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database server")
                .withData("server", monitor.embeddedServer().isPresent() ? "embedded" : "external");
        monitor.embeddedServerFailure().ifPresent(failure -> response.withData("problem", failure));
        return response.status(monitor.embeddedServerFailure().isEmpty()).build();
    }
}
