package health.umr.reconcile.before;

import java.time.Period;
import java.util.Objects;

/**
 * What shapes reconciliation besides its inputs.
 *
 * @param currentWindow how far back from the newest record date a completed or stopped course
 *                      still counts as current (the NHS digital medicines "current medication"
 *                      definition uses 12 months)
 */
public record ReconcileSettings(Period currentWindow) {

    public static final ReconcileSettings DEFAULT = new ReconcileSettings(Period.ofMonths(12));

    public ReconcileSettings {
        Objects.requireNonNull(currentWindow, "currentWindow");
        if (currentWindow.isNegative()) {
            throw new IllegalArgumentException("the current window cannot be negative: " + currentWindow);
        }
    }
}
