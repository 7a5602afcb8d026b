package health.umr.reconcile;

import static health.umr.reconcile.Codes.ADENOSINE_6MG_2ML_VIALS;
import static health.umr.reconcile.Codes.AMITRIPTYLINE_10MG_TABLETS;
import static health.umr.reconcile.Codes.CO_CARELDOPA_25_100_TABLETS;
import static health.umr.reconcile.Codes.INSULIN_GLARGINE_PREFILLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.dmd.VmpDetail;
import health.umr.domain.Dosage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DailyDoseTest {

    private static VmpDetail detail(String vmp) {
        return TestDmd.get().vmpDetail(vmp).orElseThrow();
    }

    private static DailyDose of(double dose, String unit, double timesPerDay, VmpDetail product) {
        return DailyDose.of(new Dosage(null, dose, unit, timesPerDay, null), product)
                .orElseThrow();
    }

    @Test
    void of_multipliesCountedUnitsByTheVmpStrength() {
        assertEquals(
                "20 mg a day",
                of(1, "tablet", 2, detail(AMITRIPTYLINE_10MG_TABLETS)).text());
    }

    @Test
    void of_givesEachIngredientOfACombinationProduct() {
        assertEquals(
                "75 mg carbidopa + 300 mg levodopa a day",
                of(1, "tablets", 3, detail(CO_CARELDOPA_25_100_TABLETS)).text());
    }

    @Test
    void of_convertsMillilitresThroughTheConcentration() {
        assertEquals(
                "6 mg a day", of(2, "mL", 1, detail(ADENOSINE_6MG_2ML_VIALS)).text());
    }

    @Test
    void of_keepsUnitsOfInsulinAsUnits() {
        assertEquals(
                "20 unit a day",
                of(10, "units", 2, detail(INSULIN_GLARGINE_PREFILLED)).text());
    }

    @Test
    void of_bringsMassUnitsToMilligrams() {
        DailyDose grams = of(0.5, "g", 2, null);
        DailyDose micrograms = of(500000, "micrograms", 2, null);

        assertEquals(Optional.of(true), grams.sameAs(micrograms));
        assertEquals("1000 mg a day", grams.text());
    }

    @Test
    void of_isEmptyForUnstructuredDosage() {
        assertTrue(DailyDose.of(new Dosage("one at night", null, null, null, null), null)
                .isEmpty());
        assertTrue(
                DailyDose.of(new Dosage(null, 1.0, "tablet", null, null), null).isEmpty());
        assertTrue(DailyDose.of(new Dosage(null, 1.0, null, 1.0, null), null).isEmpty());
    }

    @Test
    void sameAs_cannotCompareTabletsWithoutStrengthToMilligrams() {
        DailyDose tablets = of(1, "tablet", 1, null);
        DailyDose milligrams = of(10, "mg", 1, null);

        assertEquals(Optional.empty(), tablets.sameAs(milligrams));
    }

    @Test
    void sameAs_comparesAnUnstatedIngredientWithAStatedOne() {
        DailyDose product = of(1, "tablet", 1, detail(AMITRIPTYLINE_10MG_TABLETS));
        DailyDose vtmLevel = of(10, "mg", 1, null);

        assertEquals(Optional.of(true), product.sameAs(vtmLevel));
        assertEquals(Optional.of(false), product.sameAs(of(25, "mg", 1, null)));
    }

    @Test
    void sameAs_toleratesFloatingPointThirds() {
        DailyDose thirds = of(30, "mg", 1.0 / 3, null);

        assertEquals(Optional.of(true), thirds.sameAs(of(10, "mg", 1, null)));
    }

    @Test
    void plus_addsDosesOfTheSameIngredients() {
        VmpDetail tablets = detail(CO_CARELDOPA_25_100_TABLETS);

        DailyDose sum = of(1, "tablet", 1, tablets).plus(of(2, "tablet", 1, tablets));

        assertEquals("75 mg carbidopa + 300 mg levodopa a day", sum.text());
        assertNull(of(1, "tablet", 1, tablets).plus(of(1, "tablet", 1, null)));
    }
}
