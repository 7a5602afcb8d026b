package health.umr.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.AlertState;
import health.umr.domain.AlertType;
import health.umr.domain.NhsNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Acknowledgements as a pure function of the alert, the decisions and the moment. */
class AlertStatesTest {

    private static final NhsNumber PATIENT = NhsNumber.parse("9449306680");
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    private static Alert alert(Alert.Severity severity, String... items) {
        return Alert.of(PATIENT, AlertType.THERAPEUTIC_DUPLICATION, severity, List.of(items), "ssri", "two SSRIs");
    }

    private static Acknowledgement ack(Alert alert, Instant at, Instant until) {
        return new Acknowledgement(
                "a-" + at,
                PATIENT,
                alert.id(),
                Acknowledgement.Outcome.OVERRIDDEN,
                "cross-taper",
                until,
                "jo",
                "epma",
                at,
                alert.severity(),
                alert.itemIds());
    }

    private static AlertState state(Alert alert, List<Acknowledgement> acks, Instant at) {
        return AlertStates.at(List.of(alert), acks, at).get(0);
    }

    @Test
    void acknowledged_untilItsTimeLimit_thenActive_withTheHistoryKept() {
        Alert alert = alert(Alert.Severity.MODERATE, "i1", "i2");
        Acknowledgement ack = ack(alert, T0, T0.plusSeconds(3600));
        assertEquals(
                AlertState.Status.ACKNOWLEDGED,
                state(alert, List.of(ack), T0.plusSeconds(60)).status());
        AlertState later = state(alert, List.of(ack), T0.plusSeconds(3600));
        assertEquals(AlertState.Status.ACTIVE, later.status());
        assertNull(later.acknowledgement());
        assertEquals(List.of(ack), later.history());
    }

    @Test
    void activeAgain_whenANewMedicineIsImplicated_orTheSeverityRises_butNotWhenOneLeaves() {
        Alert acknowledged = alert(Alert.Severity.MODERATE, "i1", "i2");
        Acknowledgement ack = ack(acknowledged, T0, null);
        Instant later = T0.plusSeconds(60);
        assertEquals(
                AlertState.Status.ACTIVE,
                state(alert(Alert.Severity.MODERATE, "i1", "i2", "i3"), List.of(ack), later)
                        .status());
        assertEquals(
                AlertState.Status.ACTIVE,
                state(alert(Alert.Severity.HIGH, "i1", "i2"), List.of(ack), later)
                        .status());
        assertEquals(
                AlertState.Status.ACKNOWLEDGED,
                state(alert(Alert.Severity.LOW, "i1", "i2"), List.of(ack), later)
                        .status());
    }

    @Test
    void anOmissionAcknowledgedBeforeItsDoseWasDue_isActiveAgainOnceOverdue_butNotOneAcknowledgedWhenAlreadyOverdue() {
        // co-careldopa omitted since admission at T0; Parkinson's: due within 30 minutes
        Alert omission = Alert.of(
                        PATIENT,
                        AlertType.CRITICAL_MEDICINE_OMISSION,
                        Alert.Severity.HIGH,
                        List.of("i1"),
                        "404830004",
                        "Co-careldopa not prescribed since admission")
                .withTiming(T0, Duration.ofMinutes(30));
        Acknowledgement early = ack(omission, T0.plusSeconds(10 * 60), null);
        assertEquals(
                AlertState.Status.ACKNOWLEDGED,
                state(omission, List.of(early), T0.plusSeconds(29 * 60)).status());
        assertEquals(
                AlertState.Status.ACTIVE,
                state(omission, List.of(early), T0.plusSeconds(31 * 60)).status());
        assertTrue(early.lapse(omission, T0.plusSeconds(31 * 60)).orElseThrow().contains("overdue"));

        Acknowledgement late = ack(omission, T0.plusSeconds(40 * 60), null);
        assertEquals(
                AlertState.Status.ACKNOWLEDGED,
                state(omission, List.of(early, late), T0.plusSeconds(3 * 3600)).status());
    }

    @Test
    void asItStoodAtAnEarlierInstant_aLaterAcknowledgementIsNotSeen() {
        Alert alert = alert(Alert.Severity.MODERATE, "i1", "i2");
        Acknowledgement ack = ack(alert, T0, null);
        AlertState before = state(alert, List.of(ack), T0.minusSeconds(1));
        assertEquals(AlertState.Status.ACTIVE, before.status());
        assertEquals(List.of(), before.history());
    }
}
