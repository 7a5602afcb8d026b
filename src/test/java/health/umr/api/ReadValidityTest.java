package health.umr.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import health.umr.alerts.AnswerValidity;
import health.umr.fhir.UnifiedRecordViews;
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
 * What {@link health.umr.records.ReadCache} relies on: the JSON read's answer for a stored record and its
 * acknowledgements, evaluated at any instant from {@code t} up to (not including) {@link
 * AnswerValidity#until} at {@code t}, is the answer at {@code t} but for {@code evaluatedAt}. Over
 * generated records (the FHIR answer's generator: admissions, omissions with their timing,
 * acknowledgements with and without an end, any birth date, records confirmed over a year), read at
 * the last nanosecond before that instant and at points between.
 */
class ReadValidityTest {

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
        PatientMedicationsJson expected = timeless(PatientMedicationsJson.of(first, UnifiedRecordViews.rules()));
        long span = Duration.between(t, until).toNanos();
        List<Instant> later = new ArrayList<>();
        later.add(until.minusNanos(1));
        later.add(t.plusNanos(Math.min(span - 1, (long) (span * part))));
        later.add(t.plusNanos(Math.min(span - 1, 60_000_000_000L)));
        for (Instant at : later) {
            assertEquals(
                    expected,
                    timeless(PatientMedicationsJson.of(UnifiedRecordViews.at(reading, at), UnifiedRecordViews.rules())),
                    "read at " + t + " and at " + at + " (valid until " + until + ")");
        }
    }

    /** The instants are the earliest that matter: at the benchmarks' patient's, the answer then differs. */
    @Example
    void atItsValidity_theBenchmarksPatientsAnswerChanges() {
        UnifiedRecordViews.Reading reading = UnifiedRecordViews.reading(UnifiedRecordViews.realisticSpec());
        Instant t = reading.read();
        RecordView first = UnifiedRecordViews.at(reading, t);
        Instant until = AnswerValidity.until(first.record(), reading.acknowledgements(), t);
        // admitted 30 h ago with an omission open: the minutes it has been open move on at the next minute
        assertEquals(true, Duration.between(t, until).compareTo(Duration.ofMinutes(1)) <= 0, until.toString());
        assertNotEquals(
                timeless(PatientMedicationsJson.of(first, UnifiedRecordViews.rules())),
                timeless(PatientMedicationsJson.of(UnifiedRecordViews.at(reading, until), UnifiedRecordViews.rules())));
    }

    @Provide
    Arbitrary<UnifiedRecordViews.Spec> specs() {
        return UnifiedRecordViews.specs();
    }

    private static PatientMedicationsJson timeless(PatientMedicationsJson json) {
        return new PatientMedicationsJson(
                json.nhsNumber(),
                json.asOf(),
                null,
                json.version(),
                json.admitted(),
                json.admittedBy(),
                json.acbScore(),
                json.items(),
                json.alerts(),
                json.notes(),
                json.history());
    }
}
