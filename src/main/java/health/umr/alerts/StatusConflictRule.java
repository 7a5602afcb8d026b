package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.DiscrepancyType;
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
        return DiscrepancyAlerts.of(
                input,
                type(),
                DiscrepancyType.STATUS,
                input.record().items(),
                item -> "Sources disagree on whether " + item.name() + " is current");
    }
}
