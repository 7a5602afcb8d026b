package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.DiscrepancyType;
import java.util.List;

/**
 * {@code dose-discrepancy}: the sources of one active item disagree on its dose, as the reconciler found
 * (every dosage instruction read, structured doses compared with dose text through the dose-text
 * parser, the same dose in other words not a discrepancy: see {@code reconcile/package-info.java}).
 */
public final class DoseDiscrepancyRule implements AlertRule {

    @Override
    public AlertType type() {
        return AlertType.DOSE_DISCREPANCY;
    }

    @Override
    public List<Alert> evaluate(RuleInput input) {
        return DiscrepancyAlerts.of(
                input,
                type(),
                DiscrepancyType.DOSE,
                input.activeItems(),
                item -> "Sources disagree on the dose of " + item.name());
    }
}
