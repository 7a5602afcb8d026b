package health.umr.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The moment the alert rules measure against: a patient's age "today", whether a record is still
 * recently confirmed, how long an omission has been open, whether an acknowledgement has expired.
 * A parameter, never the clock: the application layer passes "now" (or the {@code _at} instant of a
 * read), so the rules stay pure functions of their inputs.
 *
 * @param instant the moment
 * @param date    the calendar date at that moment on the clinician's calendar (the UK's)
 */
public record ReferenceTime(Instant instant, LocalDate date) {

    /** Ages are whole years on the UK calendar. */
    public static final ZoneId UK = ZoneId.of("Europe/London");

    public ReferenceTime {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(date, "date");
    }

    /** The reference time at an instant, dated on the UK calendar. */
    public static ReferenceTime at(Instant instant) {
        return new ReferenceTime(instant, instant.atZone(UK).toLocalDate());
    }
}
