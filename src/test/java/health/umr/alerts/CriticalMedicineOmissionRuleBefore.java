package health.umr.alerts;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.ItemSource;
import health.umr.domain.MedicationStatus;
import health.umr.domain.UnifiedItem;
import health.umr.reconcile.ClinicalDates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code critical-medicine-omission}: the patient is admitted while a time-critical medicine is active
 * in their records and nothing written for this admission replaces it.
 *
 * <ul>
 *   <li><b>What is omitted.</b> A current item whose VTM is on the time-critical list (or, with no dm+d
 *       code, whose text names one: "matched by name, confirm"), active in at least one record that is
 *       not an inpatient order written for this admission: the GP's, another trust's, and the admitting
 *       organisation's own community or outpatient records alike. Only products the list's
 *       {@code applies_to} covers count: prednisolone eye drops, hydrocortisone cream, heparin line
 *       flushes, buprenorphine pain patches are not the time-critical medicine. A record not recently
 *       confirmed ({@link Freshness}) raises no omission; a note asks for it to be confirmed.</li>
 *   <li><b>What clears it.</b> An active inpatient order from the admitting source, written since the
 *       admission started (authoredOn, else its lastUpdated, on or after the encounter's start), for the
 *       same VTM or a substitute the list names, by a route that can replace it (an order written in the 24
 *       hours before the inpatient encounter began, in the emergency department, counts; one from an earlier
 *       stay does not). Another medicine of the
 *       same class never does (a heparin flush does not cover apixaban, clobazam not levetiracetam,
 *       insulin aspart not glargine). In a CDS Hooks check, a draft order counts as such an order.</li>
 *   <li><b>A decision is not an omission.</b> The admitting source holding it (on-hold) or stopping it with
 *       a reason (stopped, cancelled or not-taken with a statusReason) since the admission ends the alert,
 *       whatever other sources later say: a GP refresh does not bring it back.</li>
 *   <li>The alert carries the admission time and the list's {@code due_within}: it is overdue once open
 *       longer (30 minutes for Parkinson's medicines, "Get It On Time"; 2 hours for the others).</li>
 * </ul>
 */
final class CriticalMedicineOmissionRuleBefore implements AlertRule {

    private final ReferenceLists lists;

    CriticalMedicineOmissionRuleBefore(ReferenceLists lists) {
        this.lists = lists;
    }

    @Override
    public AlertType type() {
        return AlertType.CRITICAL_MEDICINE_OMISSION;
    }

    /**
     * One omitted medicine.
     *
     * @param item     the item
     * @param medicine its time-critical row
     * @param evidence the source ids holding it active (recently confirmed), sorted
     * @param byName   true when the item has no dm+d code and its text named the medicine
     */
    public record Omission(UnifiedItem item, TimeCriticalMedicine medicine, List<String> evidence, boolean byName) {}

    @Override
    public List<Alert> evaluate(RuleInput input) {
        return omissions(input).stream().map(o -> alert(input, o)).toList();
    }

    @Override
    public List<String> notes(RuleInput input) {
        List<String> notes = new ArrayList<>();
        if (!input.admission().admitted()) {
            return notes;
        }
        for (UnifiedItem item : input.record().items()) {
            Optional<Candidate> candidate = candidate(item);
            if (candidate.isEmpty()) {
                continue;
            }
            List<ItemSource> evidence = evidence(input, item, candidate.get().medicine());
            if (!evidence.isEmpty() && evidence.stream().noneMatch(input::recentlyConfirmed)) {
                notes.add(item.name() + " is a time-critical medicine ("
                        + candidate.get().medicine().clazz()
                        + ") still active in " + String.join(", ", ids(evidence))
                        + " but not recently confirmed (nothing in its records since "
                        + day(Freshness.lastConfirmed(item))
                        + "): no omission alert is raised for it; confirm at medicines reconciliation whether"
                        + " the patient still takes it");
            }
        }
        return notes;
    }

    @Override
    public List<OrderFinding> check(RuleInput input, List<DraftOrder> checked) {
        List<OrderFinding> findings = new ArrayList<>();
        for (Omission omission : omissions(input)) {
            Alert alert = alert(input, omission);
            findings.add(new OrderFinding.CriticalOmission(
                    omission.item(),
                    omission.medicine(),
                    input.admission().admittingSourceId(),
                    alert.sourceIds(),
                    alert));
        }
        return findings;
    }

    /** The omissions of the input (drafts, if any, count as orders of the admitting source). */
    public List<Omission> omissions(RuleInput input) {
        Admission admission = input.admission();
        if (!admission.admitted()) {
            return List.of();
        }
        List<Omission> omissions = new ArrayList<>();
        for (UnifiedItem item : input.record().items()) {
            Optional<Candidate> candidate = candidate(item);
            if (candidate.isEmpty()) {
                continue;
            }
            TimeCriticalMedicine medicine = candidate.get().medicine();
            List<ItemSource> fresh = evidence(input, item, medicine).stream()
                    .filter(input::recentlyConfirmed)
                    .toList();
            if (fresh.isEmpty() || decided(input, medicine) || covered(input, medicine)) {
                continue;
            }
            omissions.add(
                    new Omission(item, medicine, ids(fresh), candidate.get().byName()));
        }
        return omissions;
    }

    /** True when the item is on the time-critical list (by VTM, or by name for an uncoded one). */
    public boolean isTimeCritical(UnifiedItem item) {
        return candidate(item)
                .map(c -> item.sources().isEmpty()
                        || item.sources().stream()
                                .anyMatch(s -> c.medicine().appliesTo().appliesTo(Product.of(s))))
                .orElse(false);
    }

    private record Candidate(TimeCriticalMedicine medicine, boolean byName) {}

    private Optional<Candidate> candidate(UnifiedItem item) {
        if (item.vtmCode().isPresent()) {
            return lists.timeCritical(item.vtmCode().get()).map(m -> new Candidate(m, false));
        }
        if (item.isMapped()) {
            return Optional.empty();
        }
        return lists.names()
                .recognise(item.medicationText())
                .flatMap(name -> lists.timeCritical(name.vtmId()))
                .map(m -> new Candidate(m, true));
    }

    /** The active records of the medicine, other than inpatient orders written for this admission. */
    private static List<ItemSource> evidence(RuleInput input, UnifiedItem item, TimeCriticalMedicine medicine) {
        return item.sources().stream()
                .filter(ItemSource::isActive)
                .filter(s -> !isOrderForThisAdmission(input.admission(), s))
                .filter(s -> medicine.appliesTo().appliesTo(input.product(s)))
                .toList();
    }

    /** An inpatient order from the admitting source, written since the admission started. */
    private static boolean isOrderForThisAdmission(Admission admission, ItemSource source) {
        return source.inpatientOrder()
                && source.sourceId().equals(admission.admittingSourceId())
                && writtenSince(source, admission);
    }

    /**
     * How long before the admission's start an order still belongs to it: orders written in the emergency
     * department or at pre-admission clerking, before the inpatient encounter began. An order from an
     * earlier stay is older than this.
     */
    static final Duration BEFORE_ADMISSION = Duration.ofHours(24);

    /**
     * authoredOn (as sent) of the order, else its lastConfirmed, no earlier than {@link #BEFORE_ADMISSION}
     * before the admission start; a date without a time counts from that day. True when the admission
     * start is not known.
     */
    static boolean writtenSince(ItemSource source, Admission admission) {
        Instant admitted = ClinicalDates.parse(admission.since());
        if (admitted == null) {
            return true;
        }
        Instant start = admitted.minus(BEFORE_ADMISSION);
        String authored = source.orderedAt();
        if (authored != null && authored.strip().length() <= 10) {
            Instant day = ClinicalDates.parse(authored);
            return day != null
                    && !LocalDate.ofInstant(day, ZoneOffset.UTC).isBefore(LocalDate.ofInstant(start, ZoneOffset.UTC));
        }
        Instant written = authored != null ? ClinicalDates.parse(authored) : null;
        if (written == null) {
            written = source.lastConfirmed();
        }
        return written != null && !written.isBefore(start);
    }

    /** The VTMs whose inpatient orders replace the medicine, with the products of each that can. */
    private List<Substitute> replacements(TimeCriticalMedicine medicine) {
        List<Substitute> all = new ArrayList<>();
        all.add(new Substitute(medicine.vtmId(), medicine.vtmId(), medicine.name(), medicine.appliesTo(), "itself"));
        all.addAll(lists.substitutesOf(medicine.vtmId()));
        return all;
    }

    /** An active inpatient order (or a draft) for it or a named substitute, since admission, by a route that can replace it. */
    private boolean covered(RuleInput input, TimeCriticalMedicine medicine) {
        Admission admission = input.admission();
        for (Substitute replacement : replacements(medicine)) {
            for (UnifiedItem other : input.record().itemsOfVtm(replacement.substituteVtm())) {
                for (ItemSource source : other.sources()) {
                    if (source.isActive()
                            && isOrderForThisAdmission(admission, source)
                            && replacement.appliesTo().canReplace(input.product(source))) {
                        return true;
                    }
                }
            }
            for (DraftOrder draft : input.drafts()) {
                if (replacement.substituteVtm().equals(draft.vtm())
                        && replacement.appliesTo().canReplace(draft.product())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The admitting source held it, or stopped it with a reason, since the admission (for it or a substitute). */
    private boolean decided(RuleInput input, TimeCriticalMedicine medicine) {
        Admission admission = input.admission();
        for (Substitute replacement : replacements(medicine)) {
            for (UnifiedItem other : input.record().itemsOfVtm(replacement.substituteVtm())) {
                for (ItemSource source : other.sources()) {
                    if (source.sourceId().equals(admission.admittingSourceId())
                            && source.current()
                            && isDecision(source)
                            && decidedSince(source, admission)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isDecision(ItemSource source) {
        MedicationStatus status = source.medicationStatus();
        boolean reasoned =
                source.statusReason() != null && !source.statusReason().isBlank();
        return status == MedicationStatus.ON_HOLD
                || (reasoned && (status == MedicationStatus.STOPPED || status == MedicationStatus.NOT_TAKEN));
    }

    private static boolean decidedSince(ItemSource source, Admission admission) {
        if (source.inpatientOrder()) {
            return writtenSince(source, admission);
        }
        Instant admitted = ClinicalDates.parse(admission.since());
        return admitted == null
                || (source.lastConfirmed() != null
                        && !source.lastConfirmed().isBefore(admitted.minus(BEFORE_ADMISSION)));
    }

    private Alert alert(RuleInput input, Omission omission) {
        Admission admission = input.admission();
        UnifiedItem item = omission.item();
        TimeCriticalMedicine medicine = omission.medicine();
        Set<String> sources = new TreeSet<>(omission.evidence());
        sources.add(admission.admittingSourceId());
        String lead = omission.byName()
                ? "Matched by name, confirm: '" + item.name() + "' (no dm+d code) looks like " + medicine.name() + ". "
                : "";
        List<String> substitutes = lists.substitutesOf(medicine.vtmId()).stream()
                .map(Substitute::substituteName)
                .distinct()
                .toList();
        String message = lead + item.name() + " is a time-critical medicine (" + medicine.clazz() + ") active in "
                + String.join(", ", omission.evidence()) + " but has no inpatient order for it"
                + (substitutes.isEmpty() ? "" : " or a named substitute (" + String.join(", ", substitutes) + ")")
                + " from " + admission.admittingSourceId() + " since admission: " + medicine.reason()
                + ". Prescribe it, or record why it is withheld (hold or stop it with a reason).";
        var files = omission.byName()
                ? new ReferenceFile[] {lists.timeCriticalFile(), lists.substitutesFile(), lists.namesFile()}
                : new ReferenceFile[] {lists.timeCriticalFile(), lists.substitutesFile()};
        return Alert.of(
                        input.patient(),
                        type(),
                        Alert.Severity.HIGH,
                        List.of(item.id()),
                        admission.encounterKey() + "|" + item.itemKey(),
                        message)
                .withSources(List.copyOf(sources))
                .withReferenceVersions(ReferenceLists.versionsOf(files))
                .withTiming(ClinicalDates.parse(admission.since()), medicine.dueWithin())
                .matchedByName(omission.byName());
    }

    static String day(Instant instant) {
        return instant == null
                ? "an unknown date"
                : LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    private static List<String> ids(List<ItemSource> sources) {
        return sources.stream().map(ItemSource::sourceId).distinct().sorted().toList();
    }
}
