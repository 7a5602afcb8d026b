package health.umr.alerts;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.Gender;
import health.umr.domain.ItemSource;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.UnifiedItem;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks draft orders against a patient's unified record before they are signed (CDS Hooks
 * order-select / order-sign): duplication of what the patient already takes, the anticholinergic
 * burden the orders would bring, valproate pregnancy prevention, and time-critical medicines still
 * unprescribed on admission. A pure function of its arguments: the order date comes in, no clock.
 * The same reference lists as {@link ClinicalAlerts}, so a card and a DetectedIssue never disagree
 * on what is time-critical, anticholinergic or a duplication.
 */
public final class DraftOrderCheck {

    private static final int CHILDBEARING_FROM = 12;
    private static final int CHILDBEARING_TO = 54;

    private final ReferenceLists lists;

    public DraftOrderCheck(ReferenceLists lists) {
        this.lists = lists;
    }

    /**
     * @param record  the patient's current unified record (with its admission and alerts)
     * @param facts   the patient's sex and birth date, if known
     * @param today   the date the orders are made, for the patient's age
     * @param checked the drafts to check (order-select: the selected ones; order-sign: all)
     * @param all     every draft of the call: any of them covers a critical omission, and the ACB
     *                total counts them all
     */
    public List<OrderFinding> check(
            PatientRecord record,
            Optional<PatientFacts> facts,
            LocalDate today,
            List<DraftOrder> checked,
            List<DraftOrder> all) {
        List<UnifiedItem> active = record.unified().activeItems();
        List<OrderFinding> findings = new ArrayList<>(criticalOmissions(record, all));
        for (DraftOrder order : checked) {
            if (!order.isMapped()) {
                findings.add(new OrderFinding.Unchecked(order, List.of()));
                continue;
            }
            valproate(order, facts, today).ifPresent(findings::add);
            findings.addAll(duplications(order, active, record.admission()));
            findings.addAll(duplicationsAmongDrafts(order, checked, all));
        }
        acbRise(checked, all, active).ifPresent(findings::add);
        return List.copyOf(findings);
    }

    // --- time-critical medicines still unprescribed on admission ------------------------------

    /** Reads the record's own omission alerts, so the card says exactly what the DetectedIssue says. */
    private List<OrderFinding> criticalOmissions(PatientRecord record, List<DraftOrder> all) {
        Admission admission = record.admission();
        if (!admission.admitted()) {
            return List.of();
        }
        Set<String> orderedVtms = new TreeSet<>();
        Set<String> orderedClasses = new TreeSet<>();
        for (DraftOrder order : all) {
            if (order.vtm() != null) {
                orderedVtms.add(order.vtm());
                lists.timeCritical(order.vtm()).ifPresent(t -> orderedClasses.add(t.clazz()));
            }
        }
        List<OrderFinding> findings = new ArrayList<>();
        for (Alert alert : record.alerts()) {
            if (alert.type() != AlertType.CRITICAL_MEDICINE_OMISSION) {
                continue;
            }
            for (String itemId : alert.itemIds()) {
                Optional<UnifiedItem> item = record.unified().findItem(itemId);
                Optional<TimeCriticalMedicine> medicine =
                        item.flatMap(UnifiedItem::vtmCode).flatMap(lists::timeCritical);
                if (medicine.isEmpty()
                        || orderedVtms.contains(medicine.get().vtmId())
                        || orderedClasses.contains(medicine.get().clazz())) {
                    continue;
                }
                List<String> from = activeSourceIds(item.get()).stream()
                        .filter(id -> !id.equals(admission.admittingSourceId()))
                        .toList();
                findings.add(new OrderFinding.CriticalOmission(
                        item.get(),
                        medicine.get(),
                        admission.admittingSourceId(),
                        sorted(from, admission.admittingSourceId())));
            }
        }
        return findings;
    }

    // --- valproate -----------------------------------------------------------------------------

    private Optional<OrderFinding> valproate(DraftOrder order, Optional<PatientFacts> facts, LocalDate today) {
        if (!lists.isValproate(order.vtm())) {
            return Optional.empty();
        }
        Gender gender = facts.map(PatientFacts::gender).orElse(null);
        LocalDate birthDate = facts.map(PatientFacts::birthDate).orElse(null);
        if (gender == null || gender == Gender.UNKNOWN || gender == Gender.OTHER || birthDate == null) {
            // Unknown is not "not at risk": say the check was not made rather than stay silent.
            String missing = gender == null || gender == Gender.UNKNOWN
                    ? "sex is not known"
                    : gender == Gender.OTHER ? "sex is recorded as other" : "birth date is not known";
            return Optional.of(new OrderFinding.ValproateUnchecked(order, missing, List.of()));
        }
        int age = Period.between(birthDate, today).getYears();
        if (gender != Gender.FEMALE || age < CHILDBEARING_FROM || age > CHILDBEARING_TO) {
            return Optional.empty();
        }
        return Optional.of(new OrderFinding.ValproatePregnancyPrevention(order, age, List.of()));
    }

    // --- duplication ---------------------------------------------------------------------------

