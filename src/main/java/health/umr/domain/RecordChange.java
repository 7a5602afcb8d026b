package health.umr.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed between two versions of a patient's record: the record-changed event. Item and
 * alert ids are stable across versions, so the difference is by id.
 */
public record RecordChange(
        String nhsNumber,
        int version,
        Instant recordedAt,
        boolean admitted,
        boolean discharged,
        List<String> itemsAdded,
        List<String> itemsStopped,
        List<String> itemsChanged,
        List<String> alertsRaised,
        List<String> alertsResolved) {

    public static RecordChange between(PatientRecord before, PatientRecord after, int version, Instant recordedAt) {
        Map<String, UnifiedItem> old =
                before == null ? Map.of() : byId(before.unified().items(), UnifiedItem::id);
        Map<String, UnifiedItem> now = byId(after.unified().items(), UnifiedItem::id);
        List<String> added = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        now.forEach((id, item) -> {
            UnifiedItem previous = old.get(id);
            if (previous == null || (!previous.isActive() && item.isActive())) {
                added.add(id);
            } else if (previous.isActive() && !item.isActive()) {
                stopped.add(id);
            } else if (!previous.equals(item)) {
                changed.add(id);
            }
        });
        old.forEach((id, item) -> {
            if (!now.containsKey(id) && item.isActive()) {
                stopped.add(id);
            }
        });
        Map<String, Alert> oldAlerts = before == null ? Map.of() : byId(before.alerts(), Alert::id);
        Map<String, Alert> newAlerts = byId(after.alerts(), Alert::id);
        boolean wasAdmitted = before != null && before.admission().admitted();
        return new RecordChange(
                after.nhsNumber().value(),
                version,
                recordedAt,
                !wasAdmitted && after.admission().admitted(),
                wasAdmitted && !after.admission().admitted(),
                added,
                stopped,
                changed,
                newAlerts.keySet().stream()
                        .filter(id -> !oldAlerts.containsKey(id))
                        .sorted()
                        .toList(),
                oldAlerts.keySet().stream()
                        .filter(id -> !newAlerts.containsKey(id))
                        .sorted()
                        .toList());
    }

    private static <T> Map<String, T> byId(List<T> values, Function<T, String> id) {
        return values.stream().collect(Collectors.toMap(id, v -> v, (a, b) -> a, java.util.TreeMap::new));
    }

    public RecordChange {
        Objects.requireNonNull(nhsNumber, "nhsNumber");
    }
}
