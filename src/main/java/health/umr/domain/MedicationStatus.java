package health.umr.domain;

import java.util.Locale;

/**
 * Whether a medicine is being taken, in the words of a FHIR MedicationStatement (what a unified
 * item is published as). Request statuses are read into the same words: {@code cancelled} is
 * {@link #STOPPED}, {@code draft} is {@link #INTENDED}.
 */
public enum MedicationStatus {
    ACTIVE("active"),
    ON_HOLD("on-hold"),
    INTENDED("intended"),
    COMPLETED("completed"),
    STOPPED("stopped"),
    NOT_TAKEN("not-taken"),
    UNKNOWN("unknown");

    private final String code;

    MedicationStatus(String code) {
        this.code = code;
    }

    /** The FHIR MedicationStatement status code. */
    public String code() {
        return code;
    }

    /**
     * The status of a MedicationStatement or MedicationRequest status code as sent; anything not
     * recognised (including {@code entered-in-error} and null) is {@link #UNKNOWN}.
     */
    public static MedicationStatus ofSourceStatus(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        return switch (status.strip().toLowerCase(Locale.ROOT)) {
            case "active" -> ACTIVE;
            case "on-hold" -> ON_HOLD;
            case "intended", "draft" -> INTENDED;
            case "completed" -> COMPLETED;
            case "stopped", "cancelled" -> STOPPED;
            case "not-taken" -> NOT_TAKEN;
            default -> UNKNOWN;
        };
    }

    public boolean isActive() {
        return this == ACTIVE;
    }

    /** Completed, stopped or never taken: the course is over. */
    public boolean isEnded() {
        return this == COMPLETED || this == STOPPED || this == NOT_TAKEN;
    }
}
