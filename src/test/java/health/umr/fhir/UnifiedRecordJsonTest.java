package health.umr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import health.umr.config.FhirContextProducer;
import health.umr.domain.Gender;
import health.umr.records.RecordView;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The unified record's JSON written directly ({@link UnifiedRecordJson}) is HAPI's encoding of the
 * mapper's Bundle for the same view, character for character: for the benchmarks' patient and for
 * generated records (any mix of dm+d-coded and text-only medicines from four sources, statuses, doses
 * and reasons with blanks, quotes, control characters and text outside the BMP, in hospital or not,
 * acknowledgements with and without an end, read at any time after the version was recorded).
 */
class UnifiedRecordJsonTest {

    private static final FhirContext FHIR = new FhirContextProducer().fhirContext();

    private static final List<String> STATUSES = List.of(
            "active",
            "active",
            "active",
            "stopped",
            "completed",
            "entered-in-error",
            "on-hold",
            "cancelled",
            "intended");

    /** Texts that stress HAPI's blanks and Jackson's escaping. */
    private static final List<String> TEXTS = List.of(
            "10mg at night",
            "",
            " ",
            "\t\n",
            "une fois par jour, ½ comprimé « au coucher » — 5 µg",
            "say \"when\" \\ path/to",
            "line\nbreak\r\ttab",
            "\u0000\u0001\u001f\u007f control",
            "emoji \uD83D\uDE00 and \u2028 separator",
            "<b>&amp;</b> '",
            "  padded  ");

    @Example
    void theBenchmarksPatient_isHapisEncoding() throws IOException {
        assertSame(UnifiedRecordViews.realistic());
    }

    @Property(tries = 100)
    void anyRecord_isHapisEncoding(@ForAll("specs") UnifiedRecordViews.Spec spec) throws IOException {
        assertSame(UnifiedRecordViews.of(spec));
    }

    private static void assertSame(RecordView view) throws IOException {
        assertTrue(UnifiedRecordJson.writable(view), "the generated records are all writable directly");
        String hapi = FHIR.newJsonParser()
                .encodeResourceToString(UnifiedRecordFhirMapper.toBundle(view, UnifiedRecordViews.rules()));
        StringWriter direct = new StringWriter();
        UnifiedRecordJson.write(view, UnifiedRecordViews.rules(), direct);
        assertEquals(hapi, direct.toString());
    }

    @Provide
    Arbitrary<UnifiedRecordViews.Spec> specs() {
        Arbitrary<String> text = Arbitraries.of(TEXTS);
        Arbitrary<String> maybeText = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(null)), net.jqwik.api.Tuple.of(2, text));
        Arbitrary<UnifiedRecordViews.Held> held = Combinators.combine(
                        Arbitraries.integers().between(0, UnifiedRecordViews.SOURCES.size() - 1),
                        Arbitraries.of(true, false),
                        Arbitraries.of(STATUSES),
                        maybeText,
                        maybeText,
                        Arbitraries.integers().between(0, 330))
                .as(UnifiedRecordViews.Held::new);
        Arbitrary<UnifiedRecordViews.Medicine> medicine = Combinators.combine(
                        Arbitraries.of(UnifiedRecordViews.CODES),
                        maybeText,
                        held.list().ofMinSize(1).ofMaxSize(4))
                .as((code, name, helds) ->
                        new UnifiedRecordViews.Medicine(code, code.isEmpty() && name == null ? "Herbal" : name, helds));
        Arbitrary<UnifiedRecordViews.Ack> ack = Combinators.combine(
                        Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 2),
                        text,
                        Arbitraries.longs().between(-600, 6000).injectNull(0.4),
                        Arbitraries.of("dr.jones", "nurse ali", " ", "Zoë"),
                        maybeText,
                        Arbitraries.integers().between(0, 3000))
                .as(UnifiedRecordViews.Ack::new);
        Arbitrary<Instant> recorded = Combinators.combine(
                        Arbitraries.longs().between(1_780_000_000L, 1_800_000_000L),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        return Combinators.combine(
                        medicine.list().ofMaxSize(8),
                        Arbitraries.integers().between(0, 5000).injectNull(0.4),
                        Arbitraries.of(Gender.values()).injectNull(0.2),
                        Arbitraries.integers()
                                .between(0, 90 * 365)
                                .map(d -> LocalDate.parse("2026-06-01").minusDays(d)),
                        ack.list().ofMaxSize(4),
                        recorded,
                        Arbitraries.longs().between(0, 10_000),
                        Arbitraries.integers().between(1, 500))
                .as(UnifiedRecordViews.Spec::new);
    }
}
