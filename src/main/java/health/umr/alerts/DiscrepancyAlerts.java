package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.UnifiedItem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The alerts over a discrepancy the reconciler found on an item (dose, status): one moderate alert per
 * item that has one, naming the sources that disagree. The rules differ in which items they read and
 * how they word it.
 */
final class DiscrepancyAlerts {

    private DiscrepancyAlerts() {}

    static List<Alert> of(
            RuleInput input,
            AlertType type,
            DiscrepancyType discrepancy,
            Collection<UnifiedItem> items,
            Function<UnifiedItem, String> wording) {
        List<Alert> alerts = new ArrayList<>();
        for (UnifiedItem item : items) {
            item.discrepancy(discrepancy)
                    .ifPresent(d -> alerts.add(Alert.of(
                                    input.patient(),
                                    type,
                                    Alert.Severity.MODERATE,
                                    List.of(item.id()),
                                    item.itemKey(),
                                    wording.apply(item) + ": " + d.detail())
                            .withSources(d.sourceIds())));
        }
        return alerts;
    }
}
