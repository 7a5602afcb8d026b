package health.umr.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinician's decision about one alert (docs/contract.md "Acknowledging an alert"): who decided
 * what, when and why, and the facts of the alert they saw. Never changed once recorded; a later
 * decision is a new acknowledgement.
 *
 * @param id         its own id
 * @param nhsNumber  the patient
 * @param alertId    the alert it is about (alert ids are stable across record versions)
 * @param outcome    what was decided
 * @param reason     why, in the clinician's words
 * @param until      when it lapses, or null (it lasts until the facts change)
 * @param user       who decided (the authenticated user)
 * @param client     the client application they used, or null
 * @param recordedAt when it was recorded
 * @param severity   the alert's severity when it was acknowledged
 * @param itemIds    the items the alert implicated when it was acknowledged
 */
public record Acknowledgement(
        String id,
        NhsNumber nhsNumber,
        String alertId,
        Outcome outcome,
        String reason,
        Instant until,
        String user,
        String client,
        Instant recordedAt,
        Alert.Severity severity,
        List<String> itemIds) {

    /** What the clinician decided. */
    public enum Outcome {
        /** The alert is right and has been acted on (or will be). */
        ACCEPTED("accepted"),
        /** The alert is right but the clinician decides to go ahead, for the reason given. */
        OVERRIDDEN("overridden"),
        /** The alert does not apply to this patient (e.g. the medicine is not actually taken). */
        NOT_APPLICABLE("not-applicable");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Optional<Outcome> fromCode(String code) {
            if (code == null) {
                return Optional.empty();
            }
            String wanted = code.strip().toLowerCase(Locale.ROOT);
            for (Outcome outcome : values()) {
                if (outcome.code.equals(wanted)) {
                    return Optional.of(outcome);
                }
            }
            return Optional.empty();
        }
    }

    public Acknowledgement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nhsNumber, "nhsNumber");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(severity, "severity");
        itemIds = List.copyOf(itemIds);
    }

    /**
     * True when this acknowledgement still holds for the alert as it is at an instant: recorded by
     * then, not expired, and the facts unchanged (no medicine implicated that was not then, no higher
     * severity, and an omission acknowledged before its dose was due has not since become overdue: the
     * escalation is meant to be seen).
     */
    public boolean holdsFor(Alert alert, Instant at) {
        return alert.id().equals(alertId)
                && !recordedAt.isAfter(at)
                && (until == null || at.isBefore(until))
                && !alert.severity().isHigherThan(severity)
                && itemIds.containsAll(alert.itemIds())
                && !becameOverdue(alert, at);
    }

    private boolean becameOverdue(Alert alert, Instant at) {
        return alert.isOverdue(at) && !alert.isOverdue(recordedAt);
    }

    /** Why it no longer holds for the alert at an instant, or empty if it still holds. */
    public Optional<String> lapse(Alert alert, Instant at) {
        if (until != null && !at.isBefore(until)) {
            return Optional.of("its time limit (" + until + ") has passed");
        }
        if (alert.severity().isHigherThan(severity)) {
            return Optional.of("the alert's severity rose from " + severity.code() + " to "
                    + alert.severity().code());
        }
        if (!itemIds.containsAll(alert.itemIds())) {
            return Optional.of("the alert now implicates a medicine it did not when acknowledged");
        }
        if (becameOverdue(alert, at)) {
            return Optional.of("the omission has become overdue since it was acknowledged");
        }
        return Optional.empty();
    }
}
