package health.umr.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The canonical text is what every stored fingerprint was taken over, so its faster writing must
 * give the same characters: instants as {@link Instant#toString()}, strings quoted and escaped as
 * one character at a time.
 */
class CanonicalTextTest {

    @Property(tries = 2000)
    void anInstantIsWrittenAsInstantWritesItself(
            @ForAll @LongRange(min = -62_167_219_300L, max = 253_402_300_900L) long seconds,
            @ForAll("nanos") int nano) {
        Instant instant = Instant.ofEpochSecond(seconds, nano);
        StringBuilder out = new StringBuilder();
        IsoInstant.append(out, instant);
        assertEquals(instant.toString(), out.toString());
    }

    @Test
    void instantsAtTheEdgesAreWrittenAsInstantWritesThem() {
        for (Instant instant : List.of(
                Instant.MIN,
                Instant.MAX,
                Instant.EPOCH,
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("0999-03-01T00:00:00.000001Z"),
                Instant.parse("2026-12-01T09:30:00Z"),
                Instant.parse("2024-02-29T23:59:60Z"))) {
            StringBuilder out = new StringBuilder();
            IsoInstant.append(out, instant);
            assertEquals(instant.toString(), out.toString());
        }
    }

    @Property(tries = 2000)
    void aStringIsQuotedAsOneCharacterAtATime(@ForAll("texts") String text) {
        assertEquals(
                "x = " + quotedOneAtATime(text) + "\n",
                new CanonicalText(16).field("x", text).toString());
    }

    @Property(tries = 500)
    void aRecordKeyIsQuotedAsItsJoinedText(@ForAll("texts") String source, @ForAll("texts") String business) {
        RecordKey key = new RecordKey(source, RecordKind.MEDICATION_REQUEST, business);
        assertEquals(
                "k = " + quotedOneAtATime(source + "|MEDICATION_REQUEST|" + business) + "\n",
                new CanonicalText(16).field("k", key).toString());
    }

    /**
     * Every kind of value a field is given, nested (a Coding's and a Dosage's parts) and not, renders as
     * {@link Before}, render written plainly (a string escaped a character at a time, an instant by its
     * toString, a key concatenated): the reference a faster or split render must keep to (issue 14).
     */
    @Property(tries = 1000)
    void everyKindOfFieldValueIsRenderedAsPlainlyWritten(@ForAll("values") Object value) {
        assertEquals(
                Before.field("v", value),
                new CanonicalText(16).field("v", value).toString());
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<String> strings = Arbitraries.oneOf(texts(), Arbitraries.just(null));
        Arbitrary<Double> doubles = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(3),
                Arbitraries.of(0.0, -0.0, 1e-7, 1e21, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE),
                Arbitraries.just(null));
        Arbitrary<Instant> instants =
                Arbitraries.longs().between(-62_167_219_300L, 253_402_300_900L).map(Instant::ofEpochSecond);
        return Arbitraries.oneOf(
                strings.map(s -> (Object) s),
                instants.map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                doubles.map(d -> (Object) d),
                Arbitraries.of(RecordKind.class).map(k -> (Object) k),
                Arbitraries.of(Gender.class).map(k -> (Object) k),
                net.jqwik.api.Combinators.combine(strings, Arbitraries.of(RecordKind.class), strings)
                        .as((a, k, b) -> (Object) new RecordKey(a, k, b)),
                net.jqwik.api.Combinators.combine(strings, strings, strings)
                        .as((a, b, c) -> (Object) new Coding(a, b, c)),
                net.jqwik.api.Combinators.combine(strings, doubles, strings, doubles, strings)
                        .as((t, d, u, n, r) -> (Object) new Dosage(t, d, u, n, r)),
                Arbitraries.of(
                        (Object) LocalDate.parse("2026-12-02"),
                        new BigDecimal("12.50"),
                        List.of("a", "b\"c"),
                        Dosage.NONE,
                        new Coding(null, null, null)));
    }

    /** CanonicalText's field and render as at 9be645a, written plainly, to compare with. */
    private static final class Before {
        private final StringBuilder text = new StringBuilder();

        static String field(String name, Object value) {
            Before before = new Before();
            before.text.append(name).append(" = ");
            before.render(value);
            return before.text.append('\n').toString();
        }

        private void render(Object value) {
            if (value == null) {
                text.append("null");
            } else if (value instanceof String string) {
                text.append(quotedOneAtATime(string));
            } else if (value instanceof Instant instant) {
                text.append(instant);
            } else if (value instanceof Boolean
                    || value instanceof Integer
                    || value instanceof Long
                    || value instanceof Double) {
                text.append(value);
            } else if (value instanceof Enum<?> constant) {
                text.append(constant.name());
            } else if (value instanceof RecordKey key) {
                text.append(quotedOneAtATime(key.sourceId() + "|" + key.kind().name() + "|" + key.businessKey()));
            } else if (value instanceof Coding coding) {
                text.append('[');
                render(coding.system());
                text.append(' ');
                render(coding.code());
                text.append(' ');
                render(coding.display());
                text.append(']');
            } else if (value instanceof Dosage dosage) {
                text.append('[');
                render(dosage.text());
                text.append(' ');
                render(dosage.doseValue());
                text.append(' ');
                render(dosage.doseUnit());
                text.append(' ');
                render(dosage.timesPerDay());
                text.append(' ');
                render(dosage.route());
                text.append(']');
            } else {
                text.append(quotedOneAtATime(value.toString()));
            }
        }
    }

    @Provide
    Arbitrary<Integer> nanos() {
        return Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1000),
                Arbitraries.integers().between(0, 999_999_999));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withChars("ab|\"\\\n\r\t é€")
                .withCharRange('\ud800', '\udfff')
                .ofMaxLength(12);
    }

    /** The escaping as it was first written: a character at a time. */
    private static String quotedOneAtATime(String string) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(c);
            }
        }
        return text.append('"').toString();
    }
}
