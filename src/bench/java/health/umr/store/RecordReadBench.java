package health.umr.store;

import health.umr.domain.ClinicalRecord;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.domain.Source;
import health.umr.reconcile.RefreshPatient;
import health.umr.records.PatientRecordBuilder;
import health.umr.sources.SourceRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading one stored unified record (the {@code content} JSON of a {@code unified_record} row, as the
 * UTF-8 bytes pgjdbc's {@code getBytes} gives: what {@link UnifiedRecordRepository} reads) back into a
 * {@link PatientRecord}: what every worked-out read of a patient's record does in Java besides JDBC.
 * {@code records} is the patient's size: {@link RefreshPatient} whole (50 medication records and 2
 * encounters) or a typical small patient (7 of its medication records and the open admission).
 * Run with {@code -prof gc} for the bytes allocated per read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordReadBench {

    @Param({"50", "8"})
    public int records;

    /** The stored JSON as the repository reads it: the row's UTF-8 bytes. */
    private byte[] stored;

    @Setup
    public void setUp() throws java.io.IOException {
        Map<String, Source> sources = RefreshPatient.sources();
        SourceRegistry registry = new SourceRegistry(null) {
            @Override
            public Optional<Source> findById(String id) {
                return Optional.ofNullable(sources.get(id));
            }
        };
        PatientRecordBuilder builder = new PatientRecordBuilder(null, null, registry, RefreshPatient.dmd());
        List<ClinicalRecord> chosen = new ArrayList<>(RefreshPatient.records());
        if (records != 50) {
            List<ClinicalRecord> all = chosen;
            chosen = new ArrayList<>(all.subList(0, records - 1));
            chosen.add(all.get(all.size() - 1));
        }
        List<SourceRecordRepository.Loaded> loaded = new ArrayList<>();
        for (ClinicalRecord record : chosen) {
            loaded.add(new SourceRecordRepository.Loaded(record, record.resourceId()));
        }
        PatientRecord record = builder.build(
                RefreshPatient.nhsNumber(),
                loaded,
                Optional.of(RefreshPatient.facts()),
                ReferenceTime.at(Instant.parse("2026-12-01T12:00:00Z")));
        // as a read gets it: the json column gives back the text RecordJson wrote (V23)
        stored = RecordJson.write(record).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (!databind().equals(record) || !streaming().equals(record)) {
            throw new IllegalStateException("the stored record does not read back equal");
        }
    }

    /** Jackson's data binding of the stored bytes (the oracle). */
    @Benchmark
    public PatientRecord databind() {
        return RecordJson.read(stored, PatientRecord.class);
    }

    /** What the store reads a row with: {@link RecordJson#readRecord(byte[])}, {@link StoredRecordReader}. */
    @Benchmark
    public PatientRecord streaming() {
        return RecordJson.readRecord(stored);
    }

    /**
     * Outside JMH, on a shared box: each reader's thread CPU time and bytes allocated per read (which
     * other processes' load inflates far less than wall time), for both patient sizes, after
     * {@code args[0]} warm-up seconds (then only the readers named, if any); or, with {@code --dump}, the stored JSON of the 50-record patient.
     */
    public static void main(String[] args) throws java.io.IOException {
        RecordReadBench bench = new RecordReadBench();
        bench.records = 50;
        bench.setUp();
        if (args.length > 0 && args[0].equals("--dump")) {
            System.out.println(new String(bench.stored, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        long warmup = args.length > 0 ? Long.parseLong(args[0]) : 10;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("databind", "streaming");
        for (int size : new int[] {50, 8}) {
            bench.records = size;
            bench.setUp();
            for (String name : names) {
                long end = System.nanoTime() + warmup * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    bench.run(name);
                }
            }
            // The readers take turns, 0.2 s of CPU each, 15 rounds: a change in the box's load falls on all.
            long[] cpu = new long[names.size()];
            long[] bytes = new long[names.size()];
            long[] ops = new long[names.size()];
            for (int round = 0; round < 15; round++) {
                for (int n = 0; n < names.size(); n++) {
                    long start = threads.getCurrentThreadCpuTime();
                    long allocated = threads.getThreadAllocatedBytes(thread);
                    long used;
                    while ((used = threads.getCurrentThreadCpuTime()) < start + 200_000_000L) {
                        for (int i = 0; i < 10; i++) {
                            bench.run(names.get(n));
                        }
                        ops[n] += 10;
                    }
                    cpu[n] += used - start;
                    bytes[n] += threads.getThreadAllocatedBytes(thread) - allocated;
                }
            }
            for (int n = 0; n < names.size(); n++) {
                System.out.printf(
                        "%s, %d records: %.1f us of thread CPU and %d bytes per read (%d reads)%n",
                        names.get(n), size, cpu[n] / 1000.0 / ops[n], bytes[n] / ops[n], ops[n]);
            }
        }
    }

    private PatientRecord run(String name) {
        return switch (name) {
            case "streaming" -> streaming();
            default -> databind();
        };
    }
}
