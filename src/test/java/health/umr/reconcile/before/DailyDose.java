package health.umr.reconcile.before;

import health.umr.dmd.VmpDetail;
import health.umr.dmd.VmpIngredient;
import health.umr.domain.Dosage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How much of a medicine a structured dosage gives in a day: dose × times a day, per
 * ingredient. Where the dose is a count of units (1 tablet, 2 capsules) and the VMP is known, the
 * count is multiplied by the VMP's strength (its VPI numerators), so "2 × 10mg tablets" and
 * "20 mg" compare equal; a dose in the unit of a strength's denominator (5 ml of 10mg/5ml) is
 * multiplied by the concentration. Mass units are brought to mg, "units"/"IU" to unit.
 *
 * <p>Amounts compare equal within a relative 1e-6 (floating-point dose values, thirds of a day).
 */
record DailyDose(List<Component> components) {

    /**
     * One ingredient's amount a day.
     *
     * @param ingredientId dm+d ingredient id, or null when the dose does not say which (a VTM-level
     *                     dose, or a multi-ingredient product dosed in mg)
     * @param name         the ingredient's name, or null
     * @param amount       the amount a day, in {@code unit}
     * @param unit         normalised unit: mg, unit, ml, or a count such as tablet
     */
    record Component(String ingredientId, String name, BigDecimal amount, String unit, boolean count) {

        Component(String ingredientId, String name, BigDecimal amount, String unit) {
            this(ingredientId, name, amount, unit, false);
        }

        /** Counts of whole units (tablets, capsules, doses) compare with one another whatever the word. */
        String comparableUnit() {
            return count ? "count" : unit;
        }
    }

    private static final MathContext PRECISION = MathContext.DECIMAL64;
    private static final BigDecimal TOLERANCE = new BigDecimal("1e-6");
    private static final MathContext SIX_DIGITS = new MathContext(6);
    private static final Comparator<Component> BY_NAME = Comparator.comparing(
                    (Component c) -> c.name() == null ? "" : c.name().toLowerCase(Locale.ROOT))
            .thenComparing(c -> c.ingredientId() == null ? "" : c.ingredientId());

    private record Unit(String name, BigDecimal factor, boolean count) {}

    private static final Map<String, Unit> UNITS = units();

    DailyDose {
        components = List.copyOf(components);
    }

    /**
     * The daily dose of a structured dosage; {@code product} is the VMP's detail, or null when the
     * medicine is known only at VTM level (or not at all). Empty when the dosage is not structured
     * (no dose value or no times a day) or its unit is missing.
     */
    static Optional<DailyDose> of(Dosage dosage, VmpDetail product) {
        if (dosage == null
                || !dosage.isStructured()
                || dosage.doseUnit() == null
                || !Double.isFinite(dosage.doseValue())
                || !Double.isFinite(dosage.timesPerDay())) {
            return Optional.empty();
        }
        BigDecimal perDay =
                BigDecimal.valueOf(dosage.doseValue()).multiply(BigDecimal.valueOf(dosage.timesPerDay()), PRECISION);
        Unit unit = unit(dosage.doseUnit());
        List<VmpIngredient> ingredients = product == null ? List.of() : product.ingredients();
        boolean strengthsKnown =
                !ingredients.isEmpty() && ingredients.stream().allMatch(i -> i.numeratorValue() != null);
        if (strengthsKnown && unit.count() && ingredients.stream().noneMatch(VmpIngredient::hasDenominator)) {
            return Optional.of(new DailyDose(ingredients.stream()
                    .map(i -> strength(i, perDay, BigDecimal.ONE))
                    .toList()));
        }
        if (strengthsKnown
                && ingredients.stream()
                        .allMatch(i -> i.hasDenominator()
                                && i.denominatorValue().signum() > 0
                                && sameUnit(unit, i.denominatorUnitName()))) {
            return Optional.of(new DailyDose(ingredients.stream()
                    .map(i -> strength(i, perDay.multiply(unit.factor(), PRECISION), i.denominatorValue()))
                    .toList()));
        }
        VmpIngredient only = ingredients.size() == 1 && !unit.count() ? ingredients.get(0) : null;
        return Optional.of(new DailyDose(List.of(new Component(
                only == null ? null : only.ingredientId(),
                only == null ? null : only.ingredientName(),
                perDay.multiply(unit.factor(), PRECISION),
                unit.name(),
                unit.count()))));
    }

