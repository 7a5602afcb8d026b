package health.umr.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench-load read|kafka|parse|count|jfr|jfr-phases|reports|grow-records|grow-sources|pg-ceiling|report}: the client side of {@code make bench}. Each
 * step prints what it saw on stderr and writes one JSON object (stdout, or --json FILE) that
 * {@code report} gathers into the results file and the table.
 */
@Command(
        name = "bench-load",
        mixinStandardHelpOptions = true,
        description = "The client side of make bench: one step, one JSON object.",
        subcommands = {
            BenchLoadCommand.Read.class,
            BenchLoadCommand.Kafka.class,
            BenchLoadCommand.Parse.class,
            BenchLoadCommand.Count.class,
            BenchLoadCommand.Jfr.class,
            BenchLoadCommand.JfrPhasesStep.class,
            BenchLoadCommand.Reports.class,
            BenchLoadCommand.GrowRecords.class,
            BenchLoadCommand.GrowSources.class,
            BenchLoadCommand.PgCeilingStep.class,
            BenchLoadCommand.Report.class
        })
public final class BenchLoadCommand implements Runnable {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "bench-load: name a step");
    }

    /** The --json FILE every step may write to instead of stdout. */
    abstract static class Step implements Callable<Integer> {
        @Option(names = "--json", description = "write the JSON here instead of stdout")
        Path json;

        int write(Map<String, Object> result) {
            try {
                if (json != null) {
                    JSON.writeValue(json.toFile(), result);
                } else {
                    System.out.println(JSON.writeValueAsString(result));
                }
                return Tools.OK;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Command(
            name = "read",
            mixinStandardHelpOptions = true,
            description = "Open-loop fixed-rate reads of unified records; latency from each request's due time.")
    static final class Read extends Step {
        @Option(names = "--url", defaultValue = "http://localhost:8080")
        String url;

        @Option(names = "--patients", defaultValue = "", description = "patients.csv[,more.csv] as generate writes")
        String patients;

        @Option(names = "--rate", defaultValue = "1000", description = "requests a second")
        int rate;

        @Option(names = "--seconds", defaultValue = "30")
        int seconds;

        @Option(names = "--warmup-seconds", defaultValue = "5")
        int warmup;

        @Option(names = "--kind", defaultValue = "api", description = "api, fhir or live")
        String kindName;

        @Option(names = "--connections", defaultValue = "64")
        int connections;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Option(
                names = "--hot-share",
                defaultValue = "0",
                description = "share of the reads on a hot set of patients (0: uniform over all, the figure of record)")
        double hotShare;

        @Option(names = "--hot-fraction", defaultValue = "0.01", description = "the hot set's share of the patients")
        double hotFraction;

        @Override
        public Integer call() throws Exception {
            List<String> nhs = new ArrayList<>();
            for (Path csv : paths(patients)) {
                nhs.addAll(patientsWithRecords(csv));
            }
            Tools.between("--rate", rate, 1, 100_000);
            Tools.between("--seconds", seconds, 1, 3600);
            Tools.between("--warmup-seconds", warmup, 0, 600);
            ReadLoad.Kind kind = ReadLoad.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
            ReadLoad load = new ReadLoad(
                    UmrHttp.to(url),
                    nhs,
                    kind,
                    Tools.between("--connections", connections, 1, 4096),
                    10_000,
                    hotShare,
                    hotFraction);
            if (warmup > 0) {
                load.run(rate, warmup, ReadPick.apart(seed)); // other patients than the measured run's
            }
            ReadLoad.Result result = load.run(rate, seconds, seed);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("kind", kind.name().toLowerCase(Locale.ROOT));
            summary.put("targetRate", rate);
            summary.put("seconds", seconds);
            summary.put("warmupSeconds", warmup);
            summary.put("patients", nhs.size());
            summary.put(
                    "pick",
                    hotShare == 0
                            ? "uniform"
                            : String.format(
                                    Locale.ROOT,
                                    "%.0f%% on a hot %.1f%% of patients",
                                    100 * hotShare,
                                    100 * hotFraction));
            summary.put("achievedRate", LatencyStats.round(result.achievedPerSecond()));
            summary.put("sent", result.sent());
            summary.put("ok", result.ok());
            summary.put("notFound", result.notFound());
            summary.put("errors", result.errors());
            summary.putAll(result.latency().toMap());
            summary.put("failures", result.failures());
            ReadLoad.Tail tail = result.tail();
            summary.put("clientWait", tail.clientWait().toMap());
            summary.put("roundTrip", tail.roundTrip().toMap());
            Map<String, Object> slow = new LinkedHashMap<>();
            slow.put("count", tail.slowCount());
            slow.put("meanMs", LatencyStats.round(tail.slowMeanMs()));
            slow.put("meanClientWaitMs", LatencyStats.round(tail.slowMeanClientWaitMs()));
            slow.put("windowsEpochMs", tail.slowWindows());
            summary.put("slowest1Percent", slow);
            System.err.printf(
                    Locale.ROOT,
                    "reads %s at %d/s for %d s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.1f ms; "
                            + "%d ok, %d not found, %d errors %s%n",
                    summary.get("kind"),
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
            System.err.printf(
                    Locale.ROOT,
                    "  of which the generator's own wait p99 %.2f ms, round trip p99 %.2f ms;"
                            + " slowest 1%%: %d requests, mean %.1f ms, %.1f ms of it waiting in the generator%n",
                    tail.clientWait().percentileMillis(99),
                    tail.roundTrip().percentileMillis(99),
                    tail.slowCount(),
                    tail.slowMeanMs(),
                    tail.slowMeanClientWaitMs());
            return write(summary);
        }
    }

    @Command(
            name = "kafka",
            mixinStandardHelpOptions = true,
            description = "Publishes the lines (key NHS number, header umr-source), waits until the group caught up.")
    static final class Kafka extends Step {
        @Option(names = "--bootstrap", defaultValue = "localhost:9092")
        String bootstrap;

        @Option(names = "--files", required = true, description = "a.ndjson[,b.ndjson]")
        String files;

        @Option(names = "--sources", required = true, description = "sources.json as generate writes it")
        Path sources;

        @Option(names = "--topic", defaultValue = "umr.inbound")
        String topic;

        @Option(names = "--group", defaultValue = "umr")
        String group;

        @Option(names = "--lines-per-second", defaultValue = "0", description = "0: as fast as it goes")
        int linesPerSecond;

        @Option(names = "--seconds", defaultValue = "0", description = "0: every line once")
        int seconds;

        @Option(names = "--catch-up-seconds", defaultValue = "1800")
        int catchUpSeconds;

        @Override
        public Integer call() throws Exception {
            KafkaLoad load = new KafkaLoad(bootstrap, topic, group);
            KafkaLoad.Result result = load.run(
                    paths(files),
                    NdjsonLines.withSources(sources),
                    Tools.between("--lines-per-second", linesPerSecond, 0, 1_000_000),
                    Tools.between("--seconds", seconds, 0, 86_400),
                    Duration.ofSeconds(Tools.between("--catch-up-seconds", catchUpSeconds, 1, 86_400)));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("lines", result.lines());
            summary.put("resources", result.resources());
            summary.put("megabytes", LatencyStats.round(result.bytes() / 1e6));
            summary.put("produceSeconds", LatencyStats.round(result.produceSeconds()));
            summary.put("endToEndSeconds", LatencyStats.round(result.endToEndSeconds()));
            summary.put("caughtUp", result.caughtUp());
            summary.put("resourcesPerSecond", LatencyStats.round(result.resources() / result.endToEndSeconds()));
            summary.put("producedResourcesPerSecond", LatencyStats.round(result.resources() / result.produceSeconds()));
            System.err.printf(
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
            return write(summary) == Tools.OK && result.caughtUp() ? Tools.OK : Tools.REFUSED;
        }
    }

    @Command(
            name = "parse",
            mixinStandardHelpOptions = true,
            description = "HAPI FHIR JSON parse of the same lines: the ceiling for ingest.")
    static final class Parse extends Step {
        @Option(names = "--files", required = true, description = "a.ndjson[,b.ndjson]")
        String files;

        @Option(names = "--threads", description = "default: the cores")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            List<String> lines = NdjsonLines.readAll(paths(files));
            int threads = Tools.between(
                    "--threads",
                    this.threads == null ? Runtime.getRuntime().availableProcessors() : this.threads,
                    1,
                    256);
            ParseCeiling.Result result = new ParseCeiling().measure(lines, threads, 20_000);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("lines", result.lines());
            summary.put("resources", result.resources());
            summary.put("threads", result.threads());
            summary.put("seconds", LatencyStats.round(result.seconds()));
            summary.put("resourcesPerSecond", LatencyStats.round(result.resourcesPerSecond()));
            System.err.printf(
                    Locale.ROOT,
                    "HAPI JSON parse: %,d lines, %,d resources in %.1f s on %d threads: %,.0f resources/s%n",
                    result.lines(),
                    result.resources(),
                    result.seconds(),
                    threads,
                    result.resourcesPerSecond());
            return write(summary);
        }
    }

    @Command(
            name = "count",
            mixinStandardHelpOptions = true,
            description = "Lines and clinical resources (MedicationStatement, MedicationRequest, Encounter).")
    static final class Count extends Step {
        @Option(names = "--files", required = true, description = "a.ndjson[,b.ndjson]")
        String files;

        @Override
        public Integer call() {
            long[] totals = new long[2];
            NdjsonLines.countingOnly().forEach(paths(files), l -> {
                totals[0]++;
                totals[1] += l.resources();
            });
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("lines", totals[0]);
            summary.put("resources", totals[1]);
            return write(summary);
        }
    }

    @Command(
            name = "jfr",
            mixinStandardHelpOptions = true,
            description = "The service's CPU samples by workload (REST ingest, Kafka ingest, reads, rebuild).")
    static final class Jfr extends Step {
        @Option(names = "--file", required = true, description = "umr.jfr")
        Path file;

        @Option(names = "--top", defaultValue = "12", description = "hottest methods per workload (1-100)")
        int top;

        @Override
        public Integer call() throws IOException {
            return write(JfrSummary.summarise(file, Tools.between("--top", top, 1, 100)));
        }
    }

    @Command(
            name = "jfr-phases",
            mixinStandardHelpOptions = true,
            description = "Per bench phase, from the service's JFR: the JVM's CPU by thread group (the JIT's share)"
                    + " and GC pauses (count, total, max ms).")
    static final class JfrPhasesStep extends Step {
        @Option(names = "--file", required = true, description = "the service's recording (umr.jfr)")
        Path file;

        @Option(names = "--phases", description = "the run's cpu.json: each phase's start and end")
        Path phases;

        @Option(names = "--log", description = "or a bench log: its '== HH:MM:SS  step' marks")
        Path log;

        @Override
        public Integer call() throws IOException {
            Map<String, Object> json = JfrPhases.summarise(file, JfrPhases.phases(phases, log));
            if (phases != null) { // each read step's slowest 1% laid over the JVM's pauses (JfrPhases.slowOverlap)
                JfrPhases.addSlowOverlap(json, file, phases.toAbsolutePath().getParent());
            }
            return write(json);
        }
    }

    @Command(
            name = "reports",
            mixinStandardHelpOptions = true,
            description = "Latency of each population report and a source's quality at the loaded population, then"
                    + " with summary rows grown to --scale patients in the bench database (--jdbc).")
    static final class Reports extends Step {
        @Option(names = "--url", defaultValue = "http://localhost:8080")
        String url;

        @Option(names = "--requests", defaultValue = "20", description = "requests per report (1-10,000)")
        int requests;

        @Option(names = "--jdbc", description = "the bench database, to grow the summaries to --scale")
        String jdbc;

        @Option(names = "--scale", defaultValue = "1000000", description = "patients to grow the summaries to")
        int scale;

        @Override
        public Integer call() throws Exception {
            if (requests < 1 || requests > 10_000 || scale < 0 || scale > 100_000_000) {
                throw new UsageException("bench-load reports: --requests 1-10,000, --scale 0-100,000,000");
            }
            return write(new ReportsBench(url, requests).run(jdbc, scale, System.err));
        }
    }

    @Command(
            name = "grow-records",
            mixinStandardHelpOptions = true,
            description = "Copies the loaded patients' unified records under new valid NHS numbers in the bench"
                    + " database until --scale patients have one; lists them all for bench-load read.")
    static final class GrowRecords extends Step {
        @Option(names = "--jdbc", required = true, description = "the bench database")
        String jdbc;

        @Option(names = "--scale", defaultValue = "1000000", description = "patients with a unified record")
        int scale;

        @Option(names = "--patients-out", required = true, description = "every patient with a record (CSV)")
        Path patientsOut;

        @Override
        public Integer call() throws Exception {
            Tools.between("--scale", scale, 0, 9_000_000);
            return write(RecordsScale.grow(jdbc, scale, patientsOut, System.err));
        }
    }

    @Command(
            name = "grow-sources",
            mixinStandardHelpOptions = true,
            description =
                    "Copies, for grow-records' copies, the original's patient row, source records and summary rows"
                            + " under the copy's NHS number (identifiers made the copy's own) until --scale patients are"
                            + " stored, so a rebuild can be measured at that size.")
    static final class GrowSources extends Step {
        @Option(names = "--jdbc", required = true, description = "the bench database")
        String jdbc;

        @Option(names = "--scale", defaultValue = "1000000", description = "stored patients")
        int scale;

        @Option(
                names = "--drop-report-patients",
                description = "first remove the reports' synthetic patients (98 range, no records)")
        boolean dropReportPatients;

        @Override
        public Integer call() throws Exception {
            Tools.between("--scale", scale, 0, 9_000_000);
            return write(SourcesScale.grow(jdbc, scale, dropReportPatients, System.err));
        }
    }

    @Command(
            name = "pg-ceiling",
            mixinStandardHelpOptions = true,
            description = "PostgreSQL's CPU per resource for the rows the last --messages inbound messages wrote,"
                    + " written again by COPY (one transaction per --batch messages) into copies of their tables:"
                    + " the ceiling PostgreSQL alone sets on ingest.")
    static final class PgCeilingStep extends Step {
        @Option(names = "--jdbc", required = true, description = "the bench database")
        String jdbc;

        @Option(names = "--messages", defaultValue = "4000", description = "the last inbound messages taken")
        int messages;

        @Option(names = "--batch", defaultValue = "200", description = "messages' rows per transaction")
        int batch;

        @Option(names = "--rounds", defaultValue = "3", description = "measured rounds (the median is the figure)")
        int rounds;

        @Override
        public Integer call() throws Exception {
            Tools.between("--messages", messages, 1, 1_000_000);
            Tools.between("--batch", batch, 1, 100_000);
            Tools.between("--rounds", rounds, 1, 100);
            return write(PgCeiling.measure(jdbc, messages, batch, rounds, System.err));
        }
    }

    @Command(
            name = "report",
            mixinStandardHelpOptions = true,
            description = "Gathers the steps' JSON into the results file and prints the table.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--dir", required = true, description = "the steps' folder")
        Path dir;

        @Option(names = "--out", required = true, description = "the results file")
        Path out;

        @Override
        public Integer call() throws IOException {
            return BenchReport.run(dir, out, System.out);
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

    /**
     * NHS numbers of {@code patients.csv} that have a record: at least one medicine and, in {@code generate}'s
     * file, at least one setting that sends them. A generated patient with medicines but no setting (not
     * registered with a GP, no other service: about 1.4% of those with medicines) is in no line, so UMR holds
     * nothing for them; read, they were 404s. {@code grow-records}' file (nhs_number, medicines) names only
     * patients with a record.
     */
    static List<String> patientsWithRecords(Path csv) throws IOException {
        List<String> numbers = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv);
                CSVParser rows = CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(in)) {
            for (CSVRecord row : rows) {
                if (row.isSet("medicines")
                        && !"0".equals(row.get("medicines"))
                        && (!row.isSet("settings") || !row.get("settings").isBlank())) {
                    numbers.add(row.get("nhs_number"));
                }
            }
        }
        return numbers;
    }
}
