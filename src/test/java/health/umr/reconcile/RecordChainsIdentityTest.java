package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Chaining compares medicine identities as values ({@link RecordChains.DmdIdentity}) where it used to compare
 * the texts {@code "dmd:<vtm>/<vmp>"}: the two must agree for every pair of ids, including ids that are
 * null, the word "null", or hold the texts' separators.
 */
class RecordChainsIdentityTest {

    @Property(tries = 2000)
    void dmdIdentitiesAreEqualExactlyWhenTheirTextsAre(
            @ForAll("ids") String vtmA,
            @ForAll("ids") String vmpA,
            @ForAll("ids") String vtmB,
            @ForAll("ids") String vmpB) {
        Object a = RecordChains.identity(read(vtmA, vmpA));
        Object b = RecordChains.identity(read(vtmB, vmpB));
        String textA = "dmd:" + vtmA + "/" + vmpA;
        String textB = "dmd:" + vtmB + "/" + vmpB;
        assertEquals(textA, a.toString());
        assertEquals(textA.equals(textB), a.equals(b));
        assertEquals(textA.equals(textB), b.equals(a));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.just("null"),
                Arbitraries.strings().withChars("12/|").ofMinLength(1).ofMaxLength(3),
                Arbitraries.of("1", "2", "12"));
    }

    private static ReadRecord read(String vtm, String vmp) {
        return new ReadRecord(null, null, null, null, new ResolvedMedicine(null, "1", vmp, vtm), 0);
    }
}
