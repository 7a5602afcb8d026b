package health.umr.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The Kafka client security settings, passed through to every consumer and producer UMR makes:
 * {@code security.protocol}, {@code sasl.*} and {@code ssl.*}, from {@code kafka.*} properties
 * ({@code kafka.security.protocol=SASL_SSL}) or the environment ({@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION} ...).
 */
final class KafkaSecurity {

    private KafkaSecurity() {}

    static Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>();
        Config config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            String key = null;
            if (name.startsWith("kafka.")) {
                key = name.substring("kafka.".length());
            } else if (name.startsWith("KAFKA_")) {
                key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
            if (key != null && passes(key)) {
                Optional<String> value = config.getOptionalValue(name, String.class);
                if (value.isPresent() && !value.get().isBlank()) {
                    settings.putIfAbsent(key, value.get());
                }
            }
        }
        return settings;
    }

    private static boolean passes(String key) {
        return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.");
    }
}
