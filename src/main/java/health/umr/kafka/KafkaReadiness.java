package health.umr.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * With Kafka configured, not ready until the broker has answered once since this instance started
 * (a broker address that has never worked is a deployment to put right before taking traffic), or
 * while this instance's consumption has stopped by itself (its instance id taken by another consumer,
 * or a consumer loop stopped on a failure it cannot go on after: {@link KafkaLiveness} says so too).
 *
 * <p>A broker lost after it was reached, and a consumer loop that has paused consumption (a failure
 * every message meets, or the database unavailable: it resumes by itself, see ConsumptionBreaker),
 * leave the check UP, named in {@code unavailable} (with {@code since}) and {@code paused}: the
 * instance still takes traffic (reads, REST ingest), and the same fault meets every instance, so
 * reporting it as unready would take every instance out of the load balancer and stop clinicians'
 * reads while changing nothing for the stream (consumption resumes by itself when the broker is
 * back; the database's own check goes DOWN when it is the database). Without Kafka, always up
 * (ingestion over Kafka is off).
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
        boolean reached = monitor.reached(); // read once: it turns true between two reads
        Optional<String> broker = monitor.problem();
        Optional<String> problem = reached
                ? ingestion.consumptionStopped()
                : Optional.of(
                        "the broker has not answered since this instance started: " + broker.orElse("not asked yet"));
        problem.ifPresent(p -> response.withData("problem", p));
        if (reached) {
            broker.ifPresent(b -> response.withData("unavailable", "Kafka broker unavailable: " + b));
        }
        ingestion.consumptionPaused().ifPresent(paused -> response.withData("paused", paused));
        monitor.downSince().ifPresent(since -> response.withData("since", since.toString()));
        return response.status(problem.isEmpty()).build();
    }
}
