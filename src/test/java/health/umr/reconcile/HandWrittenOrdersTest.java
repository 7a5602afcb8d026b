package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Speed work wrote some of the reconciler's orders and texts out by hand; each must answer exactly as the
 * library call it replaced (the oracle here).
 */
class HandWrittenOrdersTest {

    private static final Comparator<Instant> OLD_NEWEST_FIRST = Comparator.nullsLast(Comparator.reverseOrder());

    @Property(tries = 1000)
    void newestFirstIsNullsLastInReverseOrder(@ForAll("instants") Instant a, @ForAll("instants") Instant b) {
        assertEquals(Integer.signum(OLD_NEWEST_FIRST.compare(a, b)), Integer.signum(Contribution.newestFirst(a, b)));
    }

    @Property(tries = 1000)
    void capitalisedIsTheFirstCharacterInUpperCase(@ForAll("texts") String text) {
        String old = text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
        assertEquals(old, Discrepancies.capitalised(text));
        assertEquals(old, Discrepancies.capitalised(new StringBuilder(text)));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.longs().between(0, 5).map(Instant::ofEpochSecond),
                Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L).map(Instant::ofEpochSecond));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("aziAZ ß;ı'1").ofMinLength(1).ofMaxLength(6),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("active in gp-a; stopped in acute-b", "on-hold in x", "ß", "ǆ"));
    }
}
