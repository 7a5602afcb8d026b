package health.umr.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import health.umr.alerts.AlertStates;
import health.umr.alerts.AnswerValidity;
import health.umr.bench.ThreadCpuRunner;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.fhir.UnifiedRecordViews;
import health.umr.records.ReadCache;
import health.umr.records.RecordView;
import health.umr.store.UnifiedRecordRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.LongSupplier;

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
        long[] reads = new long[2]; // each read at its own instant, a nanosecond on from the last
        LongSupplier[] operations = {
            () -> {
                Instant at = now.plusNanos(reads[0]++);
                PatientRecord record = UnifiedRecordViews.builder().reevaluate(stored, ReferenceTime.at(at));
                RecordView read = new RecordView(
                        view.version(),
                        record,
                        AlertStates.at(record.alerts(), reading.acknowledgements(), at),
                        ReferenceTime.at(at));
                return AnswerValidity.until(record, reading.acknowledgements(), at)
                                .getNano()
                        + written(() -> PatientMedicationsWriter.write(mapper, read, UnifiedRecordViews.rules()))
                                .length;
            },
            () -> entry.with(written(() -> mapper.writeValueAsBytes(now.plusNanos(reads[1]++)))).length
        };
        ThreadCpuRunner.run(
                "read, " + answer.length + " B an answer",
                new String[] {"worked out", "kept"},
                operations,
                args,
                6,
                2_000);
    }

    private interface Write {
        byte[] bytes() throws IOException;
    }

    private static byte[] written(Write write) {
        try {
            return write.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
