package health.umr.kafka;

import health.umr.audit.AuditTrail;
import health.umr.config.UmrConfig;
import health.umr.domain.Sha256;
import health.umr.ingest.IngestService;
import health.umr.ingest.RecordRefusalsService;
import health.umr.ingest.RefusalFormat;
import health.umr.ops.DatabaseMonitor;
import health.umr.sources.SourceRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

/** Starts the inbound consumers when Kafka is configured (KAFKA_BOOTSTRAP_SERVERS), and stops them cleanly. */
@ApplicationScoped
public class KafkaIngestion {

    private static final Logger LOG = Logger.getLogger(KafkaIngestion.class);

    private final UmrConfig.Kafka config;
    private final Optional<String> embeddedPostgresData;
    private final IngestService ingest;
    private final RefusalFormat refusals;
    private final RecordRefusalsService refusalLog;
    private final Counter taken;
    private final Counter deadLettered;
    private final Counter failedBatches;
    private final ConsumerLag lag;
    private final AtomicInteger loopNumbers = new AtomicInteger();
    /** The loops this instance runs (its own, started with it), watched by the health checks. */
    private final List<Watched> loops = new CopyOnWriteArrayList<>();

    private final DatabaseMonitor database;
    private final TopicBindings bindings;
    private final OpenTelemetry openTelemetry;
    private KafkaProducer<byte[], byte[]> producer;

    private final KafkaAudit audit;

    public KafkaIngestion(
            UmrConfig config,
            IngestService ingest,
            RefusalFormat refusals,
            RecordRefusalsService refusalLog,
            MeterRegistry metrics,
            SourceRegistry sources,
            OpenTelemetry openTelemetry,
            AuditTrail trail,
            DatabaseMonitor database) {
        this.database = database;
        this.refusalLog = refusalLog;
        this.audit = new KafkaAudit(trail);
        this.config = config.kafka();
        this.openTelemetry = openTelemetry;
        this.embeddedPostgresData = config.embeddedPostgresData();
        this.ingest = ingest;
        this.refusals = refusals;
        this.bindings = new TopicBindings(config.kafka().topicSources().orElse(List.of()), sources);
        this.taken = Counter.builder("umr.kafka.messages.taken")
                .description("inbound Kafka messages taken")
                .register(metrics);
        this.deadLettered = Counter.builder("umr.kafka.messages.dead.lettered")
                .description("inbound Kafka messages refused and sent to the dead-letter topic")
                .register(metrics);
        this.failedBatches = Counter.builder("umr.kafka.batches.failed")
                .description("inbound batches that failed (database or broker unavailable) and were polled again")
                .register(metrics);
        this.lag = new ConsumerLag(metrics);
        Gauge.builder(
                        "umr.kafka.consumption.paused",
                        loops,
                        watched -> watched.stream()
                                .filter(w -> w.loop().pausedBecause().isPresent())
                                .count())
                .description("consumer loops of this instance that have paused consumption (a failure every"
                        + " message meets, or the database unavailable): nothing is dead-lettered meanwhile")
                .register(metrics);
    }

    void start(@Observes StartupEvent started) {
        if (config.bootstrapServers().isEmpty()) {
            LOG.info("Kafka ingestion is off: set KAFKA_BOOTSTRAP_SERVERS to consume " + config.inboundTopics());
            return;
        }
        List<String> topics = new ArrayList<>(config.inboundTopics());
        bindings.topics().stream().filter(t -> !topics.contains(t)).forEach(topics::add);
        String instance = instanceId(config.instanceId(), embeddedPostgresData);
        for (int i = 0; i < config.consumers(); i++) {
            InboundConsumerLoop loop = newLoop(config.groupId(), topics, Optional.of(instance + "-" + i));
            Thread thread = new Thread(loop, "umr-kafka-inbound-" + i);
            thread.setUncaughtExceptionHandler((dead, failure) -> LOG.errorf(
                    failure,
                    "%s ended on %s",
                    dead.getName(),
                    failure.getClass().getName()));
            watch(loop, thread);
            thread.start();
        }
        LOG.infof(
                "consuming %s from %s as group %s with %d consumer(s), instance id %s",
                topics, config.bootstrapServers().get(), config.groupId(), config.consumers(), instance);
    }

    /** A consumer loop on the given group and topics (a dynamic member), sharing this instance's dead-letter producer. */
    public InboundConsumerLoop newLoop(String groupId, List<String> topics) {
        return newLoop(groupId, topics, Optional.empty());
    }

