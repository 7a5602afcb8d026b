package health.umr.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof health.umr.bench.CpuTimeProfiler}) that reports, per iteration, the CPU
 * time the benchmark's own worker threads used per operation ({@code cpu.thread.norm}, µs/op) and the
 * whole forked JVM's ({@code cpu.process.norm}: GC and the JIT's compiler threads too), and the time
 * the JIT spent compiling during the iteration ({@code jit.compile.ms}, as the JVM counts it).
 *
 * <p>Why: on this 2-core box JMH's wall-clock score measures the box as much as the code. A "quiet"
 * run's one-second iterations of reconcile ranged 9,832-25,987 ops/s (9225bb3) with GC under 1% of
 * the time, and on a shared box another process's build takes the core outright. The worker's CPU
 * time counts only the time the code ran, so time the scheduler gave to others is left out; what is
 * left is the code's cost (plus cache and frequency effects, which CPU time does not remove).
 * JMH aggregates these per-iteration values over iterations and forks with its usual error.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private Map<Long, Long> workersBefore = Map.of();
    private long processBefore;
    private long jitBefore;

    public CpuTimeProfiler() {
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM does not measure thread CPU time");
        }
        threads.setThreadCpuTimeEnabled(true);
    }

    @Override
    public String getDescription() {
        return "CPU time of the benchmark's worker threads (and of the whole JVM) per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workersBefore = workerCpu();
        processBefore = os.getProcessCpuTime();
        jitBefore = jitMillis();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long process = os.getProcessCpuTime() - processBefore;
        long worker = 0;
        for (Map.Entry<Long, Long> now : workerCpu().entrySet()) {
            // a worker started during this iteration (the first one) counts from zero
            worker += now.getValue() - workersBefore.getOrDefault(now.getKey(), 0L);
        }
        // every operation the workers ran, measured or not: the CPU time covers them all
        long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
        if (ops <= 0) {
            return List.of();
        }
        return List.of(
                new ScalarResult("cpu.thread.norm", worker / 1000.0 / ops, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.process.norm", process / 1000.0 / ops, "us/op", AggregationPolicy.AVG),
                // not zero in measured iterations: the JIT was still compiling, the code not yet in its steady state
                new ScalarResult("jit.compile.ms", jitMillis() - jitBefore, "ms", AggregationPolicy.AVG));
    }

    private long jitMillis() {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** CPU nanoseconds so far of each live JMH worker thread, by thread id. */
    private Map<Long, Long> workerCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("jmh-worker")) {
                long used = threads.getThreadCpuTime(info.getThreadId());
                if (used >= 0) {
                    cpu.put(info.getThreadId(), used);
                }
            }
        }
        return cpu;
    }
}
