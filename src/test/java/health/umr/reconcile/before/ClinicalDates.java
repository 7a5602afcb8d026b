package health.umr.reconcile.before;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
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
public final class ClinicalDates {

    private ClinicalDates() {}

    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            return switch (value.length()) {
                case 4 ->
                    LocalDate.of(Integer.parseInt(value), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
                case 7 -> YearMonth.parse(value).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                case 10 -> Instant.ofEpochSecond(isoDate(value).toEpochDay() * 86_400L);
                default -> dateTime(value);
            };
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /*
     * The two shapes nearly every record carries ("2026-11-01", "2026-11-01T09:00:00Z") are read by
     * hand: reconciliation reads every date of every record each time, and java.time's formatter
     * was a sixth of its cost. LocalDate.of / LocalTime.of still check the values.
     */
    private static LocalDate isoDate(String value) {
        if (value.charAt(4) != '-' || value.charAt(7) != '-') {
            return LocalDate.parse(value);
        }
        return LocalDate.of(digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10));
    }

    private static Instant utcSeconds(String value) {
        if (value.charAt(10) != 'T' || value.charAt(13) != ':' || value.charAt(16) != ':') {
            return null;
        }
        LocalDate date = isoDate(value.substring(0, 10));
        LocalTime time = LocalTime.of(digits(value, 11, 13), digits(value, 14, 16), digits(value, 17, 19));
        return LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC);
    }

    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a digit in " + value);
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static Instant dateTime(String value) {
        if (value.length() == 20 && value.charAt(19) == 'Z') {
            Instant utc = utcSeconds(value);
            if (utc != null) {
                return utc;
            }
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException noOffset) {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        }
    }

    /** The later of two instants, either of which may be null. */
    public static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isAfter(b) ? a : b;
    }
}
