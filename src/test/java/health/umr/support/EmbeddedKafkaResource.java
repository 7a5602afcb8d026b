package health.umr.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The real Kafka broker for the @QuarkusTests; tests reach it through {@link #broker()}. */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedKafka broker;

    public static EmbeddedKafka broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafka.start();
        return Map.of("umr.kafka.bootstrap-servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
