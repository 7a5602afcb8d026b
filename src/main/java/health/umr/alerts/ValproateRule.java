package health.umr.alerts;

import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.Gender;
import health.umr.domain.PatientFacts;
import health.umr.domain.UnifiedItem;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code valproate-pregnancy-prevention} (MHRA 2018, 2024, 2025): active valproate (any valproate VTM,
 * or an uncoded record whose text names one, "matched by name, confirm") for
 * <ul>
 *   <li>a patient who may become pregnant: female, or sex unknown or other, aged 12 to 54 on the
 *       reference date (today, not the date of the newest record), or of unknown age: {@code high},
 *       the Pregnancy Prevention Programme;</li>
 *   <li>a male under 55 (or of unknown age): {@code moderate}, the MHRA 2024 counselling (possible risk to
 *       children conceived during treatment, contraception, two specialists to start it).</li>
 * </ul>
 * Nothing for a female under 12 or over 54, or a male of 55 or more. Unknown sex is never read as "not at
 * risk". A valproate record not recently confirmed still alerts, and says so.
 */
public final class ValproateRule implements AlertRule {

    static final int FROM = 12;
    static final int TO = 54;
    static final int MALE_UNDER = 55;

    private final ReferenceLists lists;

    public ValproateRule(ReferenceLists lists) {
        this.lists = lists;
    }

    /**
     * Who the patient is for the valproate rules.
     *
     * @param severity             high (may become pregnant) or moderate (male under 55)
     * @param pregnancyPrevention  true for the Pregnancy Prevention Programme, false for the male counselling
     * @param who                  "a female patient, aged 30", "a patient whose sex is not recorded, aged 30" ...
     * @param label                short: "female, aged 30", "sex not recorded, age not recorded", "male, aged 40"
     */
    public record Risk(Alert.Severity severity, boolean pregnancyPrevention, String who, String label) {}

    @Override
    public AlertType type() {
        return AlertType.VALPROATE_PREGNANCY_PREVENTION;
    }

    /** The risk the patient's sex and age (on the reference date) give; empty when valproate raises nothing. */
    public static Optional<Risk> assess(Optional<PatientFacts> facts, LocalDate today) {
        Gender gender = facts.map(PatientFacts::gender).orElse(null);
        LocalDate birthDate = facts.map(PatientFacts::birthDate).orElse(null);
        Integer age = birthDate == null || birthDate.isAfter(today)
                ? null
                : Period.between(birthDate, today).getYears();
        String aged = age == null ? ", age not recorded" : ", aged " + age;
        if (gender == Gender.MALE) {
            return age == null || age < MALE_UNDER
                    ? Optional.of(new Risk(Alert.Severity.MODERATE, false, "a male patient" + aged, "male" + aged))
                    : Optional.empty();
        }
        if (age != null && (age < FROM || age > TO)) {
            return Optional.empty();
        }
        String sex = gender == Gender.FEMALE
                ? "a female patient"
                : gender == Gender.OTHER
                        ? "a patient whose sex is recorded as other"
                        : "a patient whose sex is not recorded";
        String label = gender == Gender.FEMALE
                ? "female"
                : gender == Gender.OTHER ? "sex recorded as other" : "sex not recorded";
        return Optional.of(new Risk(Alert.Severity.HIGH, true, sex + aged, label + aged));
    }

    @Override
    public List<Alert> evaluate(RuleInput input) {
        List<UnifiedItem> valproate = new ArrayList<>();
        boolean byName = false;
        boolean stale = false;
        for (UnifiedItem item : input.activeItems()) {
            Optional<Boolean> match = match(item);
            if (match.isPresent()) {
                valproate.add(item);
                byName |= match.get();
                stale |= !input.recentlyConfirmed(item);
            }
        }
        if (valproate.isEmpty()) {
            return List.of();
        }
        Optional<Risk> risk = assess(input.facts(), input.at().date());
        if (risk.isEmpty()) {
            return List.of();
        }
        String names =
                String.join(", ", valproate.stream().map(UnifiedItem::name).toList());
        String message = (byName ? "Matched by name, confirm: " + names + " (no dm+d code) looks like valproate. " : "")
                + message(risk.get(), names)
                + (stale ? " Its record is not recently confirmed: confirm whether the patient still takes it." : "");
        List<String> sources = valproate.stream()
                .flatMap(i -> i.activeSources().stream())
                .map(s -> s.sourceId())
                .distinct()
                .sorted()
                .toList();
        ReferenceFile[] files = byName
                ? new ReferenceFile[] {lists.valproateFile(), lists.namesFile()}
                : new ReferenceFile[] {lists.valproateFile()};
        return List.of(Alert.of(
                        input.patient(),
                        type(),
                        risk.get().severity(),
                        valproate.stream().map(UnifiedItem::id).toList(),
                        "valproate",
                        message)
                .withSources(sources)
                .withReferenceVersions(ReferenceLists.versionsOf(files))
                .matchedByName(byName));
    }

    @Override
    public List<OrderFinding> check(RuleInput input, List<DraftOrder> checked) {
        Optional<Risk> risk = assess(input.facts(), input.at().date());
        if (risk.isEmpty()) {
            return List.of();
        }
        return checked.stream()
                .filter(order -> lists.isValproate(order.vtm()))
                .map(order -> (OrderFinding)
                        new OrderFinding.Valproate(order, risk.get(), message(risk.get(), order.name()), List.of()))
                .toList();
    }

    /** True when the item is valproate: a valproate VTM, or an uncoded record whose text names one. */
    public boolean isValproate(UnifiedItem item) {
        return match(item).isPresent();
    }

    /** True (by name) or false (coded) when the item is valproate; empty when it is not. */
    private Optional<Boolean> match(UnifiedItem item) {
        if (item.vtmCode().isPresent()) {
            return lists.isValproate(item.vtmCode().get()) ? Optional.of(false) : Optional.empty();
        }
        if (item.isMapped()) {
            return Optional.empty();
        }
        return lists.names()
                .recognise(item.medicationText())
                .filter(name -> lists.isValproate(name.vtmId()))
                .map(name -> true);
    }

    static String message(Risk risk, String medicine) {
        if (risk.pregnancyPrevention()) {
            return medicine + " (valproate) is active for " + risk.who() + ", who may become pregnant: the MHRA "
                    + "Valproate Pregnancy Prevention Programme applies. Confirm highly effective contraception, the "
                    + "annual risk acknowledgement with a specialist, and that two specialists documented there is no "
                    + "alternative if it was started under 55.";
        }
        return medicine + " (valproate) is active for " + risk.who()
                + ": MHRA 2024 advice for men applies. Discuss the "
                + "possible risk of neurodevelopmental disorders in children conceived while he takes it, advise "
                + "effective contraception (for him and a female partner) during treatment and for 3 months after, "
                + "and make sure two specialists documented there is no alternative if it was started under 55.";
    }
}