    private List<OrderFinding> duplications(DraftOrder order, List<UnifiedItem> active, Admission admission) {
        List<OrderFinding> findings = new ArrayList<>();
        for (UnifiedItem item : active) {
            if (sameMedicine(order, item)) {
                boolean continues = admission.admitted()
                        && !item.sourcesWithActiveInpatientOrder().contains(admission.admittingSourceId());
                findings.add(new OrderFinding.AlreadyTaken(order, item, activeSourceIds(item), continues));
            }
        }
        if (order.vtm() == null) {
            return findings;
        }
        for (String classId : lists.duplicationClassesOf(order.vtm())) {
            DuplicationClass duplicationClass = lists.duplicationClass(classId).orElseThrow();
            for (UnifiedItem item : active) {
                String vtm = item.vtmCode().orElse(null);
                if (vtm != null && !vtm.equals(order.vtm()) && duplicationClass.contains(vtm)) {
                    findings.add(new OrderFinding.SameClass(order, duplicationClass, item, activeSourceIds(item)));
                }
            }
        }
        return findings;
    }

    /**
     * A basket with two anticoagulants is as dangerous as a record with one and a draft with the
     * other. Each pair once: skipped when the other draft is also checked and comes first.
     */
    private List<OrderFinding> duplicationsAmongDrafts(
            DraftOrder order, List<DraftOrder> checked, List<DraftOrder> all) {
        List<OrderFinding> findings = new ArrayList<>();
        int position = indexOf(all, order);
        for (int i = 0; i < all.size(); i++) {
            DraftOrder other = all.get(i);
            if (other == order || other.vtm() == null || (i < position && indexOf(checked, other) >= 0)) {
                continue;
            }
            if (other.vtm().equals(order.vtm())) {
                findings.add(new OrderFinding.DuplicateInOrders(order, other, null, List.of()));
                continue;
            }
            for (String classId : lists.duplicationClassesOf(order.vtm())) {
                DuplicationClass duplicationClass =
                        lists.duplicationClass(classId).orElseThrow();
                if (duplicationClass.contains(other.vtm())) {
                    findings.add(new OrderFinding.DuplicateInOrders(order, other, duplicationClass, List.of()));
                }
            }
        }
        return findings;
    }

    /** By identity: two drafts of one medicine are equal records but different orders. */
    private static int indexOf(List<DraftOrder> orders, DraftOrder order) {
        for (int i = 0; i < orders.size(); i++) {
            if (orders.get(i) == order) {
                return i;
            }
        }
        return -1;
    }

    /** Same VTM; for a medicine without a VTM, the same VMP. */
    private static boolean sameMedicine(DraftOrder order, UnifiedItem item) {
        if (order.vtm() != null) {
            return order.vtm().equals(item.vtmCode().orElse(null));
        }
        return order.vmp() != null
                && item.vtmCode().isEmpty()
                && order.vmp().equals(item.vmpCode().orElse(null));
    }

    // --- anticholinergic burden -----------------------------------------------------------------

    /** Each VTM counts once, as in {@link ClinicalAlerts#acbTotal}, whether it comes from the record or a draft. */
    private Optional<OrderFinding> acbRise(List<DraftOrder> checked, List<DraftOrder> all, List<UnifiedItem> active) {
        Map<String, String> namesByVtm = new TreeMap<>();
        Map<String, List<String>> sourcesByVtm = new TreeMap<>();
        for (UnifiedItem item : active) {
            item.vtmCode().ifPresent(vtm -> {
                namesByVtm.putIfAbsent(
                        vtm, item.vtm().display() != null ? item.vtm().display() : item.name());
                sourcesByVtm.computeIfAbsent(vtm, v -> new ArrayList<>()).addAll(activeSourceIds(item));
            });
        }
        int before = namesByVtm.keySet().stream().mapToInt(lists::acbScore).sum();
        List<DraftOrder> adding = checked.stream()
                .filter(o -> o.vtm() != null && lists.acbScore(o.vtm()) > 0 && !namesByVtm.containsKey(o.vtm()))
                .toList();
        if (adding.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> after = new LinkedHashMap<>(namesByVtm);
        for (DraftOrder order : all) {
            if (order.vtm() != null) {
                after.putIfAbsent(order.vtm(), order.vtmName() != null ? order.vtmName() : order.name());
            }
        }
        int total = after.keySet().stream().mapToInt(lists::acbScore).sum();
        if (total < ClinicalAlerts.ACB_THRESHOLD) {
            return Optional.empty();
        }
        List<String> scores = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        after.forEach((vtm, name) -> {
            int score = lists.acbScore(vtm);
            if (score > 0) {
                scores.add(name + " " + score + (namesByVtm.containsKey(vtm) ? "" : " (this order)"));
                sources.addAll(sourcesByVtm.getOrDefault(vtm, List.of()));
            }
        });
        return Optional.of(new OrderFinding.AcbRise(adding, before, total, scores, sorted(sources, null)));
    }

    // --- small pieces ----------------------------------------------------------------------------

    private static List<String> activeSourceIds(UnifiedItem item) {
        return sorted(item.activeSources().stream().map(ItemSource::sourceId).toList(), null);
    }

    private static List<String> sorted(List<String> ids, String also) {
        Set<String> set = new TreeSet<>(ids);
        if (also != null) {
            set.add(also);
        }
        return List.copyOf(set);
    }
}
