package health.umr.alerts;

import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks draft orders against a patient's unified record before they are signed (CDS Hooks
 * order-select / order-sign), with the record's own {@link AlertRule}s evaluated over the record plus
 * the drafts: duplication of what the patient already takes, the anticholinergic burden the orders would
 * bring, valproate, time-critical medicines still unprescribed on admission, drafts UMR cannot check. A
 * pure function of its arguments: the reference time comes in, no clock.
 */
public final class DraftOrderCheck {

    private final ClinicalAlerts alerts;

    public DraftOrderCheck(ClinicalAlerts alerts) {
        this.alerts = alerts;
    }

    /**
     * @param record  the patient's current unified record (with its admission)
     * @param facts   the patient's sex and birth date, if known
     * @param at      when the orders are made, for the patient's age and how long an omission is open
     * @param checked the drafts to check (order-select: the selected ones; order-sign: all)
     * @param all     every draft of the call: any of them covers a critical omission, and the ACB
     *                total counts them all
     */
    public List<OrderFinding> check(
            PatientRecord record,
            Optional<PatientFacts> facts,
            ReferenceTime at,
            List<DraftOrder> checked,
            List<DraftOrder> all) {
        RuleInput input = new RuleInput(record.unified(), record.admission(), facts, at, all);
        List<OrderFinding> findings = new ArrayList<>();
        for (AlertRule rule : alerts.rules()) {
            findings.addAll(rule.check(input, checked));
        }
        return List.copyOf(order(findings));
    }

    /** Omissions first, then each draft's findings in draft order (unchecked, valproate, duplication), then ACB. */
    private static List<OrderFinding> order(List<OrderFinding> findings) {
        List<OrderFinding> out = new ArrayList<>();
        findings.stream()
                .filter(f -> f instanceof OrderFinding.CriticalOmission)
                .forEach(out::add);
        findings.stream().filter(f -> f instanceof OrderFinding.Unchecked).forEach(out::add);
        findings.stream().filter(f -> f instanceof OrderFinding.Valproate).forEach(out::add);
        findings.stream()
                .filter(f -> f instanceof OrderFinding.AlreadyTaken
                        || f instanceof OrderFinding.SameClass
                        || f instanceof OrderFinding.DuplicateInOrders)
                .forEach(out::add);
        findings.stream().filter(f -> f instanceof OrderFinding.AcbRise).forEach(out::add);
        return out;
    }
}
