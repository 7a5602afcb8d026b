package health.umr.ops;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the database does not answer (as the monitor last saw it, at most a second ago). */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    private final DatabaseMonitor monitor;

    public DatabaseReadiness(DatabaseMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database");
        monitor.databaseProblem().ifPresent(problem -> response.withData("problem", problem));
        monitor.databaseDownSince().ifPresent(since -> response.withData("since", since.toString()));
        return response.status(monitor.databaseProblem().isEmpty()).build();
    }
}