    /** The same, as the static member {@code groupInstanceId} when one is given. */
    public InboundConsumerLoop newLoop(String groupId, List<String> topics, Optional<String> groupInstanceId) {
        return newLoop(groupId, topics, groupInstanceId, ingest::ingest);
    }

    /** The same, taking its batches through {@code batches} (a seam for tests: the real ingest, wrapped). */
    InboundConsumerLoop newLoop(
            String groupId,
            List<String> topics,
            Optional<String> groupInstanceId,
            InboundConsumerLoop.Batches batches) {
        return newLoop(groupId, topics, groupInstanceId, batches, config.retryBackoff());
    }

    /** A dynamic member on the real ingest waiting {@code retryBackoff} between attempts (tests, to be quick). */
    InboundConsumerLoop newLoop(String groupId, List<String> topics, java.time.Duration retryBackoff) {
        return newLoop(groupId, topics, Optional.empty(), ingest::ingest, retryBackoff);
    }

    private synchronized InboundConsumerLoop newLoop(
            String groupId,
            List<String> topics,
            Optional<String> groupInstanceId,
            InboundConsumerLoop.Batches batches,
            java.time.Duration retryBackoff) {
        if (producer == null) {
            producer = KafkaClients.producer(config.bootstrapServers().orElseThrow());
        }
        return new InboundConsumerLoop(
                KafkaClients.consumer(
                        config.bootstrapServers().orElseThrow(),
                        groupId,
                        config.maxPollRecords(),
                        groupInstanceId,
                        config.sessionTimeout()),
                groupInstanceId.orElse("inbound consumer " + loopNumbers.incrementAndGet()),
                topics,
                batches,
                () -> database.databaseProblem().isPresent(),
                new DeadLetters(producer, config.deadLetterTopic(), refusals, deadLettered, refusalLog),
                retryBackoff,
                taken::increment,
                failedBatches::increment,
                lag,
                bindings,
                new BatchTracing(openTelemetry, groupId),
                audit,
                config.breakerThreshold(),
                config.breakerMaxBackoff());
    }

    /**
     * Why consumption stopped by itself on this instance (a consumer loop fenced off, or stopped on a
     * failure it cannot go on after), if it did.
     */
    public Optional<String> consumptionStopped() {
        return loops.stream()
                .map(w -> w.loop().stoppedBecause().or(() -> w.died()))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Why a consumer loop of this instance has paused consumption (see ConsumptionBreaker), if one has:
     * it resumes by itself.
     */
    public Optional<String> consumptionPaused() {
        return loops.stream()
                .map(w -> w.loop().pausedBecause())
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Why a consumer loop of this instance is gone, not asked to stop nor fenced off (restarting the
     * instance is what brings it back), if one is.
     */
    public Optional<String> consumptionDied() {
        return loops.stream().map(Watched::died).flatMap(Optional::stream).findFirst();
    }

    /** Has the health checks watch a loop (and the thread running it). */
    void watch(InboundConsumerLoop loop, Thread thread) {
        loops.add(new Watched(loop, thread));
    }

    /** No longer watches a loop (tests' own loops). */
    void unwatch(InboundConsumerLoop loop) {
        loops.removeIf(w -> w.loop() == loop);
    }

    private record Watched(InboundConsumerLoop loop, Thread thread) {
        Optional<String> died() {
            if (loop.diedBecause().isPresent()) {
                return loop.diedBecause();
            }
            boolean ended = thread.getState() == Thread.State.TERMINATED;
            return ended && loop.isRunning() && loop.stoppedBecause().isEmpty()
                    ? Optional.of(thread.getName() + " ended unexpectedly; restart this instance")
                    : Optional.empty();
        }
    }

    /**
     * This instance's id in the consumer group: UMR_INSTANCE_ID, else the host name (a container's or
     * pod's own), plus a digest of the embedded database's directory when there is one, so two
     * `make run`s on one machine on different data differ and one restarted on the same data does not.
     */
    static String instanceId(Optional<String> configured, Optional<String> embeddedPostgresData) {
        if (configured.isPresent()) {
            return configured.get();
        }
        String host = Optional.ofNullable(System.getenv("HOSTNAME"))
                .filter(h -> !h.isBlank())
                .orElseGet(KafkaIngestion::hostName);
        return embeddedPostgresData
                .map(dir -> host + "-" + Sha256.hex(dir).substring(0, 8))
                .orElse(host);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "umr";
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        loops.forEach(w -> w.loop().stop());
        for (Watched watched : loops) {
            try {
                watched.thread().join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close();
        }
    }
}
