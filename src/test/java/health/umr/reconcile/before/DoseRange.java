package health.umr.reconcile.before;

import health.umr.dmd.VmpDetail;
import health.umr.domain.Dosage;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How much of a medicine one dosage gives: for regular doses the amount a day, from the least to the
 * most the dosage allows (a dose range, a frequency range), summed over its instructions ("2 in the
 * morning" + "1 at night"); for a dosage taken only as needed, the amount of one dose. Read from the
 * structured dosage where there is one, else from its text ({@link DoseText}). Counts of units
 * (tablets, capsules, "one") become amounts through the VMP's strength where it is known.
 *
 * @param low      the least (a day, or a dose when as needed)
 * @param high     the most
 * @param asNeeded true when every instruction is as needed: the amounts are per dose
 * @param fromText true when read from the dosage text
 * @param counted  the same range in the units as written (tablets, not mg), for comparing with a source
 *                 whose product strength is not known; null when it is the same as low..high
 */
record DoseRange(DailyDose low, DailyDose high, boolean asNeeded, boolean fromText, DoseRange counted) {

    /** The range of a structured dosage; empty when it is not structured, or is a sequence of steps (a taper). */
    static Optional<DoseRange> structured(Dosage dosage, VmpDetail product) {
        Optional<DoseRange> range = structuredIn(dosage, product);
        if (range.isEmpty() || product == null) {
            return range;
        }
        return Optional.of(range.get().withCounted(structuredIn(dosage, null)));
    }

    private static Optional<DoseRange> structuredIn(Dosage dosage, VmpDetail product) {
        if (dosage == null || dosage.doseValue() == null) {
            return Optional.empty();
        }
        List<Dosage> instructions = dosage.instructions();
        Set<Integer> sequences = new HashSet<>();
        instructions.forEach(d -> {
            if (d.sequence() != null) {
                sequences.add(d.sequence());
            }
        });
        if (sequences.size() > 1) {
            return Optional.empty();
        }
        boolean allAsNeeded = instructions.stream().allMatch(Dosage::isAsNeeded);
        DailyDose low = null;
        DailyDose high = null;
        for (Dosage d : instructions) {
            if (!allAsNeeded && d.isAsNeeded()) {
                continue; // the regular dose is compared; an extra as-needed dose is not added to it
            }
            if (d.doseValue() == null || d.doseUnit() == null || (!allAsNeeded && d.timesPerDay() == null)) {
                return Optional.empty();
            }
            double times = allAsNeeded ? 1.0 : d.timesPerDay();
            double timesHigh = allAsNeeded ? 1.0 : d.timesPerDayHigh() != null ? d.timesPerDayHigh() : times;
            double doseHigh = d.doseHigh() != null ? d.doseHigh() : d.doseValue();
            Optional<DailyDose> l = DailyDose.of(new Dosage(null, d.doseValue(), d.doseUnit(), times, null), product);
            Optional<DailyDose> h = DailyDose.of(new Dosage(null, doseHigh, d.doseUnit(), timesHigh, null), product);
            if (l.isEmpty() || h.isEmpty()) {
                return Optional.empty();
            }
            low = low == null ? l.get() : low.plus(l.get());
            high = high == null ? h.get() : high.plus(h.get());
            if (low == null || high == null) {
                return Optional.empty();
            }
            if (allAsNeeded) {
                break; // one as-needed dose is the dose
            }
        }
        return low == null ? Optional.empty() : Optional.of(new DoseRange(low, high, allAsNeeded, false, null));
    }

    private DoseRange withCounted(Optional<DoseRange> raw) {
        return raw.isEmpty() || raw.get().equals(this) ? this : new DoseRange(low, high, asNeeded, fromText, raw.get());
    }

    /**
     * The range a dosage text gives, from the text as read ({@link DoseText#parse}); empty when it names no
     * dose, or (for a regular dose) no frequency.
     */
    static Optional<DoseRange> text(Optional<DoseText> parsed, VmpDetail product) {
        Optional<DoseRange> range = textIn(parsed, product);
        if (range.isEmpty() || product == null) {
            return range;
        }
        return Optional.of(range.get().withCounted(textIn(parsed, null)));
    }

    private static Optional<DoseRange> textIn(Optional<DoseText> parsed, VmpDetail product) {
        if (parsed.isEmpty() || parsed.get().doseLow() == null) {
            return Optional.empty();
        }
        DoseText dose = parsed.get();
        boolean asNeeded = dose.asNeeded() || dose.perDayLow() == null;
        if (!dose.asNeeded() && dose.perDayLow() == null) {
            return Optional.empty();
        }
        String unit = dose.unit() == null ? "dose" : dose.unit();
        BigDecimal timesLow = asNeeded ? BigDecimal.ONE : dose.perDayLow();
        BigDecimal timesHigh = asNeeded ? BigDecimal.ONE : dose.perDayHigh();
        Optional<DailyDose> low = DailyDose.of(
                new Dosage(null, dose.doseLow().doubleValue(), unit, timesLow.doubleValue(), null), product);
        Optional<DailyDose> high = DailyDose.of(
                new Dosage(null, dose.doseHigh().doubleValue(), unit, timesHigh.doubleValue(), null), product);
        if (low.isEmpty() || high.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DoseRange(low.get(), high.get(), asNeeded, true, null));
    }

    /**
     * Whether the two ranges share an amount (a discrepancy when they do not); empty when they cannot be
     * compared: different units or ingredients, or one as needed and the other regular.
     */
    Optional<Boolean> overlaps(DoseRange other) {
        if (asNeeded != other.asNeeded) {
            return Optional.empty();
        }
        Optional<Boolean> found = overlapsAsIs(other);
        if (found.isEmpty() && counted != null) {
            found = counted.overlapsAsIs(other);
        }
        if (found.isEmpty() && other.counted != null) {
            found = overlapsAsIs(other.counted);
        }
        if (found.isEmpty() && counted != null && other.counted != null) {
            found = counted.overlapsAsIs(other.counted);
        }
        return found;
    }

    private Optional<Boolean> overlapsAsIs(DoseRange other) {
        Optional<Boolean> a = low.atMost(other.high);
        if (a.isEmpty()) {
            return a;
        }
        Optional<Boolean> b = other.low.atMost(high);
        if (b.isEmpty()) {
            return b;
        }
        return a.get() && b.get() ? DailyDose.YES : DailyDose.NO;
    }

    /** The sum of two sources' ranges (a source listing the medicine twice); null if they do not add up. */
    DoseRange plus(DoseRange other) {
        if (asNeeded != other.asNeeded) {
            return null;
        }
        DailyDose l = low.plus(other.low);
        DailyDose h = l == null ? null : high.plus(other.high);
        return h == null ? null : new DoseRange(l, h, asNeeded, fromText && other.fromText, null);
    }

    /** For people: "20 mg a day", "2 to 4 tablet a day", "1 to 2 tablet a dose, as needed". */
    String text() {
        String lowAmount = low.amounts();
        String highAmount = high.amounts();
        String unit = asNeeded ? " a dose, as needed" : " a day";
        return (lowAmount.equals(highAmount) ? lowAmount : lowAmount + " to " + highAmount) + unit;
    }
}
