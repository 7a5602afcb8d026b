package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import java.util.List;

/**
 * One alert type's rule, written once: evaluated over a record ({@link #evaluate}, what the
 * DetectedIssues and the portal show) and over a record plus draft orders ({@link #check}, what CDS
 * Hooks cards show). A pure function of its input and the reference lists: the reference time is in the
 * input, never read from a clock.
 */
public interface AlertRule {

    AlertType type();

    /** The alerts the record raises. */
    List<Alert> evaluate(RuleInput input);

    /** What the rule could not assess, or left out and why, for people (e.g. a stale time-critical record). */
    default List<String> notes(RuleInput input) {
        return List.of();
    }

    /**
     * What the draft orders would bring (the input carries every draft of the call; {@code checked} are
     * the ones the prescriber is signing or selecting). None by default: some rules are about the record only.
     */
    default List<OrderFinding> check(RuleInput input, List<DraftOrder> checked) {
        return List.of();
    }
}
