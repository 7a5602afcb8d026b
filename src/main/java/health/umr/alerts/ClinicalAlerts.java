package health.umr.alerts;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.Gender;
import health.umr.domain.ItemSource;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The alert rules (docs/contract.md, docs/hazard-log.md): a pure function of the unified record, the
 * admission, the patient's facts and the reference lists. An alert is active while its condition
 * holds; it is "resolved" by the next version not having it. No clock: age is taken at the
 * newest date among the patient's records.
 */
public final class ClinicalAlerts {

    /** The ACB total at which review is advised (Boustani; commonly used threshold). */
    public static final int ACB_THRESHOLD = 3;

    private static final int CHILDBEARING_FROM = 12;
    private static final int CHILDBEARING_TO = 54;

    private final ReferenceLists lists;

    public ClinicalAlerts(ReferenceLists lists) {
        this.lists = lists;
    }

    /** The reference lists the rules read, for checks that must agree with them (draft orders). */
    public ReferenceLists lists() {
        return lists;
    }

    /** What the rules found: the active alerts, the ACB total, and notes where a rule could not be assessed. */
    public record Evaluation(List<Alert> alerts, int acbScore, List<String> notes) {}

    public Evaluation evaluate(UnifiedRecord record, Admission admission, Optional<PatientFacts> facts) {
        List<Alert> alerts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        NhsNumber patient = record.nhsNumber();
        List<UnifiedItem> active = record.activeItems();
        alerts.addAll(criticalOmissions(patient, active, admission));
        int acb = acbTotal(active);
        acbHigh(patient, active, acb).ifPresent(alerts::add);
        valproate(patient, active, facts, record, notes).ifPresent(alerts::add);
        alerts.addAll(duplications(patient, active));
        alerts.addAll(discrepancies(patient, active, record.items()));
        alerts.addAll(unmapped(patient, active));
        alerts.sort(Comparator.comparing((Alert a) -> a.type().ordinal()).thenComparing(Alert::id));
        return new Evaluation(alerts, acb, notes);
    }

    /** Each VTM counts once, however many sources or items list it. */
    public int acbTotal(List<UnifiedItem> activeItems) {
        return vtmsOf(activeItems).stream().mapToInt(lists::acbScore).sum();
    }

    public int acbScore(UnifiedItem item) {
        return item.vtmCode().map(lists::acbScore).orElse(0);
    }

    /**
     * The active items the valproate rule counts as valproate: what population reports select on,
     * so they and the alert agree on who takes it.
     */
    public List<UnifiedItem> activeValproate(List<UnifiedItem> activeItems) {
        return activeItems.stream()
                .filter(i -> i.vtmCode().map(lists::isValproate).orElse(false))
                .toList();
    }

    public boolean isTimeCritical(UnifiedItem item) {
        return item.vtmCode().map(lists::isTimeCritical).orElse(false);
    }

    // --- critical-medicine-omission ----------------------------------------------------------

