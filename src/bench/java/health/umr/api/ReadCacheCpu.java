package health.umr.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import health.umr.alerts.AlertStates;
import health.umr.alerts.AnswerValidity;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.fhir.UnifiedRecordViews;
import health.umr.records.ReadCache;
import health.umr.records.RecordView;
import health.umr.store.UnifiedRecordRepository;
import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * The JSON read's Java after its record is in hand, worked out (re-evaluate the alerts, apply the
 * acknowledgements, validity, and write the answer with {@link PatientMedicationsWriter}, as the service
 * does) against answered from a kept {@link ReadCache.Entry} (the request's time written between the kept
 * bytes, as {@link ReadCache#current} does on a hit), for the benchmarks' patient, by the CPU time of the
 * measuring thread and the bytes it allocated. Neither side includes reading the row (pgjdbc's decode
 * and the stored-record reader), which a hit also skips. Run: {@code java -cp <test classpath>
 * health.umr.api.ReadCacheCpu [rounds] [times]} (bench/README.md).
 */
public final class ReadCacheCpu {

    private ReadCacheCpu() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        UnifiedRecordViews.Reading reading = UnifiedRecordViews.reading(UnifiedRecordViews.realisticSpec());
        PatientRecord stored = reading.stored();
        Instant now = reading.read();
        RecordView view = UnifiedRecordViews.at(reading, now);
        byte[] answer = PatientMedicationsWriter.write(mapper, view, UnifiedRecordViews.rules());
        byte[][] parts = PatientMedicationsResource.split(answer, mapper.writeValueAsBytes(now))
                .orElseThrow();
        ReadCache.Entry entry = new ReadCache.Entry(
                new UnifiedRecordRepository.Stamp(12, now, "f", 1, 3, 3),
                true,
                now,
                now.plusSeconds(60),
                parts[0],
                parts[1]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int times = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        long self = Thread.currentThread().getId();
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            System.out.println("round " + round + " (µs of CPU, bytes allocated per read):");
            for (int kind = 0; kind < 2; kind++) {
                long bytes = threads.getThreadAllocatedBytes(self);
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < times; i++) {
                    Instant at = now.plusNanos(i);
                    if (kind == 0) {
                        PatientRecord record = UnifiedRecordViews.builder().reevaluate(stored, ReferenceTime.at(at));
                        RecordView read = new RecordView(
                                view.version(),
                                record,
                                AlertStates.at(record.alerts(), reading.acknowledgements(), at),
                                ReferenceTime.at(at));
                        sink += AnswerValidity.until(record, reading.acknowledgements(), at)
                                .getNano();
                        sink += PatientMedicationsWriter.write(mapper, read, UnifiedRecordViews.rules()).length;
                    } else {
                        sink += entry.with(mapper.writeValueAsBytes(at)).length;
                    }
                }
                long cpu = threads.getCurrentThreadCpuTime() - start;
                bytes = threads.getThreadAllocatedBytes(self) - bytes;
                System.out.printf(
                        "  %-12s %8.1f µs %10d B%n",
                        kind == 0 ? "worked out" : "kept", cpu / 1000.0 / times, bytes / times);
            }
        }
        System.out.println(sink == 42 ? "" : "(done, " + answer.length + " bytes per answer)");
    }
}
