package health.umr.alerts;

import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The alerts as a reader sees them at a moment: an alert is {@code acknowledged} while the newest
 * acknowledgement recorded for it by then still holds (its {@code until} not passed, no medicine
 * implicated that it did not name, no higher severity), else {@code active}. Every acknowledgement
 * recorded by then stays in its history. A pure function.
 */
public final class AlertStates {

    private static final Comparator<Acknowledgement> OLDEST_FIRST =
            Comparator.comparing(Acknowledgement::recordedAt).thenComparing(Acknowledgement::id);

    private AlertStates() {}

    public static List<AlertState> at(List<Alert> alerts, List<Acknowledgement> acknowledgements, Instant at) {
        List<AlertState> states = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            List<Acknowledgement> history = acknowledgements.stream()
                    .filter(a ->
                            a.alertId().equals(alert.id()) && !a.recordedAt().isAfter(at))
                    .sorted(OLDEST_FIRST)
                    .toList();
            Acknowledgement newest = history.isEmpty() ? null : history.get(history.size() - 1);
            boolean holds = newest != null && newest.holdsFor(alert, at);
            states.add(new AlertState(
                    alert,
                    holds ? AlertState.Status.ACKNOWLEDGED : AlertState.Status.ACTIVE,
                    holds ? newest : null,
                    history,
                    at));
        }
        return states;
    }
}
