package health.umr.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An active alert on a patient's record. Its id is a stable hash of what it is about (the patient,
 * its type and its subject: the admission and medicine of an omission, the class of a duplication,
 * the item of a discrepancy), never of the wording, severity or the other medicines it names, so the
 * same alert keeps its id across record versions and replays and an acknowledgement stays attached
 * to it.
 *
 * @param id                the stable id
 * @param type              what kind of alert
 * @param severity          how serious
 * @param itemIds           the unified items it implicates, in a fixed order
 * @param message           what a clinician reads
 * @param sourceIds         the sources whose records it rests on, sorted
 * @param referenceVersions the reference-list files and versions it was raised under, e.g.
 *                          {@code time-critical-medicines.csv 2026-12-01.1}
 * @param since             when the condition began, where the rule knows it (the admission time of an
 *                          omission), else null
 * @param dueWithin         for an omission: how soon a dose matters (30 minutes for Parkinson's
 *                          medicines); past it the alert is overdue. Null where no such limit applies
 * @param matchedByName     true when a medicine it rests on has no dm+d code and was recognised by its
 *                          name only: the clinician must confirm it is that medicine
 */
public record Alert(
        String id,
        AlertType type,
        Severity severity,
        List<String> itemIds,
        String message,
        List<String> sourceIds,
        String referenceVersions,
        Instant since,
        Duration dueWithin,
        boolean matchedByName) {

    /** As FHIR DetectedIssue.severity codes it; declared from the most to the least serious. */
    public enum Severity {
        HIGH,
        MODERATE,
        LOW;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** True when this is more serious than the other. */
        public boolean isHigherThan(Severity other) {
            return compareTo(other) < 0;
        }
    }

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
        sourceIds = sourceIds == null ? List.of() : List.copyOf(sourceIds);
    }

    /** An alert whose id derives from the patient, its type and what it is about. */
    public static Alert of(
            NhsNumber patient, AlertType type, Severity severity, List<String> itemIds, String about, String message) {
        return new Alert(
                idOf(patient, type, about), type, severity, itemIds, message, List.of(), null, null, null, false);
    }

    /** The stable id of the alert of this type about this subject. */
    public static String idOf(NhsNumber patient, AlertType type, String about) {
        return Sha256.hex(patient.value() + "|" + type.code() + "|" + about).substring(0, 32);
    }

    public Alert withSources(List<String> ids) {
        return new Alert(id, type, severity, itemIds, message, ids, referenceVersions, since, dueWithin, matchedByName);
    }

    public Alert withReferenceVersions(String versions) {
        return new Alert(id, type, severity, itemIds, message, sourceIds, versions, since, dueWithin, matchedByName);
    }

    public Alert withTiming(Instant start, Duration due) {
        return new Alert(id, type, severity, itemIds, message, sourceIds, referenceVersions, start, due, matchedByName);
    }

    public Alert matchedByName(boolean byName) {
        return new Alert(id, type, severity, itemIds, message, sourceIds, referenceVersions, since, dueWithin, byName);
    }

    /** How long the condition has been open at an instant; null when the start is not known. */
    public Duration openFor(Instant at) {
        if (since == null || at == null) {
            return null;
        }
        return at.isBefore(since) ? Duration.ZERO : Duration.between(since, at);
    }

    /** True when it has been open longer than its {@link #dueWithin} at that instant. */
    public boolean isOverdue(Instant at) {
        Duration open = openFor(at);
        return open != null && dueWithin != null && open.compareTo(dueWithin) > 0;
    }
}
