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
}
