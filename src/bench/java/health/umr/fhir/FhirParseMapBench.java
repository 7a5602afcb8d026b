package health.umr.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.config.FhirContextProducer;
import health.umr.domain.Source;
import health.umr.domain.SourceSetting;
import health.umr.ingest.Entry;
import health.umr.ingest.InboundMessage;
import health.umr.sources.SourceRegistry;
import health.umr.tools.Formulary;
import health.umr.tools.PopulationGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * FHIR parse + map of the GP Connect-shaped Bundles the generator writes (a Patient, its Medications,
 * and per medicine a statement, the plan and its orders): one operation is one Bundle, read exactly as
 * the Kafka consumer reads it (HAPI parse, reference resolution, FhirMapper to SourceRecords).
 * The score is Bundles/s; the benchmark prints the mean resources per Bundle at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FhirParseMapBench {

    private FhirMessageReader reader;
    private List<byte[]> bundles;
    private int next;

    @Setup
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("umr-fhir-bench");
        new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(500, 11, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
        bundles = Files.readAllLines(dir.resolve("gp.ndjson")).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.getBytes(StandardCharsets.UTF_8))
                .toList();
        SourceRegistry sources = new InMemorySources(dir.resolve("sources.json"));
        FhirMapper mapper = new FhirMapper(new FhirContextProducer().fhirContext());
        reader = new FhirMessageReader(new FhirContextProducer().fhirContext(), mapper, sources);
        long entries =
                bundles.stream().mapToLong(b -> reader.read(message(b)).size()).sum();
        System.out.printf("%n%d GP Bundles, %.1f entries each%n", bundles.size(), (double) entries / bundles.size());
    }

    private static InboundMessage message(byte[] body) {
        return new InboundMessage(
                InboundMessage.Transport.KAFKA,
                InboundMessage.Interaction.KAFKA,
                "application/fhir+json",
                body,
                null,
                null,
                Instant.EPOCH);
    }

    @Benchmark
    public List<Entry> parseAndMapOneGpBundle() {
        byte[] body = bundles.get(next);
        next = next + 1 == bundles.size() ? 0 : next + 1;
        return reader.read(message(body));
    }

    /** The registry without its database: the generator's sources, by id and by system. */
    static final class InMemorySources extends SourceRegistry {
        private final Map<String, Source> byId = new HashMap<>();
        private final Map<String, Source> bySystem = new HashMap<>();

        InMemorySources(Path sourcesJson) throws IOException {
            super(null);
            for (JsonNode s : new ObjectMapper().readTree(sourcesJson.toFile())) {
                Source source = new Source(
                        s.path("id").asText(),
                        SourceSetting.fromCode(s.path("setting").asText()).orElseThrow(),
                        s.path("name").asText(),
                        s.path("system").asText(),
                        s.path("ods").asText(null));
                byId.put(source.id(), source);
                bySystem.put(source.system(), source);
            }
        }

        @Override
        public Optional<Source> findById(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public Optional<Source> findBySystem(String metaSource) {
            return Optional.ofNullable(bySystem.get(Source.stripFragment(metaSource)));
        }
    }
}
