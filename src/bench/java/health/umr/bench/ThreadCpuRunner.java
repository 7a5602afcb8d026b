package health.umr.bench;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Times operations by the CPU time of the thread that runs them (a shared box's load moves wall-clock figures far
 * more), with the bytes that thread allocated: the loop of AuditWriteCpu, AccessLogCpu, UnifiedReadCpu,
 * FhirAnswerWriteCpu and ReadCacheCpu.
 */
public final class ThreadCpuRunner {

    private ThreadCpuRunner() {}

    /**
     * Runs each operation {@code times} times a round for {@code rounds} rounds (the first rounds are warm-up),
     * {@code args} ({@code [rounds] [times]}) overriding the two defaults, and prints per round and operation the µs
     * of CPU and the bytes allocated per operation. {@code per} names what one operation is, for the round's
     * heading ("operation", "read", ...). The operations' results are summed and the sum looked at, so that none
     * is optimised away.
     */
    public static void run(
            String per, String[] names, LongSupplier[] operations, String[] args, int rounds, int times) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        rounds = args.length > 0 ? Integer.parseInt(args[0]) : rounds;
        times = args.length > 1 ? Integer.parseInt(args[1]) : times;
        int width = 1;
        for (String name : names) {
            width = Math.max(width, name.length());
        }
        String line = "  %-" + width + "s %8.3f µs %10d B%n";
        long sink = 0;
        long self = Thread.currentThread().getId();
        for (int round = 0; round < rounds; round++) {
            System.out.println("round " + round + " (µs of CPU, bytes allocated per " + per + "):");
            for (int k = 0; k < operations.length; k++) {
                LongSupplier operation = operations[k];
                long bytes = threads.getThreadAllocatedBytes(self);
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < times; i++) {
                    sink += operation.getAsLong();
                }
                long cpu = threads.getCurrentThreadCpuTime() - start;
                bytes = threads.getThreadAllocatedBytes(self) - bytes;
                System.out.printf(line, names[k], cpu / 1000.0 / times, bytes / times);
            }
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }
}
