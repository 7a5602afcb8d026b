package health.umr.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Not live when a consumer loop of this instance is gone without being asked to stop (a failure the
 * JVM cannot be trusted after, or its thread ended): restarting UMR is what brings consumption back,
 * and what it had not committed is taken again. A broker outage or a fenced-off loop is for {@link
 * KafkaReadiness} to report (a restart would not help either). Always up when Kafka is off.
 */
@Liveness
@ApplicationScoped
public class KafkaLiveness implements HealthCheck {

    private final KafkaMonitor monitor;
    private final KafkaIngestion ingestion;

    public KafkaLiveness(KafkaMonitor monitor, KafkaIngestion ingestion) {
        this.monitor = monitor;
        this.ingestion = ingestion;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka consumers");
        if (!monitor.configured()) {
            return response.withData("ingestion", "off").up().build();
        }
        var problem = ingestion.consumptionDied();
        problem.ifPresent(p -> response.withData("problem", p));
        return response.status(problem.isEmpty()).build();
    }
}
