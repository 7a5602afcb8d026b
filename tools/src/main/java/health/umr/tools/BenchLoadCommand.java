package health.umr.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench-load read|kafka|parse|count|report}: the client side of {@code make bench}. Each step
 * prints what it saw on stderr and writes one JSON object (stdout, or --json FILE) that
 * {@code report} gathers into the results file and the table.
 */
public final class BenchLoadCommand {

    static final String USAGE = """
            usage: bench-load read   --url U --patients patients.csv[,more.csv] --rate R --seconds S
                                     [--warmup-seconds 5] [--kind api|fhir|live] [--connections 64]
                                     [--seed 1] [--json FILE]
                   bench-load kafka  --bootstrap localhost:9092 --files a.ndjson[,b.ndjson] --sources sources.json
                                     [--topic umr.inbound] [--group umr] [--lines-per-second 0] [--seconds 0]
                                     [--catch-up-seconds 1800] [--json FILE]
                   bench-load parse  --files a.ndjson[,b.ndjson] [--threads cores] [--json FILE]
                   bench-load count  --files a.ndjson[,b.ndjson] [--json FILE]
                   bench-load jfr    --file umr.jfr [--top 12] [--json FILE]
                   bench-load reports --url U [--requests 20] [--jdbc URL --scale 1000000] [--json FILE]
                   bench-load report --dir STEPS --out results.json
              read:  open-loop fixed-rate reads of unified records; latency from each request's due time
              kafka: publish the lines (key NHS number, header umr-source) and wait until the group has caught up
              parse: HAPI FHIR JSON parse of the same lines, the ceiling for ingest
              count: lines and clinical resources (MedicationStatement, MedicationRequest, Encounter)
              reports: latency of each population report and a source's quality, at the loaded population,
                       then with summary rows grown to --scale patients in the bench database (--jdbc)
              jfr:   the service's CPU samples by workload (REST ingest, Kafka ingest, reads, rebuild): hottest methods""";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchLoadCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            throw new UsageException("bench-load: name a step");
        }
        String step = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (step) {
                case "read" -> read(rest, out, err);
                case "kafka" -> kafka(rest, out, err);
                case "parse" -> parse(rest, out, err);
                case "count" -> count(rest, out);
                case "jfr" -> jfr(rest, out);
                case "reports" -> reports(rest, out, err);
                case "report" ->
                    BenchReport.run(CommandLine.parse("bench-load report", rest, Set.of("dir", "out"), Set.of()), out);
                default -> throw new UsageException("bench-load: unknown step " + step);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("bench-load: interrupted");
            return Tools.REFUSED;
        } catch (UsageException e) {
            throw e;
        } catch (Exception e) {
            err.println("bench-load " + step + ": " + e);
            return Tools.REFUSED;
        }
    }

    private static int read(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine line = CommandLine.parse(
                "bench-load read",
                args,
                Set.of("url", "patients", "rate", "seconds", "warmup-seconds", "kind", "seed", "connections", "json"),
                Set.of());
        List<String> nhs = new ArrayList<>();
        for (Path csv : paths(line.get("patients", ""))) {
            nhs.addAll(patientsWithMedicines(csv));
        }
        int rate = line.integer("rate", 1000, 1, 100_000);
        int seconds = line.integer("seconds", 30, 1, 3600);
        int warmup = line.integer("warmup-seconds", 5, 0, 600);
        ReadLoad.Kind kind = ReadLoad.Kind.valueOf(line.get("kind", "api").toUpperCase(Locale.ROOT));
        ReadLoad load = new ReadLoad(
                line.get("url", "http://localhost:8080"), nhs, kind, line.integer("connections", 64, 1, 4096), 10_000);
        long seed = line.longValue("seed", 1);
        if (warmup > 0) {
            load.run(rate, warmup, seed + 1);
        }
        ReadLoad.Result result = load.run(rate, seconds, seed);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind.name().toLowerCase(Locale.ROOT));
        json.put("targetRate", rate);
        json.put("seconds", seconds);
        json.put("achievedRate", LatencyStats.round(result.achievedPerSecond()));
        json.put("sent", result.sent());
        json.put("ok", result.ok());
        json.put("notFound", result.notFound());
        json.put("errors", result.errors());
        json.putAll(result.latency().toMap());
        json.put("failures", result.failures());
        err.printf(
                Locale.ROOT,
                "reads %s at %d/s for %d s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.1f ms; "
                        + "%d ok, %d not found, %d errors %s%n",
                json.get("kind"),
                rate,
                seconds,
                result.latency().percentileMillis(50),
                result.latency().percentileMillis(95),
                result.latency().percentileMillis(99),
                result.latency().maxMillis(),
                result.ok(),
                result.notFound(),
                result.errors(),
                result.failures().isEmpty() ? "" : result.failures());
        return write(line, json, out);
    }

    private static int reports(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine line = CommandLine.parse(
                "bench-load reports", args, Set.of("url", "requests", "jdbc", "scale", "json"), Set.of());
        ReportsBench bench =
                new ReportsBench(line.get("url", "http://localhost:8080"), line.integer("requests", 20, 1, 10_000));
        Map<String, Object> json =
                bench.run(line.find("jdbc").orElse(null), line.integer("scale", 1_000_000, 0, 100_000_000), err);
        return write(line, json, out);
    }

    private static int kafka(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine line = CommandLine.parse(
                "bench-load kafka",
                args,
                Set.of(
                        "bootstrap",
                        "files",
                        "sources",
                        "topic",
                        "group",
                        "lines-per-second",
                        "seconds",
                        "catch-up-seconds",
                        "json"),
                Set.of());
        KafkaLoad load = new KafkaLoad(
                line.get("bootstrap", "localhost:9092"), line.get("topic", "umr.inbound"), line.get("group", "umr"));
        KafkaLoad.Result result = load.run(
                paths(line.require("files")),
                NdjsonLines.withSources(Path.of(line.require("sources"))),
                line.integer("lines-per-second", 0, 0, 1_000_000),
                line.integer("seconds", 0, 0, 86_400),
                Duration.ofSeconds(line.integer("catch-up-seconds", 1800, 1, 86_400)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lines", result.lines());
        json.put("resources", result.resources());
        json.put("megabytes", LatencyStats.round(result.bytes() / 1e6));
        json.put("produceSeconds", LatencyStats.round(result.produceSeconds()));
        json.put("endToEndSeconds", LatencyStats.round(result.endToEndSeconds()));
        json.put("caughtUp", result.caughtUp());
        json.put("resourcesPerSecond", LatencyStats.round(result.resources() / result.endToEndSeconds()));
        json.put("producedResourcesPerSecond", LatencyStats.round(result.resources() / result.produceSeconds()));
        err.printf(
                Locale.ROOT,
                "kafka: %,d lines (%,d resources, %.0f MB) produced in %.1f s; %s after %.1f s: %,.0f resources/s "
                        + "end to end%n",
                result.lines(),
                result.resources(),
                result.bytes() / 1e6,
                result.produceSeconds(),
                result.caughtUp() ? "caught up" : "NOT caught up",
                result.endToEndSeconds(),
                result.resources() / result.endToEndSeconds());
        return write(line, json, out) == Tools.OK && result.caughtUp() ? Tools.OK : Tools.REFUSED;
    }

    private static int parse(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine line = CommandLine.parse("bench-load parse", args, Set.of("files", "threads", "json"), Set.of());
        List<String> lines = NdjsonLines.readAll(paths(line.require("files")));
        int threads = line.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
        ParseCeiling.Result result = new ParseCeiling().measure(lines, threads, 20_000);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lines", result.lines());
        json.put("resources", result.resources());
        json.put("threads", result.threads());
        json.put("seconds", LatencyStats.round(result.seconds()));
        json.put("resourcesPerSecond", LatencyStats.round(result.resourcesPerSecond()));
        err.printf(
                Locale.ROOT,
                "HAPI JSON parse: %,d lines, %,d resources in %.1f s on %d threads: %,.0f resources/s%n",
                result.lines(),
                result.resources(),
                result.seconds(),
                threads,
                result.resourcesPerSecond());
        return write(line, json, out);
    }

    private static int count(String[] args, PrintStream out) {
        CommandLine line = CommandLine.parse("bench-load count", args, Set.of("files", "json"), Set.of());
        long[] totals = new long[2];
        NdjsonLines.countingOnly().forEach(paths(line.require("files")), l -> {
            totals[0]++;
            totals[1] += l.resources();
        });
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lines", totals[0]);
        json.put("resources", totals[1]);
        return write(line, json, out);
    }

    private static int jfr(String[] args, PrintStream out) throws IOException {
        CommandLine line = CommandLine.parse("bench-load jfr", args, Set.of("file", "top", "json"), Set.of());
        return write(line, JfrSummary.summarise(Path.of(line.require("file")), line.integer("top", 12, 1, 100)), out);
    }

    private static int write(CommandLine line, Map<String, Object> json, PrintStream out) {
        try {
            if (line.find("json").isPresent()) {
                JSON.writeValue(Path.of(line.require("json")).toFile(), json);
            } else {
                out.println(JSON.writeValueAsString(json));
            }
            return Tools.OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> paths(String commaSeparated) {
        List<Path> paths = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                Path path = Path.of(part.trim());
                if (!Files.isRegularFile(path)) {
                    throw new UsageException("bench-load: no file " + path.toAbsolutePath());
                }
                paths.add(path);
            }
        }
        return paths;
    }

    /** NHS numbers of {@code patients.csv} (as {@code generate} writes it) with at least one medicine: they have a record. */
    static List<String> patientsWithMedicines(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int nhs = header.indexOf("nhs_number");
        int medicines = header.indexOf("medicines");
        List<String> numbers = new ArrayList<>();
        for (String row : lines.subList(1, lines.size())) {
            String[] cells = row.split(",");
            if (cells.length > Math.max(nhs, medicines) && !"0".equals(cells[medicines])) {
                numbers.add(cells[nhs]);
            }
        }
        return numbers;
    }
}
