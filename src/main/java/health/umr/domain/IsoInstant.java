package health.umr.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Appends an instant exactly as {@link Instant#toString()} writes it ({@code 2026-12-01T09:30:00Z},
 * the fraction in groups of three digits as needed) without a formatter: the fingerprints of a record
 * write a hundred instants each. Years outside 0000–9999 are left to {@link Instant#toString()}.
 */
final class IsoInstant {

    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in epoch seconds. */
    private static final long FIRST = -62_167_219_200L;

    private static final long END = 253_402_300_800L;

    private IsoInstant() {}

    static void append(StringBuilder out, Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds >= END) {
            out.append(instant);
            return;
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits(out, date.getYear(), 4);
        out.append('-');
        digits(out, date.getMonthValue(), 2);
        out.append('-');
        digits(out, date.getDayOfMonth(), 2);
        out.append('T');
        digits(out, secondOfDay / 3600, 2);
        out.append(':');
        digits(out, secondOfDay / 60 % 60, 2);
        out.append(':');
        digits(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano > 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(out, nano / 1000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        out.append('Z');
    }

    /** A non-negative value, zero-padded to {@code width} digits (it never has more). */
    private static void digits(StringBuilder out, int value, int width) {
        for (int unit = width == 1 ? 1 : pow10(width - 1); unit > 0; unit /= 10) {
            out.append((char) ('0' + value / unit % 10));
        }
    }

    private static int pow10(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
