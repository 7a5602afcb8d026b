package health.umr.alerts;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which products of a VTM a reference row is about: the {@code applies_to} column, a
 * {@code ;}-separated list of:
 * <ul>
 *   <li>{@code systemic}: any route that is not local ({@link Routes});</li>
 *   <li>a route word ({@code oral}, {@code sublingual}, {@code oromucosal}, {@code nasal},
 *       {@code subcutaneous}, {@code intravenous}, {@code intramuscular}, {@code transdermal} ...):
 *       that route too, or only the routes named when {@code systemic} is absent;</li>
 *   <li>{@code not-line-flush}: not a heparin line flush or lock (a strength of 100 units/ml or less, or
 *       the words "flush" or "lock");</li>
 *   <li>{@code for-epilepsy}: only where the record's words (medicine text, dosage text, or its
 *       indication: reasonCode / reasonReference) name epilepsy, seizures, fits or convulsions; an order
 *       that continues the medicine need not say it ({@link #canReplace}).</li>
 * </ul>
 * A product whose route is not known counts (an alert is safer than silence).
 */
public record AppliesTo(
        boolean systemic, Set<String> routeCodes, boolean notLineFlush, boolean forEpilepsy, String text) {

    public static final AppliesTo SYSTEMIC = parse("systemic");

    private static final Pattern UNITS_PER_ML =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*units?\\s*/\\s*(\\d+(?:\\.\\d+)?)?\\s*ml");
    private static final Pattern FLUSH = Pattern.compile("\\b(flush|flushes|flushing|lock|heplock|line lock)\\b");
    private static final Pattern EPILEPSY =
            Pattern.compile("\\b(epilep\\w*|seizures?|fits?|convulsions?|anticonvulsant|antiepileptic)\\b");
    private static final BigDecimal FLUSH_MAX_UNITS_PER_ML = new BigDecimal("100");

    public AppliesTo {
        routeCodes = Set.copyOf(routeCodes);
    }

    /** Reads an {@code applies_to} value; an unknown word is refused. */
    public static AppliesTo parse(String spec) {
        boolean systemic = false;
        boolean notLineFlush = false;
        boolean forEpilepsy = false;
        Set<String> routes = new TreeSet<>();
        for (String raw : spec.split(";")) {
            String word = raw.strip().toLowerCase(Locale.ROOT);
            switch (word) {
                case "systemic" -> systemic = true;
                case "not-line-flush" -> notLineFlush = true;
                case "for-epilepsy" -> forEpilepsy = true;
                default ->
                    routes.add(Routes.code(word)
                            .orElseThrow(() -> new IllegalArgumentException("unknown applies_to word '" + word
                                    + "' (systemic, not-line-flush, for-epilepsy, or a route: "
                                    + new TreeSet<>(Routes.WORDS.keySet()) + ")")));
            }
        }
        if (!systemic && routes.isEmpty()) {
            throw new IllegalArgumentException("applies_to '" + spec + "' names no route (systemic or a route word)");
        }
        return new AppliesTo(systemic, routes, notLineFlush, forEpilepsy, spec.strip());
    }

    /** True when the product is one this row is about. */
    public boolean appliesTo(Product product) {
        if (forEpilepsy && !EPILEPSY.matcher(product.words()).find()) {
            return false;
        }
        return canReplace(product);
    }

    /**
     * True when an order for the product can replace the medicine: the same tests as {@link #appliesTo}
     * but what it is for. An inpatient order for gabapentin covers the GP's gabapentin for epilepsy
     * whether or not the order's words say epilepsy: the indication decides whether the medicine is
     * time-critical, not whether the same medicine continues it.
     */
    public boolean canReplace(Product product) {
        if (notLineFlush && isLineFlush(product)) {
            return false;
        }
        if (product.routes().isEmpty()) {
            return true;
        }
        for (String route : product.routes()) { // a loop, not a stream: asked per source on every read
            if (routeCodes.contains(route) || (systemic && !Routes.isLocal(route))) {
                return true;
            }
        }
        return false;
    }

    /** Why a product is left out, for people ("a line flush", "a local route", "not for epilepsy"), or null. */
    public String whyNot(Product product) {
        if (appliesTo(product)) {
            return null;
        }
        if (notLineFlush && isLineFlush(product)) {
            return "a line flush or lock";
        }
        if (forEpilepsy && !EPILEPSY.matcher(product.words()).find()) {
            return "its record does not say it is for epilepsy";
        }
        return "not given by a route this applies to";
    }

    /** A heparin flush or lock: 100 units/ml or weaker, or named a flush or lock. */
    static boolean isLineFlush(Product product) {
        if (FLUSH.matcher(product.words()).find()) {
            return true;
        }
        if (product.strength() == null) {
            return false;
        }
        Matcher m = UNITS_PER_ML.matcher(product.strength().toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return false;
        }
        BigDecimal units = new BigDecimal(m.group(1));
        BigDecimal ml = m.group(2) == null ? BigDecimal.ONE : new BigDecimal(m.group(2));
        return ml.signum() > 0
                && units.divide(ml, java.math.MathContext.DECIMAL64).compareTo(FLUSH_MAX_UNITS_PER_ML) <= 0;
    }
}
