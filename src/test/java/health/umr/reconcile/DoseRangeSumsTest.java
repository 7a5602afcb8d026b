package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.dmd.VmpDetail;
import health.umr.domain.Dosage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The kept sums of dose ranges ({@link DoseRanges#sum}) give what adding them afresh gives, the first time
 * and when kept, for the ranges the golden feeds' dosages read to (with and without a product), summed two
 * and three at a time as a source listing a medicine several times is.
 */
class DoseRangeSumsTest {

    private static final List<DoseRange> RANGES = read();

    private static List<DoseRange> read() {
        List<VmpDetail> products = new ArrayList<>();
        products.add(null);
        for (String vmp : List.of(
                Codes.AMITRIPTYLINE_10MG_TABLETS,
                Codes.CO_CARELDOPA_25_100_TABLETS,
                Codes.INSULIN_GLARGINE_PREFILLED)) {
            products.add(TestDmd.get().vmpDetail(vmp).orElseThrow());
        }
        DoseRanges doseRanges = new DoseRanges();
        List<DoseRange> ranges = new ArrayList<>();
        for (Dosage dosage : ReconcileGoldenTest.DOSAGES) {
            for (VmpDetail product : products) {
                DoseRanges.Described structured = doseRanges.structured(dosage, product);
                DoseRanges.Described text = doseRanges.text(dosage.text(), product);
                if (structured.range() != null) {
                    ranges.add(structured.range());
                }
                if (text.range() != null) {
                    ranges.add(text.range());
                }
            }
        }
        return List.copyOf(ranges);
    }

    @Property(tries = 500)
    void aKeptSumIsTheSumWorkedOutAfresh(
            @ForAll("ranges") DoseRange a, @ForAll("ranges") DoseRange b, @ForAll("ranges") DoseRange c) {
        for (int time = 0; time < 2; time++) {
            DoseRanges.Described ab = DoseRanges.sum(a, b);
            assertEquals(DoseRanges.Described.of(Optional.ofNullable(a.plus(b))), ab);
            if (ab.range() != null) {
                assertEquals(
                        DoseRanges.Described.of(Optional.ofNullable(ab.range().plus(c))),
                        DoseRanges.sum(ab.range(), c));
                assertEquals(ab.range().text(), ab.text());
            }
        }
    }

    @Provide
    Arbitrary<DoseRange> ranges() {
        return Arbitraries.of(RANGES);
    }
}
