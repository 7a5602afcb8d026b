package health.umr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import health.umr.alerts.AnswerValidity;
import health.umr.records.RecordView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * What {@link health.umr.records.ReadCache} relies on for {@code $unified-medications}: its default-form
 * answer ({@link UnifiedRecordAnswer#text}) for a stored record and its acknowledgements, evaluated at any
 * instant from {@code t} up to (not including) {@link AnswerValidity#until} at {@code t}, is the answer at
 * {@code t}, character for character (the FHIR answer holds no request time). Over the same generated
 * records as ReadValidityTest, read at the last nanosecond before that instant and at points between.
 */
class FhirReadValidityTest {

    @Property(tries = 300)
    void withinItsValidity_theAnswerIsTheSame(
            @ForAll("specs") UnifiedRecordViews.Spec spec, @ForAll @DoubleRange(min = 0, max = 1) double part) {
        // a record without the patient's facts reads the patient table: the cache does not keep those
        Assume.that(spec.gender() != null);
        UnifiedRecordViews.Reading reading = UnifiedRecordViews.reading(spec);
        Instant t = reading.read();
        RecordView first = UnifiedRecordViews.at(reading, t);
        Instant until = AnswerValidity.until(first.record(), reading.acknowledgements(), t);
        Assume.that(until.isAfter(t));
        String expected = text(first, UnifiedRecordViews.rules());
        long span = Duration.between(t, until).toNanos();
        List<Instant> later = new ArrayList<>();
        later.add(until.minusNanos(1));
        later.add(t.plusNanos(Math.min(span - 1, (long) (span * part))));
        later.add(t.plusNanos(Math.min(span - 1, 60_000_000_000L)));
        for (Instant at : later) {
            assertEquals(
                    expected,
                    text(UnifiedRecordViews.at(reading, at), UnifiedRecordViews.rules()),
                    "read at " + t + " and at " + at + " (valid until " + until + ")");
        }
    }

    /** At its validity's end the benchmarks' patient's FHIR answer differs: the bound is not loose by a day. */
    @Example
    void atItsValidity_theBenchmarksPatientsAnswerChanges() {
        UnifiedRecordViews.Reading reading = UnifiedRecordViews.reading(UnifiedRecordViews.realisticSpec());
        Instant t = reading.read();
        RecordView first = UnifiedRecordViews.at(reading, t);
        Instant until = AnswerValidity.until(first.record(), reading.acknowledgements(), t);
        assertNotEquals(
                text(first, UnifiedRecordViews.rules()),
                text(UnifiedRecordViews.at(reading, until), UnifiedRecordViews.rules()));
    }

    /** The answer's bytes as sent (UnifiedRecordAnswer.bytes), as text for a readable failure. */
    private static String text(RecordView view, health.umr.alerts.ClinicalAlerts rules) {
        return new String(UnifiedRecordAnswer.bytes(view, rules), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Provide
    Arbitrary<UnifiedRecordViews.Spec> specs() {
        return UnifiedRecordViews.specs();
    }
}
