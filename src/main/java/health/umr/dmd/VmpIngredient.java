package health.umr.dmd;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One ingredient of a VMP with its strength (a VPI row of the VMP file).
 *
 * <p>Strength is numerator / denominator, e.g. adenosine 3 mg / 1 ml. Solid dose forms usually
 * have a numerator only (furosemide 40 mg per tablet): then the denominator fields are null.
 * Some ingredients have no strength at all (all strength fields null). Unit names come from the
 * UNIT_OF_MEASURE table of the lookup file; a unit code that the lookup file does not know has a
 * null name.
 *
 * @param ingredientId            ingredient substance id (ISID)
 * @param ingredientName          name from the ingredient file, or null if the file lacks it
 * @param numeratorValue          STRNT_NMRTR_VAL, or null
 * @param numeratorUnitCode       STRNT_NMRTR_UOMCD, or null
 * @param numeratorUnitName       its name, e.g. "mg", or null
 * @param denominatorValue        STRNT_DNMTR_VAL, or null
 * @param denominatorUnitCode     STRNT_DNMTR_UOMCD, or null
 * @param denominatorUnitName     its name, e.g. "ml", or null
 */
public record VmpIngredient(
        String ingredientId,
        String ingredientName,
        BigDecimal numeratorValue,
        String numeratorUnitCode,
        String numeratorUnitName,
        BigDecimal denominatorValue,
        String denominatorUnitCode,
        String denominatorUnitName) {

    public VmpIngredient {
        Objects.requireNonNull(ingredientId, "ingredientId");
    }

    /** True when the release gives a denominator (a concentration such as 3 mg / 1 ml). */
    public boolean hasDenominator() {
        return denominatorValue != null;
    }

    /**
     * The strength as plain text, e.g. "40 mg", "3 mg/1 ml", or "" when the release gives no
     * strength. Unknown unit names fall back to the unit code.
     */
    public String strengthText() {
        if (numeratorValue == null) {
            return "";
        }
        StringBuilder text =
                new StringBuilder(numeratorValue.stripTrailingZeros().toPlainString());
        appendUnit(text, numeratorUnitName, numeratorUnitCode);
        if (denominatorValue != null) {
            text.append('/').append(denominatorValue.stripTrailingZeros().toPlainString());
            appendUnit(text, denominatorUnitName, denominatorUnitCode);
        }
        return text.toString();
    }

    private static void appendUnit(StringBuilder text, String name, String code) {
        String unit = name != null ? name : code;
        if (unit != null) {
            text.append(' ').append(unit);
        }
    }
}
