package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reconcile of one 50-record patient: ten medicines held by GP, acute, mental health and homecare,
 * as statements, plans and orders, with a dose discrepancy, a stop, text-only and retired codes, so
 * every stage of the reconciler (grouping, dates, doses, discrepancies) does real work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReconcileBench {

    private final Reconciler reconciler = new Reconciler();
    private List<SourceRecord> records;
    private Dmd dmd;

    @Setup
    public void setUp() {
        dmd = TestDmd.get();
        records = RefreshPatient.medicationRecords();
    }

    @Benchmark
    public UnifiedRecord reconcileFiftyRecords() {
        return reconciler.reconcile(Records.PATIENT, records, Records.SOURCES, dmd);
    }

    /**
     * Outside JMH, on a shared box: thread CPU time per reconcile (which other processes' load
     * inflates far less than wall time) after {@code args[0]} warm-up seconds; or, with {@code
     * --dump}, the reconciled record's text, to compare before and after a change.
     */
    public static void main(String[] args) {
        ReconcileBench bench = new ReconcileBench();
        bench.setUp();
        if (args.length > 0 && args[0].equals("--dump")) {
            System.out.println(bench.reconcileFiftyRecords());
            return;
        }
        long warmup = args.length > 0 ? Long.parseLong(args[0]) : 10;
        long end = System.nanoTime() + warmup * 1_000_000_000L;
        while (System.nanoTime() < end) {
            bench.reconcileFiftyRecords();
        }
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long ops = 0;
            long start = cpu.getCurrentThreadCpuTime();
            long stop = start + 3_000_000_000L;
            long used;
            while ((used = cpu.getCurrentThreadCpuTime()) < stop) {
                for (int i = 0; i < 100; i++) {
                    bench.reconcileFiftyRecords();
                }
                ops += 100;
            }
            System.out.printf("reconcile: %.1f us of thread CPU per op (%d ops)%n", (used - start) / 1000.0 / ops, ops);
        }
    }
}
