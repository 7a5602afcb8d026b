package health.umr.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An alert as a reader sees it at a moment: active or acknowledged, how long it has been open, and
 * every acknowledgement it has had (the history). A pure function of the alert, the acknowledgements
 * and the moment ({@code alerts.AlertStates}).
 *
 * @param alert           the alert
 * @param status          active, or acknowledged while a decision about it holds
 * @param acknowledgement the decision that holds now, or null
 * @param history         every acknowledgement of this alert recorded by the moment, oldest first
 * @param at              the moment
 */
public record AlertState(
        Alert alert, Status status, Acknowledgement acknowledgement, List<Acknowledgement> history, Instant at) {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** As the portal JSON codes it. */
    public enum Status {
        ACTIVE("active"),
        ACKNOWLEDGED("acknowledged");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public AlertState {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        history = List.copyOf(history);
    }

    /** How long the alert's condition has been open, or null when its start is not known. */
    public Duration openFor() {
        return alert.openFor(at);
    }

    /** True when an omission has been open longer than the time within which its dose matters. */
    public boolean overdue() {
        return alert.isOverdue(at);
    }

    /** The message with how long it has been open and, once overdue, the escalation. */
    public String message() {
        Duration open = openFor();
        if (open == null) {
            return alert.message();
        }
        StringBuilder text = new StringBuilder();
        if (overdue()) {
            text.append("OVERDUE, open longer than the ")
                    .append(duration(alert.dueWithin()))
                    .append(" within which a dose is due: ");
        }
        text.append(alert.message());
        text.append(" Open ")
                .append(duration(open))
                .append(", since admission at ")
                .append(WHEN.format(alert.since()))
                .append('.');
        return text.toString();
    }

    /** "35 min", "2 h 5 min", "3 d 4 h". */
    public static String duration(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
