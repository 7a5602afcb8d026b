package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.ItemSource;
import health.umr.domain.UnifiedItem;
import java.util.List;

/**
 * {@code unmapped-medication} (low): an active record with no dm+d code UMR can resolve cannot be
 * checked for duplication or burden. Where its text names a high-risk medicine of the lists, the
 * alert says so: its valproate and time-critical checks are then made by that name (marked "matched by
 * name, confirm"), and the record is still never merged with a coded one.
 */
public final class UnmappedMedicationRule implements AlertRule {

    private final ReferenceLists lists;

    public UnmappedMedicationRule(ReferenceLists lists) {
        this.lists = lists;
    }

    @Override
    public AlertType type() {
        return AlertType.UNMAPPED_MEDICATION;
    }

    @Override
    public List<Alert> evaluate(RuleInput input) {
        return input.activeItems().stream()
                .filter(i -> !i.isMapped())
                .map(i -> alert(input, i))
                .toList();
    }

    @Override
    public List<OrderFinding> check(RuleInput input, List<DraftOrder> checked) {
        return checked.stream()
                .filter(o -> !o.isMapped())
                .map(o -> (OrderFinding) new OrderFinding.Unchecked(o, List.of()))
                .toList();
    }

    private Alert alert(RuleInput input, UnifiedItem item) {
        List<String> sources = item.sources().stream()
                .map(ItemSource::sourceId)
                .distinct()
                .sorted()
                .toList();
        var recognised = lists.names().recognise(item.medicationText());
        String message = "'" + item.name() + "' from " + String.join(", ", sources)
                + " has no dm+d code UMR can resolve: it cannot be checked for duplication or burden"
                + recognised
                        .map(n -> "; by its name it looks like " + n.vtmName()
                                + ", so its valproate and time-critical checks are made by name (confirm)")
                        .orElse(", nor for time-critical status")
                + "; code it in dm+d at source";
        Alert alert = Alert.of(input.patient(), type(), Alert.Severity.LOW, List.of(item.id()), item.itemKey(), message)
                .withSources(sources);
        return recognised.isPresent()
                ? alert.matchedByName(true).withReferenceVersions(ReferenceLists.versionsOf(lists.namesFile()))
                : alert;
    }
}
