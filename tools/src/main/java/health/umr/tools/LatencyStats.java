package health.umr.tools;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Percentiles of a finished run from the sorted latencies themselves: a run holds at most a few
 * hundred thousand samples, so an exact sorted array is cheaper to trust than a histogram.
 */
final class LatencyStats {

    private final long[] sortedNanos;

    LatencyStats(long[] nanos, int count) {
        this.sortedNanos = Arrays.copyOf(nanos, count);
        Arrays.sort(sortedNanos);
    }

    int count() {
        return sortedNanos.length;
    }

    /** The nearest-rank percentile in milliseconds; 0 when there are no samples. */
    double percentileMillis(double percentile) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1e6;
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
