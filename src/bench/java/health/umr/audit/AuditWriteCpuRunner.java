package health.umr.audit;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/** Times operations by the CPU time of the running thread (AuditWriteCpu, AccessLogCpu). */
public final class AuditWriteCpuRunner {

    private AuditWriteCpuRunner() {}

    /** Runs each operation {@code times} times per round; prints µs of CPU and bytes allocated per operation. */
    public static void run(String[] names, LongSupplier[] operations, String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int times = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
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
                System.out.printf("  %-28s %8.3f µs %8d B%n", names[k], cpu / 1000.0 / times, bytes / times);
            }
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }
}
