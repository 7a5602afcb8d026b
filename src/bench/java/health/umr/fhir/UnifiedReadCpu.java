package health.umr.fhir;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

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
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String[] names = UnifiedReadBench.NAMES;
        LongSupplier[] operations = bench.operations();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int times = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        long sink = 0;
        long self = Thread.currentThread().getId();
        for (int round = 0; round < rounds; round++) {
            System.out.println("round " + round + " (µs of CPU, bytes allocated per operation):");
            for (int k = 0; k < operations.length; k++) {
                long bytes = threads.getThreadAllocatedBytes(self);
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < times; i++) {
                    sink += operations[k].getAsLong();
                }
                long cpu = threads.getCurrentThreadCpuTime() - start;
                bytes = threads.getThreadAllocatedBytes(self) - bytes;
                System.out.printf("  %-22s %8.1f µs %10d B%n", names[k], cpu / 1000.0 / times, bytes / times);
            }
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }
}
