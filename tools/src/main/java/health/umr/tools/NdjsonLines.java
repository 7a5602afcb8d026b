package health.umr.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the benchmark needs to know of a generated NDJSON line without parsing it: the patient's NHS
 * number (the Kafka key), the source (the umr-source header) and how many clinical resources
 * (MedicationStatement, MedicationRequest, Encounter) it carries. The generator writes compact JSON,
 * so plain substring search is exact here, and cheap enough not to slow the producer down. "Resources"
 * means these clinical resources everywhere in the benchmark (REST, Kafka and the HAPI parse ceiling),
 * so the rates compare like with like.
 */
final class NdjsonLines {

    private static final String NHS_PREFIX = "\"system\":\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"";
    private static final String SOURCE_PREFIX = "\"source\":\"";
    private static final String[] CLINICAL = {
        "\"resourceType\":\"MedicationStatement\"",
        "\"resourceType\":\"MedicationRequest\"",
        "\"resourceType\":\"Encounter\""
    };

    record Line(String nhsNumber, String sourceId, int resources, byte[] bytes) {}

    private final Map<String, String> sourceIdBySystem;

    private NdjsonLines(Map<String, String> sourceIdBySystem) {
        this.sourceIdBySystem = sourceIdBySystem;
    }

    /** Reads the system → id map of a {@code sources.json} as {@code generate} writes it. */
    static NdjsonLines withSources(Path sourcesJson) {
        Map<String, String> bySystem = new HashMap<>();
        try {
            for (JsonNode source : new ObjectMapper().readTree(sourcesJson.toFile())) {
                bySystem.put(source.path("system").asText(), source.path("id").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourcesJson, e);
        }
        return new NdjsonLines(bySystem);
    }

    /** Without sources: only the resource count matters (the parse ceiling). */
    static NdjsonLines countingOnly() {
        return new NdjsonLines(Map.of());
    }

    Line describe(String text) {
        return new Line(
                valueAfter(text, NHS_PREFIX).orElse(null),
                valueAfter(text, SOURCE_PREFIX)
                        .map(s -> s.split("#", 2)[0])
                        .map(sourceIdBySystem::get)
                        .orElse(null),
                resources(text),
                text.getBytes(StandardCharsets.UTF_8));
    }

    static int resources(String text) {
        int count = 0;
        for (String marker : CLINICAL) {
            for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length())) {
                count++;
            }
        }
        return count;
    }

    /** Streams every non-blank line of the files, in order. */
    void forEach(List<Path> files, Consumer<Line> action) {
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    if (!text.isBlank()) {
                        action.accept(describe(text));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    static List<String> readAll(List<Path> files) {
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    if (!text.isBlank()) {
                        lines.add(text);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return lines;
    }

    private static Optional<String> valueAfter(String text, String prefix) {
        int start = text.indexOf(prefix);
        if (start < 0) {
            return Optional.empty();
        }
        start += prefix.length();
        int end = text.indexOf('"', start);
        return end < 0 ? Optional.empty() : Optional.of(text.substring(start, end));
    }
}
