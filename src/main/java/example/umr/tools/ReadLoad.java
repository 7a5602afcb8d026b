package example.umr.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop, fixed-rate reader of unified records (wrk2-style). Request i is due at
 * {@code start + i / rate} whether or not earlier ones have answered, and its latency is measured
 * from that due time, not from when it was actually sent: a stalled server therefore shows up as
 * latency instead of silently lowering the offered load (coordinated omission).
 */
final class ReadLoad {

    /** Which read: the portal JSON or the FHIR operation. */
    enum Kind { API, FHIR }

    record Result(int rate, int seconds, long sent, long ok, long notFound, long errors, double achievedPerSecond,
                  LatencyStats latency, Map<String, Integer> failures) {
    }

    private final HttpClient http;
    private final String baseUrl;
    private final List<String> nhsNumbers;
    private final Kind kind;
    private final Duration timeout;

    ReadLoad(HttpClient http, String baseUrl, List<String> nhsNumbers, Kind kind, Duration timeout) {
        if (nhsNumbers.isEmpty()) {
            throw new UsageException("bench-load read: no NHS numbers to read");
        }
        this.http = http;
        this.baseUrl = Replay.stripSlash(baseUrl);
        this.nhsNumbers = nhsNumbers;
        this.kind = kind;
        this.timeout = timeout;
    }

    Result run(int rate, int seconds, long seed) throws InterruptedException {
        int total = Math.multiplyExact(rate, seconds);
        long[] latencies = new long[total];
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger notFound = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<String, Integer> failures = new TreeMap<>();
        CountDownLatch done = new CountDownLatch(total);
        Random random = new Random(seed);
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = HttpRequest.newBuilder(uri(nhsNumbers.get(random.nextInt(nhsNumbers.size()))))
                    .timeout(timeout).header("Accept", "application/json").GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long latency = System.nanoTime() - due;
                if (failure != null) {
                    errors.incrementAndGet();
                    count(failures, failure.getClass().getSimpleName());
                } else if (response.statusCode() == 200) {
                    ok.incrementAndGet();
                } else if (response.statusCode() == 404) {
                    notFound.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                    count(failures, "HTTP " + response.statusCode());
                }
                latencies[recorded.getAndIncrement()] = latency;
                done.countDown();
            });
        }
        long sendingNanos = System.nanoTime() - start;
        if (!done.await(timeout.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS)) {
            count(failures, "unanswered at the end");
        }
        int answered = recorded.get();
        return new Result(rate, seconds, total, ok.get(), notFound.get(), errors.get() + (total - answered),
                total / (sendingNanos / 1e9), new LatencyStats(latencies, answered), failures);
    }

    private URI uri(String nhs) {
        return URI.create(switch (kind) {
            case API -> baseUrl + "/api/patients/" + nhs + "/medications";
            case FHIR -> baseUrl + "/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + nhs;
        });
    }

    private static void count(Map<String, Integer> failures, String what) {
        synchronized (failures) {
            failures.merge(what, 1, Integer::sum);
        }
    }
}
