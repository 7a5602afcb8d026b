package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.ItemSource;
import health.umr.domain.PatientFacts;
import health.umr.domain.UnifiedItem;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code acb-high}: the anticholinergic burden of what the patient takes reaches {@link #THRESHOLD}.
 * Each VTM counts once, however many sources or products list it, with the higher score where the two
 * scales disagree (the reference list). What does not count: a product used only by a local route
 * (atropine eye drops, mepyramine cream: no systemic burden), and a record not recently confirmed
 * ({@link Freshness}); the alert names what it left out and why.
 *
 * <p>Severity: {@code moderate} at 65 or over, or when the age is not known; {@code low} under 65. The
 * evidence of harm (cognitive impairment, falls, death: Fox 2011, MRC CFAS; Boustani 2008) comes from
 * people aged 65 and over, for whom the scale was made; in younger adults the burden still adds up (an
 * antipsychotic with an anticholinergic) and is worth a look, so it is shown, but lower.
 */
public final class AnticholinergicBurdenRule implements AlertRule {

    /** The ACB total at which review is advised (Boustani; commonly used threshold). */
    public static final int THRESHOLD = 3;

    static final int OLDER_FROM = 65;

    private final ReferenceLists lists;

    public AnticholinergicBurdenRule(ReferenceLists lists) {
        this.lists = lists;
    }

    @Override
    public AlertType type() {
        return AlertType.ACB_HIGH;
    }

    /** The burden: the counted items by VTM, and what was left out with why. */
    public record Burden(Map<String, UnifiedItem> counted, Map<String, String> leftOut, int total) {}

    /** The item's score as the record shows it: 0 when it is used only by a local route. */
    public int score(UnifiedItem item) {
        if (item.vtmCode().isEmpty()) {
            return 0;
        }
        List<ItemSource> sources = item.activeSources().isEmpty() ? item.sources() : item.activeSources();
        boolean local = !sources.isEmpty()
                && sources.stream().allMatch(s -> Product.of(s).isLocal());
        return local ? 0 : lists.acbScore(item.vtmCode().get());
    }

    /** The burden of the record's active items (drafts not included). */
    public Burden burden(RuleInput input) {
        Map<String, UnifiedItem> counted = new TreeMap<>();
        Map<String, String> leftOut = new TreeMap<>();
        for (UnifiedItem item : input.activeItems()) {
            if (item.vtmCode().isEmpty() || lists.acbScore(item.vtmCode().get()) == 0) {
                continue;
            }
            if (!input.recentlyConfirmed(item)) {
                leftOut.putIfAbsent(item.name(), "not recently confirmed");
            } else if (score(item) == 0) {
                leftOut.putIfAbsent(item.name(), "a local product (eye, skin, ear ...), no systemic burden");
            } else {
                counted.putIfAbsent(item.vtmCode().get(), item);
            }
        }
        int total = counted.keySet().stream().mapToInt(lists::acbScore).sum();
        return new Burden(counted, leftOut, total);
    }

    @Override
    public List<Alert> evaluate(RuleInput input) {
        return evaluate(input, burden(input));
    }

    /** As {@link #evaluate(RuleInput)}, with the input's burden already worked out. */
    List<Alert> evaluate(RuleInput input, Burden burden) {
        if (burden.total() < THRESHOLD) {
            return List.of();
        }
        Integer age = age(input.facts(), input.at().date());
        Alert.Severity severity = age != null && age < OLDER_FROM ? Alert.Severity.LOW : Alert.Severity.MODERATE;
        List<String> parts = new ArrayList<>();
        burden.counted().forEach((vtm, item) -> parts.add(item.name() + " " + lists.acbScore(vtm)));
        StringBuilder message = new StringBuilder("Anticholinergic burden " + burden.total() + " ("
                + String.join(", ", parts) + "); a total of " + THRESHOLD
                + " or more is linked with cognitive impairment, falls and death: review.");
        if (!burden.leftOut().isEmpty()) {
            List<String> out = new ArrayList<>();
            burden.leftOut().forEach((name, why) -> out.add(name + " (" + why + ")"));
            message.append(" Not counted: ").append(String.join(", ", out)).append('.');
        }
        if (severity == Alert.Severity.LOW) {
            message.append(" Lower severity under ")
                    .append(OLDER_FROM)
                    .append(": the evidence of harm is from older people.");
        }
        List<String> sources = burden.counted().values().stream()
                .flatMap(i -> i.activeSources().stream())
                .map(ItemSource::sourceId)
                .distinct()
                .sorted()
                .toList();
        return List.of(Alert.of(
                        input.patient(),
                        type(),
                        severity,
                        burden.counted().values().stream().map(UnifiedItem::id).toList(),
                        "acb",
                        message.toString())
                .withSources(sources)
                .withReferenceVersions(ReferenceLists.versionsOf(lists.acbFile())));
    }

    /** Each VTM once, whether it comes from the record or a draft; drafts of local products add nothing. */
    @Override
    public List<OrderFinding> check(RuleInput input, List<DraftOrder> checked) {
        Burden before = burden(input.withoutDrafts());
        Map<String, String> after = new LinkedHashMap<>();
        before.counted()
                .forEach((vtm, item) ->
                        after.put(vtm, item.vtm().display() != null ? item.vtm().display() : item.name()));
        for (DraftOrder order : input.drafts()) {
            if (order.vtm() != null && !order.product().isLocal()) {
                after.putIfAbsent(order.vtm(), order.vtmName() != null ? order.vtmName() : order.name());
            }
        }
        List<DraftOrder> adding = checked.stream()
                .filter(o -> o.vtm() != null
                        && lists.acbScore(o.vtm()) > 0
                        && !o.product().isLocal()
                        && !before.counted().containsKey(o.vtm()))
                .toList();
        int total = after.keySet().stream().mapToInt(lists::acbScore).sum();
        if (adding.isEmpty() || total < THRESHOLD) {
            return List.of();
        }
        List<String> scores = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        after.forEach((vtm, name) -> {
            int score = lists.acbScore(vtm);
            if (score > 0) {
                UnifiedItem item = before.counted().get(vtm);
                scores.add(name + " " + score + (item != null ? "" : " (this order)"));
                if (item != null) {
                    item.activeSources().forEach(s -> sources.add(s.sourceId()));
                }
            }
        });
        return List.of(new OrderFinding.AcbRise(
                adding,
                before.total(),
                total,
                scores,
                sources.stream().distinct().sorted().toList()));
    }

    static Integer age(Optional<PatientFacts> facts, LocalDate today) {
        LocalDate birth = facts.map(PatientFacts::birthDate).orElse(null);
        return birth == null || birth.isAfter(today)
                ? null
                : Period.between(birth, today).getYears();
    }
}
