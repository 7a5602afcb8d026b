package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.UnifiedItem;
import java.util.List;

/**
 * What checking draft orders against a patient's unified record found: values, not exceptions,
 * each naming the source ids it rests on so a reader can say where the record's facts came from.
 * Each is made by the same {@link AlertRule} that raises the record's alerts of its type, so a card
 * and a DetectedIssue never disagree. Adapters (CDS Hooks cards) decide how to show them.
 */
public sealed interface OrderFinding {

    /** The registered source ids the finding rests on, sorted; empty when it rests on the order alone. */
    List<String> sourceIds();

    /**
     * The draft orders a medicine (same VTM) the record already holds active.
     *
     * @param continuesOnAdmission true when the patient is admitted and no inpatient order from the
     *                             admitting source covers the item yet: the draft most likely carries a
     *                             community medicine into hospital, which is wanted, so it is information
     *                             (with the record's dosage to compare) rather than a warning
     */
    record AlreadyTaken(DraftOrder order, UnifiedItem item, List<String> sourceIds, boolean continuesOnAdmission)
            implements OrderFinding {}

    /** The draft is a different medicine (VTM) of a duplication class the record already has active. */
    record SameClass(DraftOrder order, DuplicationClass duplicationClass, UnifiedItem item, List<String> sourceIds)
            implements OrderFinding {}

    /**
     * Two drafts of the same call are the same medicine (same VTM), or different medicines of one
     * duplication class ({@code duplicationClass} then names it; null for the same medicine).
     * Reported once per pair.
     */
    record DuplicateInOrders(
            DraftOrder order, DraftOrder other, DuplicationClass duplicationClass, List<String> sourceIds)
            implements OrderFinding {}

    /**
     * The drafts would raise the anticholinergic burden to {@code after} (3 or more).
     *
     * @param adding the drafts that add a VTM with an ACB score the record does not already count
     * @param scores the name and score of each scoring medicine after the order, one per VTM
     */
    record AcbRise(List<DraftOrder> adding, int before, int after, List<String> scores, List<String> sourceIds)
            implements OrderFinding {}

    /**
     * A valproate draft for a patient who may become pregnant (female, or sex unknown or other, aged 12 to
     * 54 or of unknown age: the Pregnancy Prevention Programme) or a male under 55 (MHRA 2024 counselling).
     *
     * @param message what the record's alert would say, for the card's detail
     */
    record Valproate(DraftOrder order, ValproateRule.Risk risk, String message, List<String> sourceIds)
            implements OrderFinding {}

    /**
     * The patient is admitted and a time-critical medicine the record holds has no inpatient order for
     * this admission from the admitting source, and no draft covers it (same VTM or a named substitute,
     * by a route that can replace it).
     *
     * @param alert the record's alert for it (admission time, how long open, whether overdue)
     */
    record CriticalOmission(
            UnifiedItem item,
            TimeCriticalMedicine medicine,
            String admittingSourceId,
            List<String> sourceIds,
            Alert alert)
            implements OrderFinding {}

    /** A draft with no dm+d code UMR can resolve: nothing above could be checked for it. */
    record Unchecked(DraftOrder order, List<String> sourceIds) implements OrderFinding {}
}
