package health.umr.alerts;

import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.ItemSource;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.domain.UnifiedItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Until when a read's answer, evaluated at one instant, stays the answer a read of the same stored
 * version with the same acknowledgements would give later (its request time aside). Everything the
 * alerts, states and per-item flags compare the reference time with gives an instant at which the
 * comparison may turn; the answer is valid until the earliest of them, never past it:
 *
 * <ul>
 *   <li>the next midnight on the UK calendar ({@link ReferenceTime#date()}: ages for valproate and the
 *       anticholinergic burden);
 *   <li>for each source record recently confirmed now, its last confirmation plus {@link
 *       Freshness#WINDOW} (a record stays recent at least that long: the cut-off only moves later);
 *   <li>for each alert with a start (an omission): its start, the next whole minute it has been open
 *       (the minutes shown and the message's "open" text) and the end of its {@code dueWithin} (overdue,
 *       and an acknowledgement that lapses when the omission becomes overdue);
 *   <li>for each acknowledgement: its {@code recordedAt} if still ahead (it joins the history then),
 *       its {@code until} if still ahead (it lapses).
 * </ul>
 *
 * A pure function; ReadValidityTest checks, over generated records, that answers within the instant
 * it gives equal the answer at the start.
 */
public final class AnswerValidity {

    private AnswerValidity() {}

    /**
     * The first instant (exclusive) from which the answer evaluated at {@code now} may differ.
     *
     * @param evaluated        the record with its alerts evaluated at {@code now}
     * @param acknowledgements every acknowledgement of the patient's alerts (empty when the record has
     *                         no alerts: then none applies)
     * @param now              the reference instant the answer was evaluated at
     */
    public static Instant until(PatientRecord evaluated, List<Acknowledgement> acknowledgements, Instant now) {
        Instant until = ReferenceTime.at(now)
                .date()
                .plusDays(1)
                .atStartOfDay(ReferenceTime.UK)
                .toInstant();
        Instant cutoff = Freshness.cutoff(ReferenceTime.at(now));
        for (List<UnifiedItem> items :
                List.of(evaluated.unified().items(), evaluated.unified().history())) {
            for (UnifiedItem item : items) {
                for (ItemSource source : item.sources()) {
                    Instant confirmed = source.lastConfirmed();
                    if (confirmed != null && !confirmed.isBefore(cutoff)) {
                        until = earlier(until, Freshness.recentUntil(confirmed));
                    }
                }
            }
        }
        for (Alert alert : evaluated.alerts()) {
            Instant since = alert.since();
            if (since == null) {
                continue;
            }
            if (now.isBefore(since)) {
                until = earlier(until, since);
            } else {
                long minutes = Duration.between(since, now).toMinutes();
                until = earlier(until, since.plus(Duration.ofMinutes(minutes + 1)));
            }
            if (alert.dueWithin() != null) {
                Instant due = since.plus(alert.dueWithin());
                if (!now.isAfter(due)) {
                    until = earlier(until, due);
                }
            }
        }
        for (Acknowledgement ack : acknowledgements) {
            if (ack.recordedAt().isAfter(now)) {
                until = earlier(until, ack.recordedAt());
            }
            if (ack.until() != null && ack.until().isAfter(now)) {
                until = earlier(until, ack.until());
            }
        }
        return until;
    }

    private static Instant earlier(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }
}
