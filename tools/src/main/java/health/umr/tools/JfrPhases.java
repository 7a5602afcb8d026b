package health.umr.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The service JVM's own account of each bench phase, from its JFR recording: the share of the JVM's CPU
 * per thread group ({@code jdk.ThreadCPULoad}: the JIT compiler, the request executor, the event loop,
 * GC, Kafka and UMR's own threads) and the GC pauses ({@code jdk.GarbageCollection}: count, total, max).
 * Phases come from bench/run.sh's {@code cpu.json} (each phase's start and end, epoch ms) or, for older
 * runs, from the "== HH:MM:SS  step" marks of a bench log (UTC time of day, as the events'). ThreadCPULoad
 * is sampled per thread every period (run.sh sets 1 s; JFR's default is 10 s), so the shares are estimates.
 */
final class JfrPhases {

    private static final Pattern MARK = Pattern.compile("^== (\\d\\d:\\d\\d:\\d\\d)  (.*)$", Pattern.MULTILINE);

    private record Window(String name, long startMs, long endMs) {}

    private static final class Tally {
        final Map<String, Double> load = new LinkedHashMap<>();
        int pauses;
        double pauseTotalMs;
        double pauseMaxMs;
    }

    private JfrPhases() {}

    /** A JVM thread's group, by its name. */
    static String group(String thread) {
        if (thread.matches("(?i).*C[12] Compiler.*")) {
            return "jit";
        } else if (thread.startsWith("executor")) {
            return "executor";
        } else if (thread.startsWith("vert.x-eventloop")) {
            return "eventloop";
        } else if (thread.contains("GC") || thread.startsWith("G1")) {
            return "gc";
        } else if (thread.startsWith("umr") || thread.toLowerCase(Locale.ROOT).contains("kafka")) {
            return "umr/kafka";
        }
        return "other";
    }

    /** Phases by their windows in a bench run's cpu.json ({@code startEpochMs}, {@code endEpochMs}). */
    static Function<Instant, String> fromCpuJson(JsonNode cpu) {
        List<Window> windows = new ArrayList<>();
        cpu.fields().forEachRemaining(phase -> {
            JsonNode value = phase.getValue();
            if (value.has("startEpochMs") && value.has("endEpochMs")) {
                windows.add(new Window(
                        phase.getKey(),
                        value.path("startEpochMs").asLong(),
                        value.path("endEpochMs").asLong()));
            }
        });
        return at -> {
            long ms = at.toEpochMilli();
            for (Window window : windows) {
                if (ms >= window.startMs() && ms < window.endMs()) {
                    return window.name();
                }
            }
            return null;
        };
    }

    /** Phases by the marks of a bench log: an event belongs to the last mark at or before it (time of day). */
    static Function<Instant, String> fromLog(String log) {
        List<LocalTime> times = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher mark = MARK.matcher(log);
        while (mark.find()) {
            times.add(LocalTime.parse(mark.group(1)));
            String name = mark.group(2).strip();
            names.add(name.length() > 40 ? name.substring(0, 40) : name);
        }
        return at -> {
            LocalTime time = LocalTime.ofInstant(at, ZoneOffset.UTC).withNano(0);
            String phase = "before the log";
            for (int i = 0; i < times.size() && !times.get(i).isAfter(time); i++) {
                phase = names.get(i);
            }
            return phase;
        };
    }

    static Map<String, Object> summarise(Path recording, Function<Instant, String> phaseOf) throws IOException {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                boolean load = "jdk.ThreadCPULoad".equals(type);
                if (!load && !"jdk.GarbageCollection".equals(type)) {
                    continue;
                }
                String phase = phaseOf.apply(event.getStartTime());
                if (phase == null) {
                    continue;
                }
                Tally tally = tallies.computeIfAbsent(phase, p -> new Tally());
                if (load) {
                    RecordedThread thread = event.getThread();
                    String name = thread == null
                            ? "?"
                            : thread.getJavaName() != null ? thread.getJavaName() : String.valueOf(thread.getOSName());
                    tally.load.merge(
                            group(name), (double) event.getFloat("user") + event.getFloat("system"), Double::sum);
                } else {
                    double total = event.getDuration("sumOfPauses").toNanos() / 1e6;
                    tally.pauses++;
                    tally.pauseTotalMs += total;
                    tally.pauseMaxMs = Math.max(
                            tally.pauseMaxMs, event.getDuration("longestPause").toNanos() / 1e6);
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        for (Map.Entry<String, Tally> entry : tallies.entrySet()) {
            Tally tally = entry.getValue();
            double sum = tally.load.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            Map<String, Object> phase = new LinkedHashMap<>();
            Map<String, Double> shares = new LinkedHashMap<>();
            tally.load.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> shares.put(e.getKey(), sum == 0 ? 0 : LatencyStats.round(e.getValue() / sum)));
            if (sum > 0) {
                phase.put("jitShare", shares.getOrDefault("jit", 0.0));
                phase.put("jvmCpuShares", shares);
            }
            phase.put("gcPauses", tally.pauses);
            phase.put("gcPauseTotalMs", LatencyStats.round(tally.pauseTotalMs));
            phase.put("gcPauseMaxMs", LatencyStats.round(tally.pauseMaxMs));
            json.put(entry.getKey(), phase);
        }
        return json;
    }

    /**
     * For each phase whose step file ({@code <phase>.json} beside cpu.json, as bench-load read writes it)
     * holds the slowest 1% of its requests' windows ({@code slowest1Percent.windowsEpochMs}: due to done),
     * how many of them overlap a GC pause ({@code jdk.GCPhasePause}, every one) and a safepoint of 10 ms or
     * more ({@code jdk.SafepointBegin}, JFR's default threshold): {@code slowRequests},
     * {@code slowDuringGcPause}, {@code slowDuringSafepoint}, added to the phase's entry. A slow request
     * that overlaps none waited for something else: a core, the event loop, the generator, PostgreSQL.
     */
    @SuppressWarnings("unchecked")
    static void addSlowOverlap(Map<String, Object> json, Path recording, Path steps) throws IOException {
        Map<String, List<long[]>> slow = new LinkedHashMap<>();
        for (String phase : phaseNames(steps.resolve("cpu.json"))) {
            Path step = steps.resolve(phase + ".json");
            if (!phase.matches("[A-Za-z0-9.-]+") || !Files.isRegularFile(step)) {
                continue;
            }
            JsonNode windows = BenchLoadCommand.JSON
                    .readTree(step.toFile())
                    .path("slowest1Percent")
                    .path("windowsEpochMs");
            List<long[]> list = new ArrayList<>();
            windows.forEach(
                    w -> list.add(new long[] {w.path(0).asLong(), w.path(1).asLong()}));
            if (!list.isEmpty()) {
                slow.put(phase, list);
            }
        }
        if (slow.isEmpty()) {
            return;
        }
        List<long[]> gc = new ArrayList<>();
        List<long[]> safepoints = new ArrayList<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String type = event.getEventType().getName();
                List<long[]> into =
                        "jdk.GCPhasePause".equals(type) ? gc : "jdk.SafepointBegin".equals(type) ? safepoints : null;
                if (into != null) {
                    long start = event.getStartTime().toEpochMilli();
                    into.add(new long[] {start, event.getEndTime().toEpochMilli() + 1});
                }
            }
        }
        for (Map.Entry<String, List<long[]>> phase : slow.entrySet()) {
            Map<String, Object> entry = (Map<String, Object>)
                    json.computeIfAbsent(phase.getKey(), k -> new LinkedHashMap<String, Object>());
            entry.put("slowRequests", phase.getValue().size());
            entry.put("slowDuringGcPause", overlapping(phase.getValue(), gc));
            entry.put("slowDuringSafepoint", overlapping(phase.getValue(), safepoints));
        }
    }

    /** How many of the windows overlap at least one of the pauses (both [start, end) in epoch ms). */
    static int overlapping(List<long[]> windows, List<long[]> pauses) {
        int count = 0;
        for (long[] window : windows) {
            for (long[] pause : pauses) {
                if (pause[0] < window[1] && window[0] < pause[1]) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    private static List<String> phaseNames(Path cpuJson) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isRegularFile(cpuJson)) {
            BenchLoadCommand.JSON.readTree(cpuJson.toFile()).fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    static Function<Instant, String> phases(Path cpuJson, Path log) throws IOException {
        if (cpuJson != null) {
            return fromCpuJson(BenchLoadCommand.JSON.readTree(cpuJson.toFile()));
        }
        if (log != null) {
            return fromLog(Files.readString(log));
        }
        throw new UsageException("bench-load jfr-phases: give --phases cpu.json or --log BENCH_LOG");
    }
}
