package health.umr.tools;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for ingest on this box: HAPI FHIR's JSON parse of the very lines the back-load sends,
 * on every core, after a warm-up pass. UMR cannot ingest faster than it can parse, so end-to-end
 * ingest is reported as a fraction of this.
 */
final class ParseCeiling {

    record Result(long lines, long resources, int threads, double seconds, double resourcesPerSecond) {}

    private final FhirContext fhir = FhirContext.forR4Cached();

    Result measure(List<String> lines, int threads, int warmupLines) throws Exception {
        for (int pass = 0; pass < 2; pass++) { // two passes: HAPI's parser is large, C2 takes a while
            parseAll(lines.subList(0, Math.min(warmupLines, lines.size())), threads);
        }
        long start = System.nanoTime();
        long resources = parseAll(lines, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(lines.size(), resources, threads, seconds, resources / seconds);
    }

    private long parseAll(List<String> lines, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong resources = new AtomicLong();
        try {
            int slice = (lines.size() + threads - 1) / threads;
            List<Future<?>> parts = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> mine =
                        lines.subList(Math.min(lines.size(), t * slice), Math.min(lines.size(), (t + 1) * slice));
                parts.add(pool.submit(() -> {
                    IParser parser = fhir.newJsonParser(); // parsers are not thread-safe; the context is
                    long count = 0;
                    for (String line : mine) {
                        parser.parseResource(line);
                        count += NdjsonLines.resources(line);
                    }
                    resources.addAndGet(count);
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
        return resources.get();
    }
}
