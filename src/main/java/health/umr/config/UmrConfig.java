package health.umr.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Every UMR setting, in one place. application.properties groups them under the same headings. */
@ConfigMapping(prefix = "umr")
public interface UmrConfig {

    Fhir fhir();

    Kafka kafka();

    interface Fhir {
        /** Largest request body accepted, in bytes; larger ones are refused with 413. */
        @WithDefault("10485760")
        long maxBodyBytes();

        /** Validate incoming resources against the base R4 rules (cardinality, codes, value types). */
        @WithDefault("true")
        boolean validate();
    }

    interface Kafka {
        @WithDefault("umr.inbound")
        List<String> inboundTopics();

        @WithDefault("umr.inbound.dlq")
        String deadLetterTopic();

        @WithDefault("umr.record-changed")
        String recordChangedTopic();

        /** Unset: Kafka ingestion is off (docs/contract.md). KAFKA_BOOTSTRAP_SERVERS sets it. */
        Optional<String> bootstrapServers();

        @WithDefault("umr")
        String groupId();

        /**
         * Consumer threads in this instance; more instances in one group split the partitions. Two,
         * because one thread leaves a core idle while it waits on PostgreSQL (make bench: ×1.3).
         */
        @WithDefault("2")
        int consumers();

        @WithDefault("500")
        int maxPollRecords();

        /** Wait after a failed batch (database down, broker gone) before it is polled again. */
        @WithDefault("PT2S")
        java.time.Duration retryBackoff();
    }
}