    private static Component strength(VmpIngredient ingredient, BigDecimal quantityPerDay, BigDecimal per) {
        Unit unit = unit(
                ingredient.numeratorUnitName() != null
                        ? ingredient.numeratorUnitName()
                        : ingredient.numeratorUnitCode());
        BigDecimal amount = quantityPerDay
                .multiply(ingredient.numeratorValue(), PRECISION)
                .multiply(unit.factor(), PRECISION)
                .divide(per, PRECISION);
        return new Component(ingredient.ingredientId(), ingredient.ingredientName(), amount, unit.name());
    }

    private static boolean sameUnit(Unit dose, String denominatorUnit) {
        return denominatorUnit != null
                && !dose.count()
                && dose.name().equals(unit(denominatorUnit).name());
    }

    /**
     * Whether two daily doses are the same amount; empty when they cannot be compared (different
     * units, or different ingredients).
     */
    /** Optional answers without an allocation each: Optional.of(true) and Optional.of(false). */
    static final Optional<Boolean> YES = Optional.of(Boolean.TRUE);

    static final Optional<Boolean> NO = Optional.of(Boolean.FALSE);

    Optional<Boolean> sameAs(DailyDose other) {
        if (components.size() == 1 && other.components.size() == 1) {
            Component a = components.get(0);
            Component b = other.components.get(0);
            if (!pairs(a, b)) {
                return Optional.empty();
            }
            return close(a.amount(), b.amount()) ? YES : NO;
        }
        Component[][] pairs = pairUp(other);
        if (pairs == null) {
            return Optional.empty();
        }
        for (Component[] p : pairs) {
            if (!close(p[0].amount(), p[1].amount())) {
                return NO;
            }
        }
        return YES;
    }

    Optional<Boolean> atMost(DailyDose other) {
        if (components.size() == 1 && other.components.size() == 1) {
            Component a = components.get(0);
            Component b = other.components.get(0);
            if (!pairs(a, b)) {
                return Optional.empty();
            }
            return a.amount().compareTo(b.amount()) > 0 && !close(a.amount(), b.amount()) ? NO : YES;
        }
        Component[][] pairs = pairUp(other);
        if (pairs == null) {
            return Optional.empty();
        }
        for (Component[] p : pairs) {
            if (p[0].amount().compareTo(p[1].amount()) > 0 && !close(p[0].amount(), p[1].amount())) {
                return NO;
            }
        }
        return YES;
    }

    /** The sum, or null when the two do not add up (different ingredients or units). */
    DailyDose plus(DailyDose other) {
        if (components.size() == 1 && other.components.size() == 1) {
            Component a = components.get(0);
            Component b = other.components.get(0);
            return pairs(a, b) ? new DailyDose(List.of(sum(a, b))) : null;
        }
        Component[][] pairs = pairUp(other);
        if (pairs == null) {
            return null;
        }
        Component[] sums = new Component[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            sums[i] = sum(pairs[i][0], pairs[i][1]);
        }
        return new DailyDose(List.of(sums));
    }

    private static Component sum(Component a, Component b) {
        return new Component(
                a.ingredientId() != null ? a.ingredientId() : b.ingredientId(),
                a.name() != null ? a.name() : b.name(),
                a.amount().add(b.amount(), PRECISION),
                a.unit(),
                a.count());
    }

    /** Whether the only components of two doses are comparable: the same unit and, where both name one, ingredient. */
    private static boolean pairs(Component a, Component b) {
        boolean sameIngredient = a.ingredientId() == null
                || b.ingredientId() == null
                || a.ingredientId().equals(b.ingredientId());
        return sameIngredient && a.comparableUnit().equals(b.comparableUnit());
    }

    private Component[][] pairUp(DailyDose other) {
        if (components.size() == 1 && other.components.size() == 1) {
            Component a = components.get(0);
            Component b = other.components.get(0);
            boolean sameIngredient = a.ingredientId() == null
                    || b.ingredientId() == null
                    || a.ingredientId().equals(b.ingredientId());
            return a.comparableUnit().equals(b.comparableUnit()) && sameIngredient ? new Component[][] {{a, b}} : null;
        }
        if (components.size() != other.components.size()
                || anyWithoutIngredient(components)
                || anyWithoutIngredient(other.components)) {
            return null;
        }
        Component[] mine = sorted(components);
        Component[] theirs = sorted(other.components);
        Component[][] pairs = new Component[mine.length][];
        for (int i = 0; i < mine.length; i++) {
            Component a = mine[i];
            Component b = theirs[i];
            if (!a.ingredientId().equals(b.ingredientId())
                    || !a.comparableUnit().equals(b.comparableUnit())) {
                return null;
            }
            pairs[i] = new Component[] {a, b};
        }
        return pairs;
    }

    private static boolean anyWithoutIngredient(List<Component> components) {
        for (Component component : components) {
            if (component.ingredientId() == null) {
                return true;
            }
        }
        return false;
    }

