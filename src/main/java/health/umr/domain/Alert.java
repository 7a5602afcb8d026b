package health.umr.domain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An active alert on a patient's record. Its id is a stable hash of what it is about (type and the
 * items it implicates), so the same alert keeps its id across versions and replays.
 */
public record Alert(String id, AlertType type, Severity severity, List<String> itemIds, String message) {

    /** As FHIR DetectedIssue.severity codes it. */
    public enum Severity {
        HIGH,
        MODERATE,
        LOW;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Alert {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        itemIds = List.copyOf(itemIds);
    }

    /** An alert whose id derives from the patient, its type and what it is about. */
    public static Alert of(
            NhsNumber patient, AlertType type, Severity severity, List<String> itemIds, String about, String message) {
        String id =
                Sha256.hex(patient.value() + "|" + type.code() + "|" + about).substring(0, 32);
        return new Alert(id, type, severity, itemIds, message);
    }
}
