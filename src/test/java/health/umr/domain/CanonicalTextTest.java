package health.umr.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
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
