package health.umr.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * With Kafka configured, not ready while the broker does not answer or while this instance's
 * consumption has stopped by itself (its instance id taken by another consumer, or a consumer loop
 * stopped on a failure it cannot go on after: {@link KafkaLiveness} says so too). A consumer loop that
 * has paused consumption (a failure every message meets, or the database unavailable: it resumes by
 * itself, see ConsumptionBreaker) leaves the check UP, naming the pause in {@code paused}: the
 * instance still takes traffic (reads, REST ingest), and the same fault pauses every instance, so
 * reporting it as unready would take every instance out of the load balancer and stop clinicians'
 * reads while changing nothing for the stream (the database's own check goes DOWN when it is the
 * database). Without Kafka, always up (ingestion over Kafka is off).
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final KafkaMonitor monitor;
    private final KafkaIngestion ingestion;

    public KafkaReadiness(KafkaMonitor monitor, KafkaIngestion ingestion) {
        this.monitor = monitor;
        this.ingestion = ingestion;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka");
        if (!monitor.configured()) {
            return response.withData("ingestion", "off").up().build();
        }
        var problem = monitor.problem().or(ingestion::consumptionStopped);
        problem.ifPresent(p -> response.withData("problem", p));
        ingestion.consumptionPaused().ifPresent(paused -> response.withData("paused", paused));
        monitor.downSince().ifPresent(since -> response.withData("since", since.toString()));
        return response.status(problem.isEmpty()).build();
    }
}
