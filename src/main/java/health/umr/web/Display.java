package health.umr.web;

import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.MedicationStatus;
import health.umr.domain.SourceSetting;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** Words, colours and dates as the clinician view shows them (British English, Europe/London). */
final class Display {

    static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK);

    private Display() {}

    static String settingLabel(SourceSetting setting) {
        if (setting == null) {
            return "Unregistered source";
        }
        return switch (setting) {
            case GP -> "GP";
            case ACUTE -> "Hospital";
            case MENTAL_HEALTH -> "Mental health";
            case COMMUNITY -> "Community";
            case HOMECARE -> "Homecare";
            case COMMUNITY_DRUG_TEAM -> "Drug and alcohol team";
            case CHEMOTHERAPY -> "Chemotherapy";
            case COMMUNITY_PHARMACY -> "Pharmacy";
        };
    }

    /** The CSS modifier of a setting's badge and timeline bar (a colour always shown beside its text). */
    static String settingClass(SourceSetting setting) {
        return setting == null ? "unknown" : setting.code();
    }

    static String alertTitle(AlertType type) {
        return switch (type) {
            case CRITICAL_MEDICINE_OMISSION -> "Time-critical medicine not prescribed since admission";
            case ACB_HIGH -> "High anticholinergic burden";
            case VALPROATE_PREGNANCY_PREVENTION -> "Valproate: pregnancy prevention";
            case THERAPEUTIC_DUPLICATION -> "Possible duplicate therapy";
            case DOSE_DISCREPANCY -> "Sources disagree on the dose";
            case STATUS_CONFLICT -> "Stopped by one source, active in another";
            case UNMAPPED_MEDICATION -> "Medicine not recognised in dm+d";
        };
    }

    static String outcomeLabel(Acknowledgement.Outcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> "Accepted";
            case OVERRIDDEN -> "Overridden";
            case NOT_APPLICABLE -> "Not applicable";
        };
    }

    static String severityLabel(Alert.Severity severity) {
        return switch (severity) {
            case HIGH -> "High";
            case MODERATE -> "Moderate";
            case LOW -> "Low";
        };
    }

    /** nhsuk-tag colour modifiers: each tag also carries its word, so colour is never alone. */
    static String severityTag(Alert.Severity severity) {
        return switch (severity) {
            case HIGH -> "nhsuk-tag--red";
            case MODERATE -> "nhsuk-tag--orange";
            case LOW -> "nhsuk-tag--yellow";
        };
    }

    static String statusLabel(MedicationStatus status) {
        return switch (status) {
            case ACTIVE -> "Active";
            case ON_HOLD -> "On hold";
            case INTENDED -> "Intended";
            case COMPLETED -> "Completed";
            case STOPPED -> "Stopped";
            case NOT_TAKEN -> "Not taken";
            case UNKNOWN -> "Status unknown";
        };
    }

    static String statusTag(MedicationStatus status) {
        return switch (status) {
            case ACTIVE -> "nhsuk-tag--green";
            case ON_HOLD -> "nhsuk-tag--yellow";
            case INTENDED -> "nhsuk-tag--blue";
            case COMPLETED, STOPPED, NOT_TAKEN -> "nhsuk-tag--grey";
            case UNKNOWN -> "nhsuk-tag--white";
        };
    }

    static String discrepancyLabel(DiscrepancyType type) {
        return switch (type) {
            case DOSE -> "Dose differs";
            case STATUS -> "Status differs";
            case FORM -> "Form differs";
            case ROUTE -> "Route differs";
            case PRODUCT -> "Product unclear";
        };
    }

    static String instant(Instant instant) {
        return instant == null ? null : DATE_TIME.format(instant.atZone(ZONE));
    }

    static String date(Instant instant) {
        return instant == null ? null : DATE.format(instant.atZone(ZONE));
    }

    static String month(Instant instant) {
        return MONTH.format(instant.atZone(ZONE));
    }

    /** A FHIR date or dateTime as sent ("2026", "2026-03", "2026-03-02", "2026-03-02T09:00:00Z"), shown at its precision. */
    static String fhirDate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return switch (value.length()) {
                case 4 -> value;
                case 7 -> MONTH.format(YearMonth.parse(value));
                case 10 -> DATE.format(LocalDate.parse(value));
                default -> instant(parseFhirDate(value).orElseThrow());
            };
        } catch (DateTimeParseException | java.util.NoSuchElementException e) {
            return value;
        }
    }

    /** The instant a FHIR date or dateTime starts at (a date is midnight in Europe/London). */
    static Optional<Instant> parseFhirDate(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        try {
            return Optional.of(
                    switch (value.length()) {
                        case 4 ->
                            LocalDate.of(Integer.parseInt(value), 1, 1)
                                    .atStartOfDay(ZONE)
                                    .toInstant();
                        case 7 ->
                            YearMonth.parse(value).atDay(1).atStartOfDay(ZONE).toInstant();
                        case 10 -> LocalDate.parse(value).atStartOfDay(ZONE).toInstant();
                        default -> parseDateTime(value);
                    });
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Instant parseDateTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(value).atZone(ZONE).toInstant();
        }
    }

    /** "3 days", "5 hours", "40 minutes": how long, in the largest whole unit. */
    static String duration(Instant from, Instant to) {
        if (from == null || to == null || to.isBefore(from)) {
            return null;
        }
        Duration d = Duration.between(from, to);
        if (d.toDays() >= 1) {
            return plural(d.toDays(), "day");
        }
        if (d.toHours() >= 1) {
            return plural(d.toHours(), "hour");
        }
        return plural(Math.max(1, d.toMinutes()), "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** "944 930 6680": the NHS number as people read it. */
    static String nhsNumber(String digits) {
        return digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
    }
}
