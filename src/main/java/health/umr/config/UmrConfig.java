package health.umr.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Every UMR setting, in one place. application.properties groups them under the same headings. */
@ConfigMapping(prefix = "umr")
public interface UmrConfig {

    /**
     * The PostgreSQL data directory of the embedded server UMR started (Main sets it; a test's
     * database resource too); empty with an external database. The database monitor restarts that
     * server when it dies, and liveness fails when it cannot.
     */
    Optional<String> embeddedPostgresData();

    Fhir fhir();

    Kafka kafka();

    Auth auth();

    ReadCache readCache();

    /** Answers of reads of current records kept in memory (health.umr.records.ReadCache). */
    interface ReadCache {
        /** Bytes of encoded answers held at most (about 65 KB per patient read); 0 turns the cache off. */
        @WithDefault("67108864")
        long maxBytes();
    }

    /** Who may call UMR (docs/contract.md, "Security and audit"; health.umr.security). */
    interface Auth {
        /**
         * The trusted OpenID Connect issuer (UMR_AUTH_ISSUER): its {@code iss}, whose keys come from
         * its JWKS. Unset: UMR is its own local issuer, with a signing key kept in the data dir.
         */
        Optional<String> issuer();

        /** The issuer's JWKS; unset: the {@code jwks_uri} of its /.well-known/openid-configuration. */
        Optional<String> jwksUri();

        /** The {@code aud} tokens must carry (UMR_AUTH_AUDIENCE). */
        @WithDefault("umr")
        String audience();

        /** The local issuer's signing key (a private JWK, created on first start); unset: $UMR_DATA_DIR/auth/local-issuer.jwk. */
        Optional<String> localKey();

        /** Clock skew allowed on {@code exp}, {@code nbf} and {@code iat}, in seconds. */
        @WithDefault("30")
        int clockSkewSeconds();

        /** A bearer token longer than this is refused unread (the Authorization header over 16 kB). */
        @WithDefault("16384")
        int maxTokenBytes();

        /**
         * CDS Hooks clients (EHRs) whose own signed JWTs are taken on /cds-services, as issuer=jwks-url
         * (UMR_CDS_HOOKS_ISSUERS=https://ehr.example=https://ehr.example/.well-known/jwks.json). A token's
         * {@code jku}, when sent, must be that URL: UMR fetches keys only from where it was told to.
         */
        Optional<List<String>> cdsHooksIssuers();

        /**
         * The {@code aud} CDS Hooks JWTs must carry: the service's URL as the EHR calls it
         * (https://umr.example/cds-services/umr-medicines-check). Unset: the URL of the request itself.
         */
        Optional<String> cdsHooksAudience();
    }

    interface Fhir {
        /** Largest request body accepted, in bytes; larger ones are refused with 413. */
        @WithDefault("10485760")
        long maxBodyBytes();
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
         * This instance's name in the consumer group (UMR_INSTANCE_ID): each consumer thread joins as a
         * static member {@code <instance-id>-<n>}, so a restart after a crash takes its partitions back at
         * once instead of waiting out the dead members' session. Must differ between running instances;
         * unset, it is the host name (plus a digest of the data directory with the embedded database).
         */
        Optional<String> instanceId();

        /**
         * How long the group waits for a consumer that stopped heartbeating (crashed and not back under
         * the same instance id) before its partitions go to the others. Kafka's default.
         */
        @WithDefault("PT45S")
        java.time.Duration sessionTimeout();

        /**
         * Inbound topics bound to one source, as topic=source (UMR_KAFKA_TOPIC_SOURCES=umr.inbound.bth=acute-bth):
         * a message on such a topic that claims another source goes to the dead-letter topic. Bound topics are
         * consumed too.
         */
        Optional<List<String>> topicSources();

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

        /**
         * Messages in a row that must each fail alone in the same way, none taken between them, before a
         * consumer stops dead-lettering and pauses (the failure is taken to be UMR's or the database's,
         * not the messages'): health.umr.kafka.ConsumptionBreaker. Five: more than a source's own resends of
         * one bad message (a burst of up to five identical bad messages is still dead-lettered, once the
         * probe finds a neighbour taken), while a poll holding five or more messages sends none of them to
         * the dead-letter topic when every message fails; a trickle of one message a poll sends at most four.
         */
        @WithDefault("5")
        int breakerThreshold();

        /** The longest wait between probes while consumption is paused (the wait starts at retry-backoff and doubles). */
        @WithDefault("PT30S")
        java.time.Duration breakerMaxBackoff();
    }
}
