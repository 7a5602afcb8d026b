package health.umr.kafka;

import health.umr.config.UmrConfig;
import health.umr.ingest.IngestService;
import health.umr.ingest.RecordRefusalsService;
import health.umr.ingest.RefusalFormat;
import health.umr.sources.SourceRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

/** Starts the inbound consumers when Kafka is configured (KAFKA_BOOTSTRAP_SERVERS), and stops them cleanly. */
@ApplicationScoped
public class KafkaIngestion {

    private static final Logger LOG = Logger.getLogger(KafkaIngestion.class);

    private final UmrConfig.Kafka config;
    private final IngestService ingest;
    private final RefusalFormat refusals;
    private final RecordRefusalsService refusalLog;
    private final Counter taken;
    private final Counter deadLettered;
    private final List<InboundConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final TopicBindings bindings;
    private final OpenTelemetry openTelemetry;
    private final java.util.concurrent.atomic.AtomicInteger members = new java.util.concurrent.atomic.AtomicInteger();
    private KafkaProducer<byte[], byte[]> producer;

    public KafkaIngestion(
            UmrConfig config,
            IngestService ingest,
            RefusalFormat refusals,
            RecordRefusalsService refusalLog,
            MeterRegistry metrics,
            SourceRegistry sources,
            OpenTelemetry openTelemetry) {
        this.refusalLog = refusalLog;
        this.config = config.kafka();
        this.openTelemetry = openTelemetry;
        this.ingest = ingest;
        this.refusals = refusals;
        this.bindings = new TopicBindings(config.kafka().topicSources().orElse(List.of()), sources);
        this.taken = Counter.builder("umr.kafka.messages.taken")
                .description("inbound Kafka messages taken")
                .register(metrics);
        this.deadLettered = Counter.builder("umr.kafka.messages.dead.lettered")
                .description("inbound Kafka messages refused and sent to the dead-letter topic")
                .register(metrics);
    }

    void start(@Observes StartupEvent started) {
        if (config.bootstrapServers().isEmpty()) {
            LOG.info("Kafka ingestion is off: set KAFKA_BOOTSTRAP_SERVERS to consume " + config.inboundTopics());
            return;
        }
        producer = KafkaClients.producer(config.bootstrapServers().get());
        List<String> topics = new ArrayList<>(config.inboundTopics());
        bindings.topics().stream().filter(t -> !topics.contains(t)).forEach(topics::add);
        for (int i = 0; i < config.consumers(); i++) {
            InboundConsumerLoop loop = newLoop(config.groupId(), topics);
            Thread thread = new Thread(loop, "umr-kafka-inbound-" + i);
            loops.add(loop);
            threads.add(thread);
            thread.start();
        }
        LOG.infof(
                "consuming %s from %s as group %s with %d consumer(s)",
                topics, config.bootstrapServers().get(), config.groupId(), config.consumers());
    }

    /** A consumer loop on the given group and topics, sharing this instance's dead-letter producer. */
    public InboundConsumerLoop newLoop(String groupId, List<String> topics) {
        if (producer == null) {
            producer = KafkaClients.producer(config.bootstrapServers().orElseThrow());
        }
        return new InboundConsumerLoop(
                KafkaClients.consumer(
                        config.bootstrapServers().orElseThrow(),
                        groupId,
                        config.maxPollRecords(),
                        config.instanceId().filter(id -> !id.isBlank()).map(id -> id + "-" + members.getAndIncrement()),
                        config.sessionTimeout()),
                topics,
                ingest,
                new DeadLetters(producer, config.deadLetterTopic(), refusals, deadLettered, refusalLog),
                config.retryBackoff(),
                taken::increment,
                bindings,
                new BatchTracing(openTelemetry, groupId));
    }

    void stop(@Observes ShutdownEvent stopping) {
        loops.forEach(InboundConsumerLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close();
        }
    }
}
