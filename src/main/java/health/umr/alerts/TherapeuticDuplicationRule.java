package health.umr.alerts;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.ItemSource;
import health.umr.domain.UnifiedItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code therapeutic-duplication}: two different active VTMs of one duplication class of the reference
 * list (anticoagulants including heparins, opioids, serotonergic antidepressants, an MAOI with another
 * serotonergic antidepressant, tricyclics, antiplatelets, P2Y12 inhibitors, benzodiazepines and Z-drugs,
 * gabapentinoids, PPIs, NSAIDs, statins, ACE inhibitors and ARBs, antipsychotics). The severity is the
 * class's (opioids, anticoagulants, MAOI combinations and two P2Y12 inhibitors are high). A class with
 * anchors (MAOI) needs one of them among the medicines. Only products the member's {@code applies_to}
 * covers count: a topical NSAID, a heparin line flush or an eye drop is not a systemic duplicate; nor is
 * a record not recently confirmed. A class alert whose medicines another alert of at least its severity
 * already names is not raised twice (clopidogrel with ticagrelor is a P2Y12 duplication, not also a low
 * antiplatelet one). In a CDS Hooks check: a draft of a medicine the record already has active (same
 * VTM), a draft of another member of a class the record has, and two drafts that duplicate each other.
 */
public final class TherapeuticDuplicationRule implements AlertRule {

    private final ReferenceLists lists;

    public TherapeuticDuplicationRule(ReferenceLists lists) {
        this.lists = lists;
    }

    @Override
    public AlertType type() {
        return AlertType.THERAPEUTIC_DUPLICATION;
    }

    /** The record's items that take part: active, recently confirmed, coded, of a product that counts. */
    private List<UnifiedItem> participants(RuleInput input) {
        return input.activeItems().stream()
                .filter(i -> i.vtmCode().isPresent())
                .filter(input::recentlyConfirmed)
                .toList();
    }

    /** True when one of the item's active, recent products counts as a member of the class. */
    private static boolean counts(UnifiedItem item, DuplicationClass.Member member, RuleInput input) {
        return item.activeSources().stream()
                .filter(input::recentlyConfirmed)
                .anyMatch(s -> member.appliesTo().appliesTo(input.product(s)));
    }

    private record Found(DuplicationClass clazz, Map<String, UnifiedItem> byVtm) {}

