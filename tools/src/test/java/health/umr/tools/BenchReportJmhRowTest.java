package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
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

    private static String verdict(String name, double score, double error) {
        JsonNode metric = new ObjectMapper()
                .createObjectNode()
                .put("score", score)
                .put("scoreError", error)
                .put("scoreUnit", "ops/s");
        return BenchReport.jmhRow(name, metric, MissingNode.getInstance()).verdict();
    }
}
