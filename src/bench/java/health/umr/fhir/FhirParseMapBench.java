package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.config.FhirContextProducer;
import health.umr.domain.Sha256;
import health.umr.domain.Source;
import health.umr.domain.SourceSetting;
import health.umr.ingest.Entry;
import health.umr.ingest.InboundMessage;
import health.umr.sources.SourceRegistry;
import health.umr.tools.Formulary;
import health.umr.tools.PopulationGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
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
 * The score is Bundles/s; the benchmark prints the mean resources per Bundle at setup. The other
 * benchmarks split that cost (HAPI's parse alone, UMR's mapping alone) and measure a lone
 * MedicationRequest/MedicationStatement line of the other feeds the same way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FhirParseMapBench {

    private FhirMessageReader reader;
    /** The same reader without the streaming fast path: HAPI's parser for every message. */
    private FhirMessageReader hapiReader;

    private FhirMapper mapper;
    private FhirContext fhir;
    private SourceRegistry sources;
    private List<byte[]> bundles;
    private List<String> bundleTexts;
    private List<Bundle> parsedBundles;
    /** Lone MedicationRequest / MedicationStatement lines of the other feeds (acute, mental health, ...). */
    private List<byte[]> lines;

    private List<String> lineTexts;
    private int next;
    private int nextLine;

    @Setup
    public void setUp() throws IOException {
        Path dir = Files.createTempDirectory("umr-fhir-bench");
        new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(500, 11, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
        bundles = Files.readAllLines(dir.resolve("gp.ndjson")).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.getBytes(StandardCharsets.UTF_8))
                .toList();
        bundleTexts =
                bundles.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        List<String> loneLines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")
                            && !f.getFileName().toString().equals("gp.ndjson"))
                    .sorted()
                    .toList()) {
                Files.readAllLines(file).stream()
                        .filter(l -> l.startsWith("{\"resourceType\":\"MedicationRequest\"")
                                || l.startsWith("{\"resourceType\":\"MedicationStatement\""))
                        .forEach(loneLines::add);
            }
        }
        lineTexts = List.copyOf(loneLines);
        lines = lineTexts.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toList();
        System.out.printf(
                "%n%d lone MedicationRequest/Statement lines; the first: %s%n", lines.size(), lineTexts.get(0));
        sources = new InMemorySources(dir.resolve("sources.json"));
        fhir = new FhirContextProducer().fhirContext();
        mapper = new FhirMapper(fhir);
        reader = new FhirMessageReader(fhir, mapper, sources, new SimpleMeterRegistry());
        hapiReader = new FhirMessageReader(fhir, mapper, sources, new SimpleMeterRegistry(), false);
        parsedBundles = bundleTexts.stream()
                .map(t -> (Bundle) fhir.newJsonParser().parseResource(t))
                .toList();
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

    /** The same as parseAndMapOneGpBundle on HAPI's path alone (the reader before the streaming fast path). */
    @Benchmark
    public List<Entry> hapiPathParseAndMapOneGpBundle() {
        byte[] body = bundles.get(next);
        next = next + 1 == bundles.size() ? 0 : next + 1;
        return hapiReader.read(message(body));
    }

    /** The same lone line on HAPI's path alone. */
    @Benchmark
    public List<Entry> hapiPathParseAndMapOneLine() {
        byte[] body = lines.get(nextLine);
        nextLine = nextLine + 1 == lines.size() ? 0 : nextLine + 1;
        return hapiReader.read(message(body));
    }

    /** The streaming reader alone (Jackson into HAPI's model, entries' texts), of the same Bundle text. */
    @Benchmark
    public Object streamingReadOneGpBundle() {
        String text = bundleTexts.get(next);
        next = next + 1 == bundles.size() ? 0 : next + 1;
        return StreamingR4Reader.read(text);
    }

    /** HAPI's parse alone, of the same Bundle text: the rest of parseAndMapOneGpBundle is UMR's. */
    @Benchmark
    public Object hapiParseOneGpBundle() {
        String text = bundleTexts.get(next);
        next = next + 1 == bundles.size() ? 0 : next + 1;
        return fhir.newJsonParser().parseResource(text);
    }

    /**
     * UMR's share without the parse: the Bundle already parsed, its entries mapped as the reader maps
     * them (the received spans, the plain-text check, limits, hash, FhirMapper).
     */
    @Benchmark
    public List<Entry> mapOneParsedGpBundle() {
        Bundle bundle = parsedBundles.get(next);
        String text = bundleTexts.get(next);
        next = next + 1 == bundles.size() ? 0 : next + 1;
        MessageContext context = MessageContext.of(bundle, Optional.empty(), false, sources::findBySystem);
        List<String> received = ReceivedJson.entryResources(text);
        boolean plain = ReceivedJson.plainText(text);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            entries.add(
                    mapper.toEntry(bundle.getEntry().get(i).getResource(), i, context, true, received.get(i), plain));
        }
        return entries;
    }

    /**
     * ResourceLimits' walk (HAPI's terser over every element) on each entry of a parsed Bundle: what
     * the reader now skips when the message text is plain (ReceivedJson.plainText).
     */
    @Benchmark
    public int limitsOneParsedGpBundle() {
        Bundle bundle = parsedBundles.get(next);
        next = next + 1 == bundles.size() ? 0 : next + 1;
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            ResourceLimits.check(fhir, entry.getResource());
        }
        return bundle.getEntry().size();
    }

    /** A lone MedicationRequest or MedicationStatement, as one Kafka message (parse, limits, hash, map). */
    @Benchmark
    public List<Entry> parseAndMapOneLine() {
        byte[] body = lines.get(nextLine);
        nextLine = nextLine + 1 == lines.size() ? 0 : nextLine + 1;
        return reader.read(message(body));
    }

    /** HAPI's parse alone of the same lone resource. */
    @Benchmark
    public Object hapiParseOneLine() {
        String text = lineTexts.get(nextLine);
        nextLine = nextLine + 1 == lines.size() ? 0 : nextLine + 1;
        return fhir.newJsonParser().parseResource(text);
    }

    /** The content hash of the same lone resource's text. */
    @Benchmark
    public String sha256OneLine() {
        String text = lineTexts.get(nextLine);
        nextLine = nextLine + 1 == lines.size() ? 0 : nextLine + 1;
        return Sha256.hex(text);
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