    @Override
    public List<Alert> evaluate(RuleInput input) {
        Map<String, Map<String, UnifiedItem>> byClass = new java.util.HashMap<>();
        for (UnifiedItem item : participants(input)) {
            String vtm = item.vtmCode().get();
            for (String classId : lists.duplicationClassesOf(vtm)) {
                DuplicationClass.Member member =
                        lists.duplicationClass(classId).orElseThrow().members().get(vtm);
                if (counts(item, member, input)) {
                    byClass.computeIfAbsent(classId, c -> new TreeMap<>()).putIfAbsent(vtm, item);
                }
            }
        }
        List<Found> found = new ArrayList<>();
        for (DuplicationClass clazz : lists.duplicationClasses().values()) { // file order: ties go to the first
            Map<String, UnifiedItem> byVtm = byClass.get(clazz.id());
            if (byVtm != null && clazz.isDuplication(byVtm.keySet())) {
                found.add(new Found(clazz, byVtm));
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (Found f : found) {
            if (covered(f, found)) {
                continue;
            }
            String names = String.join(
                    " and ",
                    f.byVtm().values().stream()
                            .map(i -> i.name() + " (" + sources(i) + ")")
                            .toList());
            alerts.add(Alert.of(
                            input.patient(),
                            type(),
                            f.clazz().severity(),
                            f.byVtm().values().stream().map(UnifiedItem::id).toList(),
                            f.clazz().id(),
                            "Therapeutic duplication, two " + f.clazz().name() + ": " + names + ". "
                                    + f.clazz().advice())
                    .withSources(f.byVtm().values().stream()
                            .flatMap(i -> i.activeSources().stream())
                            .map(ItemSource::sourceId)
                            .distinct()
                            .sorted()
                            .toList())
                    .withReferenceVersions(ReferenceLists.versionsOf(lists.duplicationFile())));
        }
        return alerts;
    }

    /** True when another found class names the same medicines or more, at a severity at least as high (first wins a tie). */
    private static boolean covered(Found f, List<Found> all) {
        for (Found other : all) {
            if (other == f) {
                continue;
            }
            boolean superset = other.byVtm().keySet().containsAll(f.byVtm().keySet());
            boolean atLeast = !f.clazz().severity().isHigherThan(other.clazz().severity());
            boolean tieBreak = other.byVtm().keySet().equals(f.byVtm().keySet())
                            && other.clazz().severity() == f.clazz().severity()
                    ? all.indexOf(other) < all.indexOf(f)
                    : true;
            if (superset && atLeast && tieBreak) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<OrderFinding> check(RuleInput input, List<DraftOrder> checked) {
        List<OrderFinding> findings = new ArrayList<>();
        Admission admission = input.admission();
        List<UnifiedItem> participants = participants(input);
        for (DraftOrder order : checked) {
            if (!order.isMapped()) {
                continue;
            }
            for (UnifiedItem item : input.activeItems()) {
                if (sameMedicine(order, item)) {
                    boolean continues = admission.admitted()
                            && !item.sourcesWithActiveInpatientOrder().contains(admission.admittingSourceId());
                    findings.add(new OrderFinding.AlreadyTaken(order, item, activeSourceIds(item), continues));
                }
            }
            if (order.vtm() == null) {
                continue;
            }
            Map<String, DuplicationClass> byItem = new LinkedHashMap<>();
            for (UnifiedItem item : participants) {
                String vtm = item.vtmCode().get();
                if (vtm.equals(order.vtm())) {
                    continue;
                }
                bestClass(order.vtm(), order.product(), vtm, item, input).ifPresent(c -> byItem.put(item.id(), c));
            }
            for (UnifiedItem item : participants) {
                DuplicationClass clazz = byItem.get(item.id());
                if (clazz != null) {
                    findings.add(new OrderFinding.SameClass(order, clazz, item, activeSourceIds(item)));
                }
            }
            findings.addAll(amongDrafts(order, checked, input.drafts()));
        }
        return findings;
    }

    /** The most severe class in which the draft and the item make a duplication. */
    private java.util.Optional<DuplicationClass> bestClass(
            String orderVtm, Product orderProduct, String itemVtm, UnifiedItem item, RuleInput input) {
        DuplicationClass best = null;
        for (String classId : lists.duplicationClassesOf(orderVtm)) {
            DuplicationClass clazz = lists.duplicationClass(classId).orElseThrow();
            DuplicationClass.Member itemMember = clazz.members().get(itemVtm);
            DuplicationClass.Member orderMember = clazz.members().get(orderVtm);
            if (itemMember == null
                    || !orderMember.appliesTo().appliesTo(orderProduct)
                    || (item != null && !counts(item, itemMember, input))
                    || !clazz.isDuplication(List.of(orderVtm, itemVtm))) {
                continue;
            }
            if (best == null || clazz.severity().isHigherThan(best.severity())) {
                best = clazz;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /**
     * A basket with two anticoagulants is as dangerous as a record with one and a draft with the
     * other. Each pair once: skipped when the other draft is also checked and comes first.
     */
    private List<OrderFinding> amongDrafts(DraftOrder order, List<DraftOrder> checked, List<DraftOrder> all) {
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
            DuplicationClass best = null;
            for (String classId : lists.duplicationClassesOf(order.vtm())) {
                DuplicationClass clazz = lists.duplicationClass(classId).orElseThrow();
                DuplicationClass.Member otherMember = clazz.members().get(other.vtm());
                if (otherMember != null
                        && otherMember.appliesTo().appliesTo(other.product())
                        && clazz.members().get(order.vtm()).appliesTo().appliesTo(order.product())
                        && clazz.isDuplication(List.of(order.vtm(), other.vtm()))
                        && (best == null || clazz.severity().isHigherThan(best.severity()))) {
                    best = clazz;
                }
            }
            if (best != null) {
                findings.add(new OrderFinding.DuplicateInOrders(order, other, best, List.of()));
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

    private static List<String> activeSourceIds(UnifiedItem item) {
        Set<String> ids = new TreeSet<>();
        item.activeSources().forEach(s -> ids.add(s.sourceId()));
        return List.copyOf(ids);
    }

    private static String sources(UnifiedItem item) {
        Set<String> ids = new TreeSet<>();
        item.sources().forEach(s -> ids.add(s.sourceId()));
        return String.join(", ", ids);
    }
}
