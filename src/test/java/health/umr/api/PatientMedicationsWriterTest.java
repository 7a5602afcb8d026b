package health.umr.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import health.umr.fhir.UnifiedRecordViews;
import health.umr.records.RecordView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TimeZone;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The answer {@link PatientMedicationsWriter} writes straight from a view is byte for byte data
 * binding's of {@link PatientMedicationsJson#of} (the old path), for views of any record (coded and
 * text-only medicines, every status, alerts with and without acknowledgements, text with quotes,
 * control characters and characters outside the BMP), with a plain mapper and one set as Quarkus sets
 * its own (UTC time zone). ReadCacheHttpTest checks the same through the service's own mapper.
 */
class PatientMedicationsWriterTest {

    private static final ObjectMapper PLAIN = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final ObjectMapper AS_QUARKUS = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setTimeZone(TimeZone.getTimeZone("UTC"));

    @Property(tries = 200)
    void theAnswerIsDataBindingsByteForByte(@ForAll("specs") UnifiedRecordViews.Spec spec) throws IOException {
        RecordView view = UnifiedRecordViews.of(spec);
        same(view);
    }

    @Example
    void theRealisticRecordsAnswerIsDataBindingsByteForByte() throws IOException {
        same(UnifiedRecordViews.realistic());
    }

    @Property(tries = 2000)
    void anInstantIsWrittenAsIsoInstantWritesIt(
            @ForAll @net.jqwik.api.constraints.LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long second,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 999_999_999) int nano,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3) int rounding) {
        int[] units = {1, 1000, 1_000_000, 1_000_000_000};
        java.time.Instant instant = java.time.Instant.ofEpochSecond(second, nano / units[rounding] * units[rounding]);
        char[] text = new char[30];
        int length = health.umr.domain.IsoInstant.write(instant, text);
        org.junit.jupiter.api.Assertions.assertEquals(
                java.time.format.DateTimeFormatter.ISO_INSTANT.format(instant), new String(text, 0, length));
    }

    private static void same(RecordView view) throws IOException {
        for (ObjectMapper mapper : new ObjectMapper[] {PLAIN, AS_QUARKUS}) {
            byte[] bound = mapper.writeValueAsBytes(PatientMedicationsJson.of(view, UnifiedRecordViews.rules()));
            byte[] written = PatientMedicationsWriter.write(mapper, view, UnifiedRecordViews.rules());
            assertArrayEquals(bound, written, () -> new String(bound, StandardCharsets.UTF_8));
        }
    }

    @Provide
    Arbitrary<UnifiedRecordViews.Spec> specs() {
        return UnifiedRecordViews.specs();
    }
}
