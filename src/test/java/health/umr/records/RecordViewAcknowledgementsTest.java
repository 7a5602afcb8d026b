package health.umr.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.alerts.AlertStates;
import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.NhsNumber;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link RecordQueryService#findRecordView} does not read a patient's acknowledgements when the
 * record has no alerts. That is safe only if, with no alerts, the alert states are the same whatever
 * acknowledgements exist: this property says they are (equal to what the reader got before, when it
 * passed every acknowledgement).
 */
class RecordViewAcknowledgementsTest {

    @Property(tries = 300)
    void withNoAlerts_theAcknowledgementsCannotChangeTheAlertStates(
            @ForAll("acknowledgements") List<Acknowledgement> acknowledgements, @ForAll("instants") Instant at) {
        assertEquals(AlertStates.at(List.of(), acknowledgements, at), AlertStates.at(List.of(), List.of(), at));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(1_600_000_000L, 1_900_000_000L).map(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<List<Acknowledgement>> acknowledgements() {
        Arbitrary<Acknowledgement> one = Combinators.combine(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.of(Acknowledgement.Outcome.class),
                        instants(),
                        instants().injectNull(0.5),
                        Arbitraries.of(Alert.Severity.class),
                        Arbitraries.strings().alpha().ofMaxLength(6).list().ofMaxSize(3))
                .as((alertId, outcome, recorded, until, severity, items) -> new Acknowledgement(
                        "ack-" + alertId,
                        NhsNumber.parse("9990001030"),
                        alertId,
                        outcome,
                        "reason",
                        until,
                        "dr-x",
                        "portal",
                        recorded,
                        severity,
                        items));
        return one.list().ofMaxSize(6);
    }
}
