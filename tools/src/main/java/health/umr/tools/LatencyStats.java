package health.umr.tools;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of a finished run, from an HdrHistogram of the latencies (nanoseconds, three
 * significant digits: a percentile is exact to 0.1%).
 */
final class LatencyStats {

    private final Histogram histogram = new Histogram(3);

    LatencyStats(long[] nanos, int count) {
        for (int i = 0; i < count; i++) {
            histogram.recordValue(Math.max(0, nanos[i]));
        }
    }

    int count() {
        return (int) histogram.getTotalCount();
    }

    /** The percentile in milliseconds; 0 when there are no samples. */
    double percentileMillis(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
        return count() == 0 ? 0 : histogram.getMaxValue() / 1e6;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("p50Ms", round(percentileMillis(50)));
        map.put("p95Ms", round(percentileMillis(95)));
        map.put("p99Ms", round(percentileMillis(99)));
        map.put("p999Ms", round(percentileMillis(99.9)));
        map.put("maxMs", round(maxMillis()));
        return map;
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
