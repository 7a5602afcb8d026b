package health.umr.alerts;

import health.umr.domain.ItemSource;
import health.umr.domain.ReferenceTime;
import health.umr.domain.UnifiedItem;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * Whether an "active" record is recent enough to be presumed current. A source's record is <b>not
 * recently confirmed</b> when nothing in it (meta.lastUpdated, dateAsserted, effective start or
 * authoredOn, the last issue) is within {@link #WINDOW} of the reference date.
 *
 * <p>Why 12 months: a repeat medicine is issued at least every few months (GP Connect's last issue date,
 * EPS issues), and even long-interval treatment (3-monthly depots, 6-monthly supplies) is re-issued or
 * re-asserted within a year; the NHS digital medicines "current medication" definition uses the same 12
 * months, and so does UMR's window for ended courses. A record silent for longer is more likely an
 * unclosed course (a 2021 prednisolone course still "active" in 2026) than a medicine taken today.
 *
 * <p>What the alerts do with it: a not-recently-confirmed record raises no omission, counts in no ACB
 * total and in no duplication; the record shows it marked "not recently confirmed" and, for a
 * time-critical medicine, a note asks for it to be confirmed at medicines reconciliation. Valproate is
 * the exception: its pregnancy-prevention alert is still raised (saying the record is old), because the
 * harm is severe and an annual specialist review is due anyway if the patient still takes it. A record
 * with no date at all is presumed current (silence is the worse failure).
 */
public final class Freshness {

    public static final Period WINDOW = Period.ofMonths(12);

    private Freshness() {}

    /** The earliest confirmation that still counts as recent at the reference time. */
    public static Instant cutoff(ReferenceTime at) {
        return utc(at.instant()).minus(WINDOW).toInstant(ZoneOffset.UTC);
    }

    /**
     * The instant {@link #WINDOW} after a confirmation: until then it is recent. The same instant as
     * {@code confirmed.atZone(UTC).plus(WINDOW)} (FreshnessWindowTest), without the ZoneRules that a
     * ZonedDateTime in UTC builds each time on this JDK: a read asks this per source.
     */
    public static Instant recentUntil(Instant confirmed) {
        return utc(confirmed).plus(WINDOW).toInstant(ZoneOffset.UTC);
    }

    /** The UTC date and time of an instant (what {@code atZone(ZoneOffset.UTC)} holds). */
    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    }

    public static boolean recentlyConfirmed(ItemSource source, ReferenceTime at) {
        return source.lastConfirmed() == null || !source.lastConfirmed().isBefore(cutoff(at));
    }

    /**
     * True unless the item is active only in sources that are not recently confirmed. An item no source
     * holds active is "recently confirmed" (the question does not arise).
     */
    public static boolean recentlyConfirmed(UnifiedItem item, ReferenceTime at) {
        var active = item.activeSources();
        return active.isEmpty() || active.stream().anyMatch(s -> recentlyConfirmed(s, at));
    }

    /** The newest confirmation of any of the item's sources, or null. */
    public static Instant lastConfirmed(UnifiedItem item) {
        Instant newest = null;
        for (ItemSource source : item.sources()) {
            Instant at = source.lastConfirmed();
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
        }
        return newest;
    }
}
