package health.umr.alerts;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.PatientFacts;
import health.umr.domain.ReferenceTime;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The alert rules of a record (docs/contract.md, docs/hazard-log.md): one {@link AlertRule} per alert
 * type, each a pure function of the unified record, the admission, the patient's facts, the reference
 * lists and the reference time. An alert is active while its condition holds; it is "resolved" by the
 * next evaluation not having it. No clock: the caller passes the reference time ("now" for a current
 * read, the {@code _at} instant for a past one), so ages are taken today, not at the newest record date.
 */
public final class ClinicalAlerts {

    /** The ACB total at which review is advised. */
    public static final int ACB_THRESHOLD = AnticholinergicBurdenRule.THRESHOLD;

    private final ReferenceLists lists;
    private final CriticalMedicineOmissionRule omission;
    private final AnticholinergicBurdenRule burden;
    private final ValproateRule valproate;
    private final List<AlertRule> rules;

    public ClinicalAlerts(ReferenceLists lists) {
        this.lists = lists;
        this.omission = new CriticalMedicineOmissionRule(lists);
        this.burden = new AnticholinergicBurdenRule(lists);
        this.valproate = new ValproateRule(lists);
        this.rules = List.of(
                omission,
                burden,
                valproate,
                new TherapeuticDuplicationRule(lists),
                new DoseDiscrepancyRule(),
                new StatusConflictRule(),
                new UnmappedMedicationRule(lists));
    }

    /** The reference lists the rules read. */
    public ReferenceLists lists() {
        return lists;
    }

    /** The rules, one per alert type, in the contract's order. */
    public List<AlertRule> rules() {
        return rules;
    }

    /** What the rules found: the active alerts, the ACB total, and notes where a rule left something out. */
    public record Evaluation(List<Alert> alerts, int acbScore, List<String> notes) {}

    public Evaluation evaluate(
            UnifiedRecord record, Admission admission, Optional<PatientFacts> facts, ReferenceTime at) {
        RuleInput input = new RuleInput(record, admission, facts, at, List.of());
        List<Alert> alerts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // the burden once: its rule's alert and the record's ACB total are both taken from it
        AnticholinergicBurdenRule.Burden acb = burden.burden(input);
        for (AlertRule rule : rules) {
            alerts.addAll(rule == burden ? burden.evaluate(input, acb) : rule.evaluate(input));
            notes.addAll(rule.notes(input));
        }
        alerts.sort(Comparator.comparing((Alert a) -> a.type().ordinal()).thenComparing(Alert::id));
        return new Evaluation(alerts, acb.total(), notes);
    }

    /** The item's ACB score as shown: 0 for a product used only by a local route. */
    public int acbScore(UnifiedItem item) {
        return burden.score(item);
    }

    /**
     * The active items the valproate rule counts as valproate (coded, or named in text): what population
     * reports select on, so they and the alert agree on who takes it.
     */
    public List<UnifiedItem> activeValproate(List<UnifiedItem> activeItems) {
        return activeItems.stream().filter(valproate::isValproate).toList();
    }

    /** True when the item is a time-critical medicine (by VTM and product, or recognised by name). */
    public boolean isTimeCritical(UnifiedItem item) {
        return omission.isTimeCritical(item);
    }

    /** True unless the item is active only in records not recently confirmed at the reference time. */
    public static boolean recentlyConfirmed(UnifiedItem item, ReferenceTime at) {
        return Freshness.recentlyConfirmed(item, at);
    }
}
