package health.umr.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * An instant's text exactly as {@link Instant#toString()} (and {@code DateTimeFormatter.ISO_INSTANT})
 * writes it ({@code 2026-12-01T09:30:00Z}, the fraction in groups of three digits as needed), without a
 * formatter or its intermediate objects: the fingerprints of a record write a hundred instants each, and
 * the read answer and the audit record write several per request. Years outside 0000–9999 are left to
 * {@link Instant#toString()}. The one place UMR writes an instant by hand.
 */
public final class IsoInstant {

    /** Chars {@link #write} may need: {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    public static final int MAX_LENGTH = 30;

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in epoch seconds. */
    private static final long FIRST = -62_167_219_200L;

    private static final long END = 253_402_300_800L;

    private IsoInstant() {}

    /**
     * Writes the instant's text into {@code text} (at least {@link #MAX_LENGTH} chars) from index 0 and
     * answers its length, or -1 for a year outside 0000–9999 (nothing written: use {@link
     * Instant#toString()}).
     */
    public static int write(Instant instant, char[] text) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds >= END) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        int at = 19;
        int nano = instant.getNano();
        if (nano > 0) {
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(text, at, nano / 1_000_000, 3);
                at += 3;
            } else if (nano % 1000 == 0) {
                digits(text, at, nano / 1000, 6);
                at += 6;
            } else {
                digits(text, at, nano, 9);
                at += 9;
            }
        }
        text[at++] = 'Z';
        return at;
    }

    /**
     * An instant from request text, as {@link Instant#parse} reads it, but only in the years 0000–9999:
     * FHIR's instants have four-digit years and PostgreSQL's timestamps end in 294276, so a later one
     * ({@code +999999999-12-31T23:59:59Z} parses) must be refused here, not fail in the database.
     *
     * @throws DateTimeParseException as {@link Instant#parse} does, and for a year outside the range
     */
    public static Instant parse(CharSequence text) {
        return inRange(Instant.parse(text), text);
    }

    /** The instant, or the {@link DateTimeParseException} {@link #parse} gives when its year is outside 0000–9999. */
    public static Instant inRange(Instant instant, CharSequence text) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds >= END) {
            throw new DateTimeParseException("the year is outside 0000-9999", text, 0);
        }
        return instant;
    }

    /** The instant's text, as {@link Instant#toString()}. */
    public static String text(Instant instant) {
        char[] text = new char[MAX_LENGTH];
        int length = write(instant, text);
        return length < 0 ? instant.toString() : new String(text, 0, length);
    }

    static void append(StringBuilder out, Instant instant) {
        char[] text = new char[MAX_LENGTH];
        int length = write(instant, text);
        if (length < 0) {
            out.append(instant);
        } else {
            out.append(text, 0, length);
        }
    }

    /** A non-negative value in exactly {@code width} digits, zero-padded, at {@code text[at]}. */
    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
