package health.umr.fhir;

import static health.umr.support.FhirJson.DMD;

import health.umr.domain.NhsNumber;
import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import health.umr.support.SyntheticCodes;
import health.umr.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

/**
 * The Java CPU of the two reads over HTTP in one service (the test's own Quarkus, real PostgreSQL): the
 * JSON read and {@code $unified-medications} (default form), worked out (a read at an instant, which
 * never uses the read cache: what a miss does but for the stamp's two subqueries) and answered from the
 * read cache. CPU of every JVM thread but the client's (so the service's executor, event loop, audit
 * writer, JIT and GC), per request, per round; PostgreSQL's is not counted. The last round of each kind is
 * also recorded by JFR (target/read-{kind}.jfr; bench/jfr-buckets.py or {@code jfr print} read it). Not a
 * test (no assertion); run: {@code mvn -B -o -Pbench test -Dtest=UnifiedReadHttpCpu
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbench.read.rounds=6 -Dbench.read.times=1000} (bench/README.md).
 */
@QuarkusTest
class UnifiedReadHttpCpu {

    private static final String[] CODES = {
        SyntheticCodes.SERTRALINE_50,
        SyntheticCodes.CITALOPRAM_20,
        SyntheticCodes.OMEPRAZOLE_20,
        SyntheticCodes.LANSOPRAZOLE_30,
        SyntheticCodes.APIXABAN_5,
        SyntheticCodes.RIVAROXABAN_20,
        SyntheticCodes.AMITRIPTYLINE_10,
        SyntheticCodes.OXYBUTYNIN_5,
        SyntheticCodes.LEVETIRACETAM_500,
        SyntheticCodes.METHOTREXATE_2_5
    };

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("bench.read.rounds", 6);
        int times = Integer.getInteger("bench.read.times", 1000);
        int patients = Integer.getInteger("bench.read.patients", 20);
        DmdFixtures.loadSynthetic();
        String gp = Feeds.source("cpu-gp", "gp");
        String mentalHealth = Feeds.source("cpu-mh", "mental-health");
        List<String> nhs = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            String patient = Feeds.newNhsNumber();
            nhs.add(patient);
            FhirJson.post(FhirJson.patient(patient, "female", "1950-05-04", "2026-11-01T09:00:00Z"));
            for (int i = 0; i < CODES.length; i++) {
                FhirJson.post(FhirJson.statement(
                        i % 3 == 0 ? mentalHealth : gp,
                        "cpu-" + patient + "-" + i,
                        patient,
                        DMD,
                        CODES[i],
                        "Medicine " + i,
                        "active",
                        "2026-11-01T09:00:00Z",
                        (i + 1) + " daily",
                        null));
            }
        }
        String base = "http://localhost:" + RestAssured.port;
        String at = "=" + Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Function<String, String>> kinds = new LinkedHashMap<>();
        kinds.put("json-worked-out", p -> base + "/api/patients/" + p + "/medications?at" + at);
        kinds.put(
                "fhir-worked-out",
                p -> base + "/fhir/Patient/$unified-medications?identifier=" + NhsNumber.SYSTEM + "%7C" + p + "&_at"
                        + at);
        kinds.put("json-kept", p -> base + "/api/patients/" + p + "/medications");
        kinds.put(
                "fhir-kept",
                p -> base + "/fhir/Patient/$unified-medications?identifier=" + NhsNumber.SYSTEM + "%7C" + p);
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = "Bearer " + TestTokens.user("cpu-portal", "cpu-user", "user/*.read");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + " (µs of service CPU per request):");
            for (Map.Entry<String, Function<String, String>> kind : kinds.entrySet()) {
                Recording recording = null;
                if (round == rounds - 1) {
                    recording = new Recording();
                    recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(2));
                    recording.start();
                }
                long before = serviceCpu(threads);
                long bytes = 0;
                for (int i = 0; i < times; i++) {
                    HttpResponse<byte[]> response = client.send(
                            HttpRequest.newBuilder(URI.create(kind.getValue().apply(nhs.get(i % nhs.size()))))
                                    .header("Authorization", token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(kind.getKey() + " " + response.statusCode());
                    }
                    bytes += response.body().length;
                }
                long cpu = serviceCpu(threads) - before;
                if (recording != null) {
                    recording.stop();
                    recording.dump(Path.of("target", "read-" + kind.getKey() + ".jfr"));
                    recording.close();
                }
                line.append(String.format("  %s %.0f (%d B)", kind.getKey(), cpu / 1000.0 / times, bytes / times));
            }
            System.out.println(line);
        }
    }

    /** CPU time of every live thread but this one and the HTTP client's. */
    private static long serviceCpu(ThreadMXBean threads) {
        long self = Thread.currentThread().getId();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null
                    || info.getThreadId() == self
                    || info.getThreadName().startsWith("HttpClient")) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                total += cpu;
            }
        }
        return total;
    }
}
