package health.umr.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the service spent its CPU during a bench run, from the JFR execution samples: each sample is
 * put in the workload whose entry point is on its stack (REST ingest, Kafka ingest, reads, rebuild),
 * and for each workload the hottest UMR methods (inclusive) and hottest frames (self) are kept. Java
 * samples only: time spent waiting on PostgreSQL (its own processes) does not appear here.
 */
final class JfrSummary {

    /** Workloads by a method on the stack, first match wins. */
    private static final Map<String, String> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("health.umr.rebuild.RebuildService.rebuild", "rebuild");
        WORKLOADS.put("health.umr.kafka.InboundConsumerLoop.run", "kafka ingest");
        WORKLOADS.put("health.umr.fhir.SystemProvider.ingest", "REST ingest");
        WORKLOADS.put("health.umr.api.PatientMedicationsResource.get", "reads");
        WORKLOADS.put("health.umr.kafka.RecordChangedPublisher", "record-changed outbox");
    }

    private static final class Tally {
        long samples;
        final Map<String, Long> inclusive = new HashMap<>();
        final Map<String, Long> self = new HashMap<>();
    }

    static Map<String, Object> summarise(Path recording, int top) throws IOException {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        long total = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                total++;
                List<String> names = new ArrayList<>(frames.size());
                for (RecordedFrame frame : frames) {
                    RecordedMethod method = frame.getMethod();
                    names.add(method.getType().getName() + "." + method.getName());
                }
                String workload = "other";
                search:
                for (Map.Entry<String, String> entry : WORKLOADS.entrySet()) {
                    for (String name : names) {
                        if (name.startsWith(entry.getKey())) {
                            workload = entry.getValue();
                            break search;
                        }
                    }
                }
                Tally tally = tallies.computeIfAbsent(workload, w -> new Tally());
                tally.samples++;
                tally.self.merge(names.get(0), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (String name : names) {
                    // CDI proxies and interceptor plumbing only repeat the method they forward to
                    boolean generated =
                            name.contains("_ClientProxy") || name.contains("_Subclass") || name.contains("$$");
                    if (name.startsWith("health.umr.") && !generated && seen.add(name)) {
                        tally.inclusive.merge(name, 1L, Long::sum);
                    }
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("samples", total);
        for (Map.Entry<String, Tally> entry : tallies.entrySet()) {
            Tally tally = entry.getValue();
            Map<String, Object> workload = new LinkedHashMap<>();
            workload.put("shareOfSamples", percent(tally.samples, total));
            workload.put("samples", tally.samples);
            workload.put("umrMethodsInclusive", topPercent(tally.inclusive, tally.samples, top));
            workload.put("framesSelf", topPercent(tally.self, tally.samples, top));
            json.put(entry.getKey(), workload);
        }
        return json;
    }

    private static Map<String, Double> topPercent(Map<String, Long> counts, long of, int top) {
        Map<String, Double> result = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> result.put(e.getKey(), percent(e.getValue(), of)));
        return result;
    }

    private static double percent(long part, long of) {
        return of == 0 ? 0 : Math.round(1000.0 * part / of) / 10.0;
    }
}
