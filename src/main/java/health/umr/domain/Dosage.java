package health.umr.domain;

/**
 * A dosage as sent: its text and, where the source structured it, one dose and how often a day.
 * Null fields are what the source did not say.
 */
public record Dosage(String text, Double doseValue, String doseUnit, Double timesPerDay, String route) {

    public static final Dosage NONE = new Dosage(null, null, null, null, null);

    public boolean isStructured() {
        return doseValue != null && timesPerDay != null;
    }
}
