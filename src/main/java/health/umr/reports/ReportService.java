package health.umr.reports;

import health.umr.domain.AlertType;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.IsoInstant;
import health.umr.domain.PatientSummary;
import health.umr.store.PatientSummaryRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The population reports of CONTRACT.md "Reports and data quality", read from the patient summary
 * rows (kept current with every record refresh) a keyset page at a time. Who is in is decided by
 * the alert rules' outputs stored there; only age is worked out here, against today's date.
 */
@ApplicationScoped
public class ReportService {

    /** The ages the Valproate Pregnancy Prevention Programme covers, as the alert rule takes them. */
    static final int CHILDBEARING_FROM = 12;

    static final int CHILDBEARING_TO = 54;

    /**
     * A woman aged 12 to 54 today with active valproate.
     *
     * @param sources     the sources that hold it active
     * @param alertActive whether the record carries the valproate-pregnancy-prevention alert
     * @param alertSince  when that alert was raised, or null
     */
    public record ValproatePatient(
            String nhsNumber,
            int age,
            String practice,
            List<String> sources,
            boolean alertActive,
            Instant alertSince) {}

    /** A patient with the ACB total and the medicines making it up (each VTM once, highest first). */
    public record AcbPatient(
            String nhsNumber, String practice, int acbTotal, List<PatientSummary.AcbMedicine> medicines) {}

    /**
     * An admitted patient with omitted time-critical medicines.
     *
     * @param activeSince when the oldest standing omission alert was raised
     * @param activeFor   how long since then (ISO 8601 duration)
     */
    public record OmissionPatient(
            String nhsNumber,
            String practice,
            String admittingSource,
            String admittedSince,
            Instant activeSince,
            String activeFor,
            long activeMinutes,
            List<Omission> omissions) {}

    /** One omission alert of the patient. */
    public record Omission(String alertId, List<String> medicines, Instant since, String activeFor) {}

    private final PatientSummaryRepository summaries;
    private final Clock clock;

    public ReportService(PatientSummaryRepository summaries, Clock clock) {
        this.summaries = summaries;
        this.clock = clock;
    }

    public Page<ValproatePatient> valproate(String practice, PageRequest page) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<String> after = page.position("valproate", 1);
        var rows = summaries.valproate(
                today.minusYears(CHILDBEARING_TO + 1L),
                today.minusYears(CHILDBEARING_FROM),
                blankToNull(practice),
                after == null ? null : after.get(0),
                page.count() + 1);
        return page(
                rows,
                page,
                row -> {
                    Optional<PatientSummary.AlertSince> alert = row.alerts().stream()
                            .filter(a -> AlertType.VALPROATE_PREGNANCY_PREVENTION
                                    .code()
                                    .equals(a.type()))
                            .findFirst();
                    return new ValproatePatient(
                            row.nhsNumber(),
                            Period.between(row.birthDate(), today).getYears(),
                            row.practice(),
                            row.sources(),
                            alert.isPresent(),
                            alert.map(PatientSummary.AlertSince::since).orElse(null));
                },
                last -> PageRequest.cursorOf("valproate", last.nhsNumber()));
    }

    public Page<AcbPatient> acb(Integer min, String practice, PageRequest page) {
        int threshold = min == null ? 3 : min;
        if (threshold < 1) {
            throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "min must be 1 or more, not " + threshold);
        }
        List<String> after = page.position("acb", 2);
        var rows = summaries.acb(
                threshold,
                blankToNull(practice),
                after == null ? null : number(after.get(0)),
                after == null ? null : after.get(1),
                page.count() + 1);
        return page(
                rows,
                page,
                row -> new AcbPatient(row.nhsNumber(), row.practice(), row.acbScore(), row.medicines()),
                last -> PageRequest.cursorOf("acb", Integer.toString(last.acbTotal()), last.nhsNumber()));
    }

    public Page<OmissionPatient> criticalOmissions(String practice, PageRequest page) {
        Instant now = clock.instant();
        List<String> after = page.position("critical-omissions", 2);
        var rows = summaries.omissions(
                blankToNull(practice),
                after == null ? null : instant(after.get(0)),
                after == null ? null : after.get(1),
                page.count() + 1);
        return page(
                rows,
                page,
                row -> {
                    Duration standing = nonNegative(Duration.between(row.since(), now));
                    return new OmissionPatient(
                            row.nhsNumber(),
                            row.practice(),
                            row.admittingSourceId(),
                            row.admittedSince(),
                            row.since(),
                            standing.toString(),
                            standing.toMinutes(),
                            row.alerts().stream()
                                    .filter(a -> AlertType.CRITICAL_MEDICINE_OMISSION
                                            .code()
                                            .equals(a.type()))
                                    .map(a -> new Omission(
                                            a.id(),
                                            a.medicines(),
                                            a.since(),
                                            nonNegative(Duration.between(a.since(), now))
                                                    .toString()))
                                    .toList());
                },
                last -> PageRequest.cursorOf(
                        "critical-omissions", last.activeSince().toString(), last.nhsNumber()));
    }

    /** Rows were read one past the page: that one only says there is a next page. */
    private static <R, T> Page<T> page(
            PatientSummaryRepository.Rows<R> rows, PageRequest page, Function<R, T> map, Function<T, String> cursor) {
        List<T> mapped = rows.rows().stream().limit(page.count()).map(map).toList();
        String next = rows.rows().size() > page.count() ? cursor.apply(mapped.get(mapped.size() - 1)) : null;
        return new Page<>(mapped, rows.total(), next);
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration.withNanos(0);
    }

    private static Integer number(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw badCursor();
        }
    }

    private static Instant instant(String text) {
        try {
            return IsoInstant.parse(text);
        } catch (DateTimeParseException e) {
            throw badCursor();
        }
    }

    private static InvalidInputException badCursor() {
        return new InvalidInputException(
                ErrorCode.INVALID_PARAMETER, "the cursor is not one this report gave; take it from a page's 'next'");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
