package example.umr.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads FHIR date and dateTime text as sent ("2024", "2024-03", "2024-03-05",
 * "2024-03-05T10:00:00+01:00"). A partial date counts from its first instant, in UTC; a time
 * without an offset is read as UTC. Text that is not a date gives null: dates order records,
 * they never refuse them.
 */
final class ClinicalDates {

    private ClinicalDates() {
    }

    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return switch (value.length()) {
                case 4 -> LocalDate.of(Integer.parseInt(value), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
                case 7 -> YearMonth.parse(value).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                case 10 -> LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                default -> dateTime(value);
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    private static Instant dateTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException noOffset) {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        }
    }

    /** The later of two instants, either of which may be null. */
    static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
