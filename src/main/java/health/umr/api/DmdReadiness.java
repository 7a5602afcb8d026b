package health.umr.api;

import health.umr.dmdrelease.DmdService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until dm+d is loaded: every medicine is resolved through it. */
@Readiness
@ApplicationScoped
public class DmdReadiness implements HealthCheck {

    private final DmdService dmd;

    public DmdReadiness(DmdService dmd) {
        this.dmd = dmd;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dm+d").status(dmd.isReady()).build();
    }
}
