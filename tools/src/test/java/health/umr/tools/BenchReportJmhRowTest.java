package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The reconcile row's verdict: given only when JMH's error leaves the score meaning something. */
class BenchReportJmhRowTest {

    private static final String RECONCILE = "ReconcileBench.reconcileFiftyRecords";

    @Test
    void aTightThroughputUnderFiftyMicrosIsMet() {
        // 21,000 ops/s = 47.6 µs/op, error 5%
        assertEquals("met", verdict(RECONCILE, 21_000, 1_050));
    }

    @Test
    void aTightThroughputOverFiftyMicrosIsShortByItsRatio() {
        // 10,000 ops/s = 100 µs/op
        assertEquals("SHORT ×2.0", verdict(RECONCILE, 10_000, 500));
    }

    @Test
    void anErrorWiderThanAQuarterOfTheScoreWithholdsTheVerdict() {
        // 557138b's run: 16,287 ± 98,056 ops/s
        assertEquals("noisy (error 602% of the score): no verdict", verdict(RECONCILE, 16_287, 98_056));
    }

    @Test
    void aSingleIterationHasNoErrorAndNoVerdict() {
        assertEquals("no error estimate: no verdict", verdict(RECONCILE, 21_000, Double.NaN));
    }

    @Test
    void otherBenchmarksCarryNoTargetAndNoVerdict() {
        assertEquals("", verdict("FhirParseMapBench.parseAndMapOneLine", 50_000, 90_000));
    }

    @Test
    void threadCpuUnderFiftyMicrosWithJvmsThatAgreeIsMet() {
        BenchReport.Row row = BenchReport.reconcileCpuRow(cpu(45.2, 0.08, 43.0, 46.5));
        assertEquals("met", row.verdict());
        assertEquals("≤ 50 µs/op", row.target());
        assertEquals(
                "45.2 µs/op (3 JVMs × 5 rounds of 5,000; JVM medians 43.0–46.5, spread 8%; rounds 40.1–52.3);"
                        + " 54,080 B/op",
                row.measured());
    }

    @Test
    void threadCpuOverFiftyMicrosIsShortByItsRatio() {
        assertEquals(
                "SHORT ×1.2",
                BenchReport.reconcileCpuRow(cpu(60.0, 0.1, 58.0, 63.0)).verdict());
    }

    @Test
    void jvmsFurtherApartThanAQuarterWithholdTheCpuVerdict() {
        assertEquals(
                "JVMs disagree (spread 30%): no verdict",
                BenchReport.reconcileCpuRow(cpu(45.0, 0.3, 40.0, 53.5)).verdict());
    }

    @Test
    void theCpuColumnShowsThreadCpuAndTheJitWhenTheProfilerRan() {
        ObjectNode secondary = new ObjectMapper().createObjectNode();
        secondary.putObject("cpu.thread.norm").put("score", 47.25).put("scoreError", 2.5);
        secondary.putObject("jit.compile.ms").put("score", 3.0);
        assertEquals("thread CPU 47.3 ± 2.5 µs/op; JIT 3 ms a measured iteration", BenchReport.cpuPerOp(secondary));
        assertEquals("", BenchReport.cpuPerOp(new ObjectMapper().createObjectNode()));
    }

    @Test
    void aJmhRowCarriesItsAllocationAndItsCpuFromTheSecondaryMetrics() {
        ObjectNode secondary = new ObjectMapper().createObjectNode();
        secondary.putObject("gc.alloc.rate.norm").put("score", 54_080.4);
        secondary.putObject("cpu.thread.norm").put("score", 47.25).put("scoreError", 2.5);
        secondary.putObject("jit.compile.ms").put("score", 3.0);
        JsonNode metric = new ObjectMapper()
                .createObjectNode()
                .put("score", 21_000)
                .put("scoreError", 1_050)
                .put("scoreUnit", "ops/s");

        BenchReport.Row row = BenchReport.jmhRow(RECONCILE, metric, secondary);

        assertEquals("21,000.0 ± 1,050.0 ops/s; 47.6 µs/op; 54,080 B/op", row.measured());
        assertEquals("thread CPU 47.3 ± 2.5 µs/op; JIT 3 ms a measured iteration", row.cpu());
        assertEquals("met", row.verdict());
    }

    private static JsonNode cpu(double micros, double spread, double lowest, double highest) {
        ObjectNode cpu = new ObjectMapper()
                .createObjectNode()
                .put("cpuMicrosPerOp", micros)
                .put("forkSpread", spread)
                .put("minMicros", 40.1)
                .put("maxMicros", 52.3)
                .put("bytesPerOp", 54_080)
                .put("forks", 3)
                .put("rounds", 5)
                .put("opsPerRound", 5_000);
        cpu.putArray("forkMedians").add(lowest).add((lowest + highest) / 2).add(highest);
        return cpu;
    }

    private static String verdict(String name, double score, double error) {
        JsonNode metric = new ObjectMapper()
                .createObjectNode()
                .put("score", score)
                .put("scoreError", error)
                .put("scoreUnit", "ops/s");
        return BenchReport.jmhRow(name, metric, MissingNode.getInstance()).verdict();
    }
}