    private List<Alert> criticalOmissions(NhsNumber patient, List<UnifiedItem> active, Admission admission) {
        if (!admission.admitted()) {
            return List.of();
        }
        String admitting = admission.admittingSourceId();
        Set<String> orderedClasses = new TreeSet<>();
        Set<String> orderedVtms = new TreeSet<>();
        for (UnifiedItem item : active) {
            boolean ordered = item.sources().stream()
                    .anyMatch(s -> s.isActive() && s.inpatientOrder() && admitting.equals(s.sourceId()));
            if (ordered && item.vtmCode().isPresent()) {
                orderedVtms.add(item.vtmCode().get());
                lists.timeCritical(item.vtmCode().get()).ifPresent(t -> orderedClasses.add(t.clazz()));
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (UnifiedItem item : active) {
            Optional<TimeCriticalMedicine> critical = item.vtmCode().flatMap(lists::timeCritical);
            if (critical.isEmpty()
                    || orderedVtms.contains(item.vtmCode().get())
                    || orderedClasses.contains(critical.get().clazz())) {
                continue;
            }
            List<String> from = item.activeSources().stream()
                    .map(ItemSource::sourceId)
                    .filter(id -> !id.equals(admitting))
                    .distinct()
                    .sorted()
                    .toList();
            if (from.isEmpty()) {
                continue;
            }
            alerts.add(Alert.of(
                    patient,
                    AlertType.CRITICAL_MEDICINE_OMISSION,
                    Alert.Severity.HIGH,
                    List.of(item.id()),
                    admission.encounterKey() + "|" + item.itemKey(),
                    item.name() + " is a time-critical medicine ("
                            + critical.get().clazz() + ") active in "
                            + String.join(", ", from) + " but has no active inpatient order from " + admitting
                            + " since admission: " + critical.get().reason()));
        }
        return alerts;
    }

    // --- acb-high ------------------------------------------------------------------------------

    private Optional<Alert> acbHigh(NhsNumber patient, List<UnifiedItem> active, int total) {
        if (total < ACB_THRESHOLD) {
            return Optional.empty();
        }
        Map<String, UnifiedItem> scoring = new TreeMap<>();
        for (UnifiedItem item : active) {
            if (acbScore(item) > 0) {
                scoring.putIfAbsent(item.vtmCode().get(), item);
            }
        }
        String parts =
                scoring.values().stream().map(i -> i.name() + " " + acbScore(i)).collect(Collectors.joining(", "));
        return Optional.of(Alert.of(
                patient,
                AlertType.ACB_HIGH,
                Alert.Severity.MODERATE,
                active.stream()
                        .filter(i -> acbScore(i) > 0)
                        .map(UnifiedItem::id)
                        .toList(),
                "acb",
                "Anticholinergic burden " + total + " (" + parts + "); a total of " + ACB_THRESHOLD
                        + " or more is linked with cognitive impairment, falls and death: review"));
    }

    // --- valproate-pregnancy-prevention --------------------------------------------------------

    private Optional<Alert> valproate(
            NhsNumber patient,
            List<UnifiedItem> active,
            Optional<PatientFacts> facts,
            UnifiedRecord record,
            List<String> notes) {
        List<UnifiedItem> valproate = activeValproate(active);
        if (valproate.isEmpty()) {
            return Optional.empty();
        }
        Gender gender = facts.map(PatientFacts::gender).orElse(null);
        LocalDate birthDate = facts.map(PatientFacts::birthDate).orElse(null);
        if (gender == null || gender == Gender.UNKNOWN || birthDate == null || record.newestRecordAt() == null) {
            notes.add("valproate is active but the patient's sex or birth date is unknown: the Valproate Pregnancy "
                    + "Prevention Programme check was not made (send a Patient resource with gender and birthDate)");
            return Optional.empty();
        }
        int age = Period.between(
                        birthDate,
                        record.newestRecordAt().atZone(ZoneOffset.UTC).toLocalDate())
                .getYears();
        if (gender != Gender.FEMALE || age < CHILDBEARING_FROM || age > CHILDBEARING_TO) {
            return Optional.empty();
        }
        return Optional.of(Alert.of(
                patient,
                AlertType.VALPROATE_PREGNANCY_PREVENTION,
                Alert.Severity.HIGH,
                valproate.stream().map(UnifiedItem::id).toList(),
                "valproate",
                "Valproate is active for a female patient aged " + age + ": the Valproate Pregnancy Prevention "
                        + "Programme applies (MHRA); confirm it is in place, and that two specialists documented the need "
                        + "if valproate was started under 55"));
    }

    // --- therapeutic-duplication ---------------------------------------------------------------

    private List<Alert> duplications(NhsNumber patient, List<UnifiedItem> active) {
        Map<String, Map<String, UnifiedItem>> byClass = new TreeMap<>();
        for (UnifiedItem item : active) {
            if (item.vtmCode().isEmpty()) {
                continue;
            }
            for (String clazz : lists.duplicationClassesOf(item.vtmCode().get())) {
                byClass.computeIfAbsent(clazz, c -> new TreeMap<>())
                        .putIfAbsent(item.vtmCode().get(), item);
            }
        }
        List<Alert> alerts = new ArrayList<>();
        byClass.forEach((clazz, itemsByVtm) -> {
            if (itemsByVtm.size() < 2) {
                return;
            }
            String className =
                    lists.duplicationClass(clazz).map(DuplicationClass::name).orElse(clazz);
            String names = itemsByVtm.values().stream()
                    .map(i -> i.name() + " (" + sourcesOf(i) + ")")
                    .collect(Collectors.joining(" and "));
            alerts.add(Alert.of(
                    patient,
                    AlertType.THERAPEUTIC_DUPLICATION,
                    Alert.Severity.MODERATE,
                    itemsByVtm.values().stream().map(UnifiedItem::id).toList(),
                    clazz + "|" + String.join(",", itemsByVtm.keySet()),
                    "Therapeutic duplication, two " + className + ": " + names));
        });
        return alerts;
    }

    // --- dose-discrepancy, status-conflict, unmapped-medication --------------------------------

    /** Dose: among active items. Status: among all current items, since the newest assertion may be the stop. */
    private static List<Alert> discrepancies(NhsNumber patient, List<UnifiedItem> active, List<UnifiedItem> current) {
        List<Alert> alerts = new ArrayList<>();
        for (UnifiedItem item : active) {
            item.discrepancy(DiscrepancyType.DOSE)
                    .ifPresent(d -> alerts.add(Alert.of(
                            patient,
                            AlertType.DOSE_DISCREPANCY,
                            Alert.Severity.MODERATE,
                            List.of(item.id()),
                            item.itemKey(),
                            "Sources disagree on the dose of " + item.name() + ": " + d.detail())));
        }
        for (UnifiedItem item : current) {
            item.discrepancy(DiscrepancyType.STATUS)
                    .ifPresent(d -> alerts.add(Alert.of(
                            patient,
                            AlertType.STATUS_CONFLICT,
                            Alert.Severity.MODERATE,
                            List.of(item.id()),
                            item.itemKey(),
                            "Sources disagree on whether " + item.name() + " is current: " + d.detail())));
        }
        return alerts;
    }

    private static List<Alert> unmapped(NhsNumber patient, List<UnifiedItem> active) {
        return active.stream()
                .filter(i -> !i.isMapped())
                .map(i -> Alert.of(
                        patient,
                        AlertType.UNMAPPED_MEDICATION,
                        Alert.Severity.LOW,
                        List.of(i.id()),
                        i.itemKey(),
                        "'" + i.name() + "' from " + sourcesOf(i)
                                + " has no dm+d code UMR can resolve: it cannot be checked "
                                + "for duplication, burden or time-critical status; code it in dm+d at source"))
                .toList();
    }

    private static Set<String> vtmsOf(List<UnifiedItem> items) {
        Set<String> vtms = new TreeSet<>();
        items.forEach(i -> i.vtmCode().ifPresent(vtms::add));
        return vtms;
    }

    private static String sourcesOf(UnifiedItem item) {
        Map<String, Boolean> ids = new LinkedHashMap<>();
        item.sources().stream().map(ItemSource::sourceId).sorted().forEach(id -> ids.put(id, true));
        return String.join(", ", ids.keySet());
    }
}
