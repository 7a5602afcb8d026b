package health.umr.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RecordText writes what {@code toString()} writes: the stored fingerprints of records and summaries
 * were taken over {@code toString()}, so any difference (a component added to one of these records,
 * or a {@code toString()} of its own) must fail here, not change every fingerprint quietly.
 */
class RecordTextTest {

    private static final NhsNumber PATIENT = NhsNumber.parse("9449306680");

    @Test
    void anAlertIsWrittenAsItsToString() {
        Alert full = new Alert(
                "0123456789abcdef0123456789abcdef",
                AlertType.CRITICAL_MEDICINE_OMISSION,
                Alert.Severity.HIGH,
                List.of("item-1", "item-2"),
                "Co-careldopa \"25/100\" not given,\nsince admission",
                List.of("acute-b", "gp-a"),
                "time-critical-medicines.csv 2026-12-01.1",
                Instant.parse("2026-11-28T08:30:00.120Z"),
                Duration.ofMinutes(30),
                true);
        Alert sparse =
                Alert.of(PATIENT, AlertType.DOSE_DISCREPANCY, Alert.Severity.MODERATE, List.of(), "about", "message");
        for (Alert alert : List.of(full, sparse)) {
            assertEquals(alert.toString(), RecordText.of(alert));
        }
    }

    @Test
    void anAdmissionIsWrittenAsItsToString() {
        for (Admission admission : List.of(
                Admission.NOT_ADMITTED,
                new Admission(true, "acute-b", "acute-b|Encounter|id:enc-2", "2026-11-28T08:30:00Z"))) {
            assertEquals(admission.toString(), RecordText.of(admission));
        }
    }

    @Test
    void aSummaryIsWrittenAsItsToString() {
        PatientSummary summary = new PatientSummary(
                PATIENT,
                "female",
                LocalDate.parse("1948-03-14"),
                "gp-a",
                4,
                List.of(
                        new PatientSummary.AcbMedicine("40589005", "Amitriptyline", 3),
                        new PatientSummary.AcbMedicine("372732004", "Sertraline", 1)),
                List.of("gp-a", "mh-c"),
                true,
                "acute-b",
                "2026-11-28T08:30:00Z",
                List.of(
                        new PatientSummary.AlertSince(
                                "0123",
                                "acb-high",
                                "moderate",
                                Instant.parse("2026-12-01T12:00:00Z"),
                                List.of("A", "B")),
                        new PatientSummary.AlertSince("4567", "dose-discrepancy", "moderate", null, List.of())),
                List.of(new PatientSummary.SourceStats("gp-a", 40, 10, 1, 40, 2)));
        PatientSummary empty = new PatientSummary(
                PATIENT, null, null, null, 0, List.of(), List.of(), false, null, null, List.of(), List.of());
        for (PatientSummary one : List.of(summary, empty)) {
            assertEquals(one.toString(), RecordText.of(one));
        }
    }
}
