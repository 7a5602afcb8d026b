package health.umr.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A dosage as sent: its text and, where the source structured it, the dose and how often a day. Every
 * dosage instruction of the resource is kept: the first is this record's own fields, the others are in
 * {@link #more()}. Null fields are what the source did not say.
 *
 * @param text            the text of every instruction, joined with "; "
 * @param doseValue       the dose (doseQuantity, or the low end of doseRange)
 * @param doseUnit        its unit as sent
 * @param timesPerDay     how many times a day (frequency per period; a week is 7 days); the fewest
 *                        times where the timing gives a range
 * @param route           the route code as sent
 * @param doseHigh        the high end of a doseRange, or null for a single dose
 * @param timesPerDayHigh the most times a day where the timing gives a range (frequencyMax, periodMax),
 *                        or null
 * @param asNeeded        true when the source says as needed (asNeeded[x]); null when it does not say
 * @param sequence        the instruction's sequence number, or null
 * @param more            the other dosage instructions, each with its own fields (and no further {@code more})
 */
public record Dosage(
        String text,
        Double doseValue,
        String doseUnit,
        Double timesPerDay,
        String route,
        Double doseHigh,
        Double timesPerDayHigh,
        Boolean asNeeded,
        Integer sequence,
        List<Dosage> more) {

    public static final Dosage NONE = new Dosage(null, null, null, null, null);

    public Dosage {
        more = more == null ? List.of() : List.copyOf(more);
    }

    /** One instruction: a single dose a number of times a day. */
    public Dosage(String text, Double doseValue, String doseUnit, Double timesPerDay, String route) {
        this(text, doseValue, doseUnit, timesPerDay, route, null, null, null, null, List.of());
    }

    public boolean isStructured() {
        return doseValue != null && timesPerDay != null;
    }

    public boolean isAsNeeded() {
        return Boolean.TRUE.equals(asNeeded);
    }

    /** This instruction and every other one, in order. */
    public List<Dosage> instructions() {
        if (more.isEmpty()) {
            return List.of(this);
        }
        List<Dosage> all = new ArrayList<>(more.size() + 1);
        all.add(new Dosage(
                text,
                doseValue,
                doseUnit,
                timesPerDay,
                route,
                doseHigh,
                timesPerDayHigh,
                asNeeded,
                sequence,
                List.of()));
        all.addAll(more);
        return all;
    }
}
