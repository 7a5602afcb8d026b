package health.umr.fhir;

import health.umr.bench.ThreadCpuRunner;

/**
 * UnifiedReadBench's operations timed by the CPU time of the thread that runs them (a shared box's load
 * moves JMH's wall-clock figures far more), with the bytes that thread allocated. Prints, per round, µs of
 * CPU and bytes allocated per operation (the first rounds are warm-up). Run: {@code java -cp <test
 * classpath> health.umr.fhir.UnifiedReadCpu [rounds]} (bench/README.md).
 */
public final class UnifiedReadCpu {

    private UnifiedReadCpu() {}

    public static void main(String[] args) throws Exception {
        UnifiedReadBench bench = new UnifiedReadBench();
        bench.setUp();
        ThreadCpuRunner.run("operation", UnifiedReadBench.NAMES, bench.operations(), args, 6, 2_000);
    }
}
