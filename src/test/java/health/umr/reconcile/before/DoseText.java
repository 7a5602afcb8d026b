package health.umr.reconcile.before;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small reader of UK dosage text ("One tablet three times daily", "1-2 tablets every 4-6 hours when
 * required", "15mg once a week", "TAKE ONE 3 TIMES/DAY", "100micrograms once daily in the morning"):
 * how much per dose (a number or a range, with its unit if the text names one), how often a day (a
 * number or a range; a week is a seventh of a day), and whether it is only as needed. It reads what it
 * recognises and says nothing about the rest: a text it cannot read gives no dose (so it is compared
 * as text), never a guess.
 *
 * <p>Recognised: numbers as digits, decimals, words (one ... twelve, half) and ranges ("1-2", "1 to 2",
 * "one or two"); units mg, g, microgram (mcg, micrograms), nanogram, ml, unit (units, IU), and counts
 * (tablet, capsule, puff, drop, sachet, patch, spray, dose, suppository, pessary, application ...);
 * frequencies: once / twice / three times / N times a day (daily, a day, per day, /day, each day), od,
 * bd, tds, tid, qds, qid, daily, every N hours (or "N hourly"), every N days, every other day, weekly,
 * once or twice a week, every N weeks, monthly, and a time of day alone (at night, in the morning,
 * nocte, mane, at bedtime: once a day; morning and night: twice); as needed: when required, as
 * required, when needed, as needed, if required, prn.
 *
 * @param doseLow       the smallest dose, or null when the text gives none
 * @param doseHigh      the largest dose (equal to doseLow when it is one number), or null
 * @param unit          the dose's unit as written in the unit table (mg, g, microgram, ml, unit, tablet ...),
 *                      or null when the text gives a bare count ("TAKE ONE DAILY")
 * @param perDayLow     the fewest times a day, or null when the text gives no frequency
 * @param perDayHigh    the most times a day, or null
 * @param asNeeded      true when the dose is taken only as needed
 */
public record DoseText(
        BigDecimal doseLow,
        BigDecimal doseHigh,
        String unit,
        BigDecimal perDayLow,
        BigDecimal perDayHigh,
        boolean asNeeded) {

    private static final MathContext PRECISION = MathContext.DECIMAL64;
    private static final BigDecimal SEVEN = BigDecimal.valueOf(7);

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("half", "0.5"),
            Map.entry("one", "1"),
            Map.entry("two", "2"),
            Map.entry("three", "3"),
            Map.entry("four", "4"),
            Map.entry("five", "5"),
            Map.entry("six", "6"),
            Map.entry("seven", "7"),
            Map.entry("eight", "8"),
            Map.entry("nine", "9"),
            Map.entry("ten", "10"),
            Map.entry("eleven", "11"),
            Map.entry("twelve", "12"));

    /** Unit words → the unit as DailyDose names it. */
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("mg", "mg"),
            Map.entry("milligram", "mg"),
            Map.entry("milligrams", "mg"),
            Map.entry("g", "g"),
            Map.entry("gram", "g"),
            Map.entry("grams", "g"),
            Map.entry("mcg", "microgram"),
            Map.entry("microgram", "microgram"),
            Map.entry("micrograms", "microgram"),
            Map.entry("ng", "nanogram"),
            Map.entry("nanogram", "nanogram"),
            Map.entry("nanograms", "nanogram"),
            Map.entry("ml", "ml"),
            Map.entry("millilitre", "ml"),
            Map.entry("millilitres", "ml"),
            Map.entry("unit", "unit"),
            Map.entry("units", "unit"),
            Map.entry("iu", "unit"),
            Map.entry("tablet", "tablet"),
            Map.entry("tablets", "tablet"),
            Map.entry("tab", "tablet"),
            Map.entry("tabs", "tablet"),
            Map.entry("capsule", "capsule"),
            Map.entry("capsules", "capsule"),
            Map.entry("cap", "capsule"),
            Map.entry("caps", "capsule"),
            Map.entry("sachet", "sachet"),
            Map.entry("sachets", "sachet"),
            Map.entry("patch", "patch"),
            Map.entry("patches", "patch"),
            Map.entry("puff", "puff"),
            Map.entry("puffs", "puff"),
            Map.entry("drop", "drop"),
            Map.entry("drops", "drop"),
            Map.entry("spray", "spray"),
            Map.entry("sprays", "spray"),
            Map.entry("dose", "dose"),
            Map.entry("doses", "dose"),
            Map.entry("suppository", "suppository"),
            Map.entry("suppositories", "suppository"),
            Map.entry("pessary", "pessary"),
            Map.entry("pessaries", "pessary"),
            Map.entry("lozenge", "lozenge"),
            Map.entry("lozenges", "lozenge"),
            Map.entry("application", "application"),
            Map.entry("applications", "application"),
            Map.entry("ampoule", "ampoule"),
            Map.entry("ampoules", "ampoule"),
            Map.entry("vial", "vial"),
            Map.entry("vials", "vial"));

    private static final String NUMBER =
            "(\\d+(?:\\.\\d+)?|half|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
    private static final String RANGE = NUMBER + "(?:\\s*(?:-|to|or)\\s*" + NUMBER + ")?";
    /** A dose: a number (or range) followed by a unit word, written joined or apart. */
    private static final Pattern DOSE_WITH_UNIT = Pattern.compile("(?<![\\d.])" + RANGE + "\\s*(?:a\\s+)?([a-z]+)\\b");
    /** A bare count where a dose is expected: at the start, after an instruction verb, or before a comma. */
    private static final Pattern BARE_COUNT =
            Pattern.compile("(?:^|[,;:-]\\s*|\\b(?:take|apply|inhale|instil|insert|use|give|chew|dissolve|spray)\\s+)"
                    + RANGE + "\\b(?!\\s*(?:times|x|hour|hours|hourly|day|days|week|weeks|month|months))");

    private static final Pattern TIMES =
            Pattern.compile("\\b" + RANGE + "\\s*(?:times|x)\\s*(?:a|per|each|/)?\\s*(day|daily|week|weekly)\\b");
    private static final Pattern TIMES_SLASH = Pattern.compile("\\b" + NUMBER + "\\s*times\\s*/\\s*(day|week)\\b");
    private static final Pattern EVERY_HOURS = Pattern.compile("\\bevery\\s+" + RANGE + "\\s*(?:hours?|hrs?)\\b");
    private static final Pattern HOURLY = Pattern.compile("\\b" + RANGE + "\\s*(?:-\\s*)?hourly\\b");
    private static final Pattern EVERY_DAYS = Pattern.compile("\\bevery\\s+" + NUMBER + "\\s*days?\\b");
    private static final Pattern EVERY_WEEKS = Pattern.compile("\\bevery\\s+" + NUMBER + "\\s*weeks?\\b");
    private static final Pattern AS_NEEDED =
            Pattern.compile("\\b(when|as|if)\\s+(required|needed|necessary)\\b|\\bprn\\b|\\bp\\.r\\.n\\b");
    private static final Pattern ONCE_A_DAY = Pattern.compile(
            "\\b(once|1 time)\\s*(a|per|each|every)?\\s*(day|daily)\\b|\\bonce\\s+daily\\b|\\bod\\b|\\bo\\.d\\b|\\bdaily\\b|\\b(each|every|a|per)\\s+day\\b");
    private static final Pattern TWICE_OR_WEEK = Pattern.compile("\\btwice\\b|\\bweek");
    private static final Pattern TWICE_A_DAY =
            Pattern.compile("\\btwice\\s*(a|per|each)?\\s*(day|daily)\\b|\\bbd\\b|\\bb\\.d\\b|\\bbid\\b");
    private static final Pattern THREE_A_DAY = Pattern.compile("\\btds\\b|\\bt\\.d\\.s\\b|\\btid\\b");
    private static final Pattern FOUR_A_DAY = Pattern.compile("\\bqds\\b|\\bq\\.d\\.s\\b|\\bqid\\b");
    private static final Pattern EVERY_OTHER_DAY =
            Pattern.compile("\\bevery\\s+other\\s+day\\b|\\balternate\\s+days\\b");
    private static final Pattern TWICE_A_WEEK = Pattern.compile("\\btwice\\s*(a|per|each)?\\s*week");
    private static final Pattern WEEKLY = Pattern.compile(
            "\\b(once\\s*(a|per|each|every)?\\s*week|weekly|each\\s+week|every\\s+week)\\b|\\bon\\s+(mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?)\\b");
    private static final Pattern MONTHLY = Pattern.compile("\\b(once\\s*(a|per|each|every)?\\s*month|monthly)\\b");
    private static final Pattern MORNING = Pattern.compile("\\b(morning|mane|breakfast|om)\\b");
    private static final Pattern MIDDAY = Pattern.compile("\\b(midday|lunch|lunchtime|noon)\\b");
    private static final Pattern EVENING = Pattern.compile("\\b(evening|teatime|tea)\\b");
    private static final Pattern NIGHT = Pattern.compile("\\b(at\\s+night|night|nocte|bedtime)\\b");
    private static final List<Pattern> TIMES_OF_DAY = List.of(MORNING, MIDDAY, EVENING, NIGHT);
    /** Where a text of doses at different times of day splits into its parts. */
    private static final Pattern PARTS = Pattern.compile(";|\\band\\b|,");
    /** The word after an amount ("500mg tablets", "10mg/5ml oral solution"): a form word makes it a strength. */
    private static final Pattern WORD_AFTER = Pattern.compile("^\\s*(?:/\\s*\\d*\\s*[a-z]+\\s*)?([a-z-]+)");

    private static final Set<String> AMOUNT_UNITS = Set.of("mg", "g", "microgram", "nanogram", "ml", "unit");
    private static final Set<String> FORM_WORDS = Set.of(
            "modified-release",
            "gastro-resistant",
            "dispersible",
            "oral",
            "solution",
            "suspension",
            "cream",
            "gel",
            "eye",
            "injection",
            "m/r",
            "mr",
            "e/c");

    /** The dose the text gives, if it names a dose or a frequency. */
    public static Optional<DoseText> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = " " + text.toLowerCase(Locale.ROOT).replace("½", "0.5").replace("1/2", "0.5") + " ";
        Optional<DoseText> byTimeOfDay = byTimeOfDay(t);
        if (byTimeOfDay.isPresent()) {
            return byTimeOfDay;
        }
        boolean asNeeded = AS_NEEDED.matcher(t).find();
        BigDecimal[] frequency = frequency(t);
        // the dose: a number with a unit, else a bare count where a dose belongs
        BigDecimal low = null;
        BigDecimal high = null;
        String unit = null;
        Matcher m = DOSE_WITH_UNIT.matcher(t);
        while (m.find()) {
            String word = UNITS.get(m.group(3));
            if (word != null && !isStrength(word, t.substring(m.end()))) {
                low = number(m.group(1));
                high = m.group(2) == null ? low : number(m.group(2));
                unit = word;
                break;
            }
        }
        if (low == null) {
            Matcher bare = BARE_COUNT.matcher(t.strip());
            if (bare.find()) {
                low = number(bare.group(1));
                high = bare.group(2) == null ? low : number(bare.group(2));
            }
        }
        if (low == null && frequency == null) {
            return Optional.empty();
        }
        if (low != null && high.compareTo(low) < 0) {
            BigDecimal swap = low;
            low = high;
            high = swap;
        }
        return Optional.of(new DoseText(
                low,
                high,
                unit,
                frequency == null ? null : frequency[0],
                frequency == null ? null : frequency[1],
                asNeeded));
    }

    /**
     * Different doses at different times of day ("2 tablets in the morning; 1 tablet at night"): each
     * part a dose at one time of day, summed into one dose a day. Empty unless every part is such.
     */
    private static Optional<DoseText> byTimeOfDay(String t) {
        String[] parts = PARTS.split(t);
        if (parts.length < 2) {
            return Optional.empty();
        }
        BigDecimal low = BigDecimal.ZERO;
        BigDecimal high = BigDecimal.ZERO;
        String unit = null;
        for (String part : parts) {
            int times = 0;
            for (Pattern time : TIMES_OF_DAY) {
                times += time.matcher(part).find() ? 1 : 0;
            }
            if (times != 1
                    || TIMES.matcher(part).find()
                    || AS_NEEDED.matcher(part).find()) {
                return Optional.empty();
            }
            BigDecimal[] dose = dose(" " + part.strip() + " ");
            if (dose == null) {
                return Optional.empty();
            }
            String written = unitOf(" " + part.strip() + " ");
            if (written != null) {
                if (unit != null && !unit.equals(written)) {
                    return Optional.empty();
                }
                unit = written;
            }
            low = low.add(dose[0]);
            high = high.add(dose[1]);
        }
        return Optional.of(new DoseText(low, high, unit, BigDecimal.ONE, BigDecimal.ONE, false));
    }

    /** The dose of a text as {low, high}, or null. */
    private static BigDecimal[] dose(String t) {
        Matcher m = DOSE_WITH_UNIT.matcher(t);
        while (m.find()) {
            String word = UNITS.get(m.group(3));
            if (word != null && !isStrength(word, t.substring(m.end()))) {
                BigDecimal low = number(m.group(1));
                return new BigDecimal[] {low, m.group(2) == null ? low : number(m.group(2))};
            }
        }
        Matcher bare = BARE_COUNT.matcher(t.strip());
        if (bare.find()) {
            BigDecimal low = number(bare.group(1));
            return new BigDecimal[] {low, bare.group(2) == null ? low : number(bare.group(2))};
        }
        return null;
    }

    /** The unit of a text's dose, or null for a bare count. */
    private static String unitOf(String t) {
        Matcher m = DOSE_WITH_UNIT.matcher(t);
        while (m.find()) {
            String word = UNITS.get(m.group(3));
            if (word != null && !isStrength(word, t.substring(m.end()))) {
                return word;
            }
        }
        return null;
    }

    /** A mass or volume followed by a form word ("500mg tablets") is the product's strength, not a dose. */
    private static boolean isStrength(String unit, String after) {
        if (!AMOUNT_UNITS.contains(unit)) {
            return false;
        }
        Matcher next = WORD_AFTER.matcher(after);
        if (!next.find()) {
            return false;
        }
        String word = UNITS.get(next.group(1));
        return word != null && !AMOUNT_UNITS.contains(word) || FORM_WORDS.contains(next.group(1));
    }

    /** Times a day as {low, high}, or null. */
    private static BigDecimal[] frequency(String t) {
        Matcher m = TIMES.matcher(t);
        if (m.find()) {
            BigDecimal low = number(m.group(1));
            BigDecimal high = m.group(2) == null ? low : number(m.group(2));
            return m.group(3).startsWith("week") ? perWeek(low, high) : range(low, high);
        }
        m = TIMES_SLASH.matcher(t);
        if (m.find()) {
            BigDecimal n = number(m.group(1));
            return m.group(2).equals("week") ? perWeek(n, n) : range(n, n);
        }
        if (ONCE_A_DAY.matcher(t).find() && !TWICE_OR_WEEK.matcher(t).find()) {
            return range(BigDecimal.ONE, BigDecimal.ONE);
        }
        if (TWICE_A_DAY.matcher(t).find()) {
            return range(BigDecimal.valueOf(2), BigDecimal.valueOf(2));
        }
        if (THREE_A_DAY.matcher(t).find()) {
            return range(BigDecimal.valueOf(3), BigDecimal.valueOf(3));
        }
        if (FOUR_A_DAY.matcher(t).find()) {
            return range(BigDecimal.valueOf(4), BigDecimal.valueOf(4));
        }
        m = EVERY_HOURS.matcher(t);
        if (!m.find()) {
            m = HOURLY.matcher(t);
            if (!m.find()) {
                m = null;
            }
        }
        if (m != null) {
            BigDecimal shortest = number(m.group(1));
            BigDecimal longest = m.group(2) == null ? shortest : number(m.group(2));
            if (shortest.signum() > 0 && longest.signum() > 0) {
                BigDecimal day = BigDecimal.valueOf(24);
                return range(
                        day.divide(longest.max(shortest), PRECISION), day.divide(shortest.min(longest), PRECISION));
            }
        }
        if (EVERY_OTHER_DAY.matcher(t).find()) {
            return range(new BigDecimal("0.5"), new BigDecimal("0.5"));
        }
        m = EVERY_DAYS.matcher(t);
        if (m.find() && number(m.group(1)).signum() > 0) {
            BigDecimal perDay = BigDecimal.ONE.divide(number(m.group(1)), PRECISION);
            return range(perDay, perDay);
        }
        if (TWICE_A_WEEK.matcher(t).find()) {
            return perWeek(BigDecimal.valueOf(2), BigDecimal.valueOf(2));
        }
        m = EVERY_WEEKS.matcher(t);
        if (m.find() && number(m.group(1)).signum() > 0) {
            return perWeek(BigDecimal.ONE.divide(number(m.group(1)), PRECISION), null);
        }
        if (WEEKLY.matcher(t).find()) {
            return perWeek(BigDecimal.ONE, BigDecimal.ONE);
        }
        if (MONTHLY.matcher(t).find()) {
            BigDecimal perDay = BigDecimal.ONE.divide(BigDecimal.valueOf(30), PRECISION);
            return range(perDay, perDay);
        }
        int times = 0;
        for (Pattern part : TIMES_OF_DAY) {
            if (part.matcher(t).find()) {
                times++;
            }
        }
        return times == 0 ? null : range(BigDecimal.valueOf(times), BigDecimal.valueOf(times));
    }

    private static BigDecimal[] perWeek(BigDecimal low, BigDecimal high) {
        BigDecimal l = low.divide(SEVEN, PRECISION);
        return range(l, high == null ? l : high.divide(SEVEN, PRECISION));
    }

    private static BigDecimal[] range(BigDecimal low, BigDecimal high) {
        return low.compareTo(high) <= 0 ? new BigDecimal[] {low, high} : new BigDecimal[] {high, low};
    }

    private static BigDecimal number(String token) {
        String digits = WORDS.getOrDefault(token, token);
        return new BigDecimal(digits);
    }

    /** True when the dose is one amount taken a known number of times a day (not a range, not as needed). */
    public boolean isExact() {
        return doseLow != null
                && doseLow.compareTo(doseHigh) == 0
                && perDayLow != null
                && perDayLow.compareTo(perDayHigh) == 0
                && !asNeeded;
    }

    /** Every dose line of several texts, for tests and people: "1–2 tablet × 4/day, as needed". */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (doseLow != null) {
            parts.add(amount(doseLow, doseHigh) + (unit == null ? "" : " " + unit));
        }
        if (perDayLow != null) {
            parts.add(amount(perDayLow, perDayHigh) + "/day");
        }
        if (asNeeded) {
            parts.add("as needed");
        }
        return String.join(", ", parts);
    }

    private static String amount(BigDecimal low, BigDecimal high) {
        String l = DailyDose.number(low);
        String h = DailyDose.number(high);
        return l.equals(h) ? l : l + "-" + h;
    }
}