    private static final Comparator<Component> BY_INGREDIENT_AND_UNIT =
            Comparator.comparing(Component::ingredientId).thenComparing(Component::unit);

    /** By ingredient, then unit (a stable sort, as the stream's was). */
    private static Component[] sorted(List<Component> components) {
        Component[] sorted = components.toArray(new Component[0]);
        Arrays.sort(sorted, BY_INGREDIENT_AND_UNIT);
        return sorted;
    }

    private static boolean close(BigDecimal a, BigDecimal b) {
        BigDecimal scale = a.abs().max(b.abs());
        return a.subtract(b).abs().compareTo(scale.multiply(TOLERANCE)) <= 0;
    }

    /** For people: "20 mg a day", "75 mg carbidopa + 300 mg levodopa a day" (ingredients by name). */
    String text() {
        return amounts() + " a day";
    }

    /** The amounts alone: "20 mg", "75 mg carbidopa + 300 mg levodopa" (ingredients by name). */
    String amounts() {
        if (components.size() == 1) {
            Component only = components.get(0);
            return number(only.amount()) + " " + only.unit();
        }
        Component[] byName = components.toArray(new Component[0]);
        Arrays.sort(byName, BY_NAME);
        StringBuilder text = new StringBuilder();
        for (Component component : byName) {
            if (!text.isEmpty()) {
                text.append(" + ");
            }
            text.append(number(component.amount())).append(' ').append(component.unit());
            if (component.name() != null) {
                text.append(' ').append(component.name().toLowerCase(Locale.ROOT));
            }
        }
        return text.toString();
    }

    static String number(BigDecimal value) {
        return value.round(SIX_DIGITS).stripTrailingZeros().toPlainString();
    }

    private static Unit unit(String sent) {
        String word = sent.strip()
                .toLowerCase(Locale.ROOT)
                .replace("{", "")
                .replace("}", "")
                .replace('µ', 'u');
        Unit known = UNITS.get(word);
        return known != null ? known : new Unit(word, BigDecimal.ONE, false);
    }

    private static Map<String, Unit> units() {
        Map<String, Unit> units = new java.util.HashMap<>();
        BigDecimal one = BigDecimal.ONE;
        for (String mg : List.of("mg", "milligram", "milligrams", "258684004")) {
            units.put(mg, new Unit("mg", one, false));
        }
        for (String g : List.of("g", "gram", "grams", "258682000")) {
            units.put(g, new Unit("mg", new BigDecimal("1000"), false));
        }
        for (String mcg : List.of("microgram", "micrograms", "mcg", "ug", "258685003")) {
            units.put(mcg, new Unit("mg", new BigDecimal("0.001"), false));
        }
        for (String ng : List.of("nanogram", "nanograms", "ng", "258686002")) {
            units.put(ng, new Unit("mg", new BigDecimal("0.000001"), false));
        }
        for (String u : List.of("unit", "units", "iu", "[iu]", "u", "258666001")) {
            units.put(u, new Unit("unit", one, false));
        }
        for (String ml : List.of("ml", "millilitre", "millilitres", "milliliter", "milliliters", "258773002")) {
            units.put(ml, new Unit("ml", one, false));
        }
        Map<String, Set<String>> counts = Map.ofEntries(
                Map.entry("tablet", Set.of("tablet", "tablets", "tab", "tabs", "428673006")),
                Map.entry("capsule", Set.of("capsule", "capsules", "cap", "caps", "428641000")),
                Map.entry("caplet", Set.of("caplet", "caplets")),
                Map.entry("dose", Set.of("dose", "doses")),
                Map.entry("puff", Set.of("puff", "puffs")),
                Map.entry("drop", Set.of("drop", "drops")),
                Map.entry("spray", Set.of("spray", "sprays")),
                Map.entry("sachet", Set.of("sachet", "sachets")),
                Map.entry("suppository", Set.of("suppository", "suppositories")),
                Map.entry("pessary", Set.of("pessary", "pessaries")),
                Map.entry("lozenge", Set.of("lozenge", "lozenges")),
                Map.entry("pastille", Set.of("pastille", "pastilles")),
                Map.entry("patch", Set.of("patch", "patches")),
                Map.entry("ampoule", Set.of("ampoule", "ampoules")),
                Map.entry("vial", Set.of("vial", "vials")),
                Map.entry(
                        "pre-filled disposable injection",
                        Set.of("pre-filled disposable injection", "pre-filled disposable injections")));
        counts.forEach((name, words) -> words.forEach(w -> units.put(w, new Unit(name, one, true))));
        return Map.copyOf(units);
    }
}
