package health.umr.reconcile.before;

import health.umr.domain.Dosage;
import java.math.BigDecimal;
import java.util.Locale;

/** Dosage text for people, and the form of it that text-only dosages are compared in. */
final class DosageWording {

    private DosageWording() {}

    /** The text as sent; else words made from the structure ("1 tablet, twice a day"); else null. */
    static String of(Dosage dosage) {
        if (dosage == null) {
            return null;
        }
        if (dosage.text() != null && !dosage.text().isBlank()) {
            return dosage.text().strip();
        }
        if (dosage.doseValue() == null || !Double.isFinite(dosage.doseValue())) {
            return null;
        }
        StringBuilder words = new StringBuilder(DailyDose.number(BigDecimal.valueOf(dosage.doseValue())));
        if (dosage.doseUnit() != null) {
            words.append(' ').append(dosage.doseUnit().strip());
        }
        if (dosage.timesPerDay() != null && Double.isFinite(dosage.timesPerDay())) {
            words.append(", ").append(frequency(dosage.timesPerDay()));
        }
        return words.toString();
    }

    private static String frequency(double timesPerDay) {
        if (timesPerDay == 1) {
            return "once a day";
        }
        if (timesPerDay == 2) {
            return "twice a day";
        }
        return DailyDose.number(BigDecimal.valueOf(timesPerDay)) + " times a day";
    }

    /** Runs of white space as one space, by hand: this runs for every dosage of every reconciliation. */
    private static String singleSpaced(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean afterSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                afterSpace = true;
                continue;
            }
            if (afterSpace && !out.isEmpty()) {
                out.append(' ');
            }
            afterSpace = false;
            out.append(c);
        }
        return out.toString();
    }

    /** Text compared without regard to case, spacing or a closing full stop; null for blank text. */
    static String normalised(String text) {
        if (text == null) {
            return null;
        }
        String words = singleSpaced(text.strip()).toLowerCase(Locale.ROOT);
        while (words.endsWith(".")) {
            words = words.substring(0, words.length() - 1).strip();
        }
        return words.isEmpty() ? null : words;
    }
}
