package health.umr.reports;

import health.umr.alerts.ClinicalAlerts;
import health.umr.domain.Alert;
import health.umr.domain.ItemSource;
import health.umr.domain.PatientRecord;
import health.umr.domain.PatientSummary;
import health.umr.domain.SourceSetting;
import health.umr.domain.UnifiedItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Derives a patient's {@link PatientSummary} from their unified record, with the alert rules'
 * own outputs (the record's alerts, the rules' ACB scores and valproate test): no clinical logic
 * is worked out again here. Plain Java.
 */
public final class PatientSummaries {

    private final ClinicalAlerts rules;

    public PatientSummaries(ClinicalAlerts rules) {
        this.rules = rules;
    }

    /**
     * @param raised when each alert of the previous summary was raised (by alert id); an alert not
     *               in it was raised {@code now}
     */
    public PatientSummary summarise(PatientRecord record, Map<String, Instant> raised, Instant now) {
        List<UnifiedItem> active = record.unified().activeItems();
        return new PatientSummary(
                record.nhsNumber(),
                gpSource(record).orElse(null),
                record.acbScore(),
                acbMedicines(active),
                rules.activeValproate(active).stream()
                        .flatMap(i -> i.activeSources().stream())
                        .map(ItemSource::sourceId)
                        .distinct()
                        .sorted()
                        .toList(),
                record.admission().admitted(),
                record.admission().admittingSourceId(),
                record.admission().since(),
                record.alerts().stream()
                        .map(a -> alertSince(record, a, raised.getOrDefault(a.id(), now)))
                        .toList(),
                sourceStats(record));
    }

    /** The GP source that asserted something most recently (then the first by id). */
    private static Optional<String> gpSource(PatientRecord record) {
        Map<String, Instant> newest = new TreeMap<>();
        for (UnifiedItem item : record.unified().allItems()) {
            for (ItemSource source : item.sources()) {
                if (source.setting() == SourceSetting.GP) {
                    Instant at = source.lastUpdated() == null ? Instant.EPOCH : source.lastUpdated();
                    newest.merge(source.sourceId(), at, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        }
        return newest.entrySet().stream()
                .max(Comparator.comparing(Map.Entry<String, Instant>::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey);
    }

    /** Each scoring VTM once, as the rules count the total; highest first. */
    private List<PatientSummary.AcbMedicine> acbMedicines(List<UnifiedItem> active) {
        Map<String, PatientSummary.AcbMedicine> byVtm = new TreeMap<>();
        for (UnifiedItem item : active) {
            int score = rules.acbScore(item);
            if (score > 0) {
                String vtm = item.vtmCode().orElseThrow();
                String name = item.vtm().display() != null ? item.vtm().display() : item.name();
                byVtm.putIfAbsent(vtm, new PatientSummary.AcbMedicine(vtm, name, score));
            }
        }
        List<PatientSummary.AcbMedicine> medicines = new ArrayList<>(byVtm.values());
        medicines.sort(Comparator.comparingInt(PatientSummary.AcbMedicine::acb)
                .reversed()
                .thenComparing(PatientSummary.AcbMedicine::name));
        return medicines;
    }

    private static PatientSummary.AlertSince alertSince(PatientRecord record, Alert alert, Instant since) {
        List<String> medicines = alert.itemIds().stream()
                .map(id -> record.unified().findItem(id).map(UnifiedItem::name).orElse(id))
                .toList();
        return new PatientSummary.AlertSince(
                alert.id(), alert.type().code(), alert.severity().code(), since, medicines);
    }

    private static List<PatientSummary.SourceStats> sourceStats(PatientRecord record) {
        Map<String, int[]> counts = new TreeMap<>();
        for (String key : record.references().keySet()) {
            counts.computeIfAbsent(sourceOf(key), s -> new int[5])[0]++;
        }
        for (UnifiedItem item : record.unified().allItems()) {
            for (ItemSource source : item.sources()) {
                int[] c = counts.computeIfAbsent(source.sourceId(), s -> new int[5]);
                c[1]++;
                c[2] += source.dmdCode() == null ? 1 : 0;
                c[3] += source.dosage().isStructured() ? 0 : 1;
                c[4] += source.medication() == null ? 1 : 0;
            }
        }
        return counts.entrySet().stream()
                .map(e -> new PatientSummary.SourceStats(
                        e.getKey(),
                        e.getValue()[0],
                        e.getValue()[1],
                        e.getValue()[2],
                        e.getValue()[3],
                        e.getValue()[4]))
                .toList();
    }

    /** A record key's text is "source|Type|business key"; source ids are slugs, so never hold '|'. */
    private static String sourceOf(String recordKey) {
        return recordKey.substring(0, recordKey.indexOf('|'));
    }
}
