package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.UnifiedItem;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status-conflict}: one source has stopped (or completed, or not given) an item another still
 * has active. Read over every current item, since the newest assertion may be the stop; the reason the
 * source gave for stopping it is in the detail.
 */
public final class StatusConflictRule implements AlertRule {

    @Override
    public AlertType type() {
        return AlertType.STATUS_CONFLICT;
    }

    @Override
    public List<Alert> evaluate(RuleInput input) {
        List<Alert> alerts = new ArrayList<>();
        for (UnifiedItem item : input.record().items()) {
            item.discrepancy(DiscrepancyType.STATUS)
                    .ifPresent(d -> alerts.add(Alert.of(
                                    input.patient(),
                                    type(),
                                    Alert.Severity.MODERATE,
                                    List.of(item.id()),
                                    item.itemKey(),
                                    "Sources disagree on whether " + item.name() + " is current: " + d.detail())
                            .withSources(d.sourceIds())));
        }
        return alerts;
    }
}
