package health.umr.kafka;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live when a consumer loop of this instance is gone without being asked to stop (a failure the
 * JVM cannot be trusted after, or its thread ended): restarting UMR is what brings consumption back,
 * and what it had not committed is taken again. A broker outage or a fenced-off loop is for {@link
 * KafkaReadiness} to report (a restart would not help either). Always up when Kafka is off.
 *
 * <p>Answered at once on the calling (event-loop) thread, as {@link health.umr.ops.DatabaseLiveness}: it
 * only reads the loops' state (no I/O), so it needs no worker thread.
 */
@Liveness
@ApplicationScoped
public class KafkaLiveness implements AsyncHealthCheck {

    private final KafkaMonitor monitor;
    private final KafkaIngestion ingestion;

    public KafkaLiveness(KafkaMonitor monitor, KafkaIngestion ingestion) {
        this.monitor = monitor;
        this.ingestion = ingestion;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::response);
    }

    HealthCheckResponse response() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka consumers");
        if (!monitor.configured()) {
            return response.withData("ingestion", "off").up().build();
        }
        var problem = ingestion.consumptionDied();
        problem.ifPresent(p -> response.withData("problem", p));
        return response.status(problem.isEmpty()).build();
    }
}
