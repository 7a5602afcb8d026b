package health.umr.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.NhsNumber;
import health.umr.store.AcknowledgementRepository;
import health.umr.store.UnifiedRecordRepository;
import health.umr.support.DmdFixtures;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A read of the current record takes the patient's acknowledgements from the same query as the record
 * and its stamp ({@link UnifiedRecordRepository#currentStamped}), where it used to ask {@link
 * AcknowledgementRepository#findByPatient} in a second statement. On real PostgreSQL: the acknowledgements
 * it reads are exactly findByPatient's (order, absent values, microseconds, odd text); its stamp is the one
 * {@link UnifiedRecordRepository#stamp} gives (what a cached answer is compared with); and {@link
 * RecordQueryService#readNow}'s reading equals the read at the same instant ({@code at}, which still reads
 * them apart) for a record without alerts (with acknowledgements of an earlier version's alert), with
 * alerts and none acknowledged, and with alerts and several acknowledgements.
 */
@QuarkusTest
class CurrentReadOneQueryTest {

    private static final java.util.Random RANDOM = new java.util.Random();

    @Inject
    RecordQueryService queries;

    @Inject
    UnifiedRecordRepository records;

    @Inject
    AcknowledgementRepository acknowledgements;

    @Test
    void theCurrentReadsAcknowledgements_andItsReading_areTheSeparateReadsOnes() {
        DmdFixtures.loadSynthetic();
        String gp = Feeds.source("oq-gp", "gp");
        String mentalHealth = Feeds.source("oq-mh", "mental-health");

        NhsNumber noAlerts = patientOn(gp, mentalHealth, false);
        NhsNumber alertsNoAcks = patientOn(gp, mentalHealth, true);
        NhsNumber acknowledged = patientOn(gp, mentalHealth, true);

        Alert duplication = queries.readNow(acknowledged).orElseThrow().view().record().alerts().stream()
                .filter(a -> a.type() == AlertType.THERAPEUTIC_DUPLICATION)
                .findFirst()
                .orElseThrow();
        String alert = duplication.id();
        Instant now = Instant.now();
        // two recorded at the same microsecond (their sequence orders the rows; AlertStates orders ties by id,
        // so the ids make the second, of the alert's facts, the newest: the one that holds), one with an end and no
        // client, one of another alert, text that JSON escapes
        Instant same = now.minusSeconds(60).plusNanos(123_456_789);
        acknowledge(
                new UUID(0L, RANDOM.nextLong()),
                acknowledged,
                alert,
                Acknowledgement.Outcome.OVERRIDDEN,
                "cross-taper \"2 weeks\"\n\\ ✓",
                null,
                same,
                "portal",
                Alert.Severity.LOW,
                List.of("a", "b"));
        acknowledge(
                new UUID(-1L, RANDOM.nextLong()),
                acknowledged,
                alert,
                Acknowledgement.Outcome.ACCEPTED,
                "reviewed",
                now.plus(Duration.ofHours(3)),
                same,
                null,
                duplication.severity(),
                duplication.itemIds());
        acknowledge(
                UUID.randomUUID(),
                acknowledged,
                "another-alert",
                Acknowledgement.Outcome.NOT_APPLICABLE,
                "not taken",
                null,
                now.minusSeconds(30),
                "epma",
                Alert.Severity.HIGH,
                List.of("x"));
        // acknowledgements of an alert the current version does not hold: they are read, and change nothing
        acknowledge(
                UUID.randomUUID(),
                noAlerts,
                "an-old-alert",
                Acknowledgement.Outcome.ACCEPTED,
                "stopped",
                null,
                now.minusSeconds(10),
                "portal",
                Alert.Severity.MODERATE,
                List.of("i"));

        for (NhsNumber patient : List.of(noAlerts, alertsNoAcks, acknowledged)) {
            UnifiedRecordRepository.Stamped stamped =
                    records.currentStamped(patient).orElseThrow();
            List<Acknowledgement> separately = acknowledgements.findByPatient(patient);
            assertEquals(separately, stamped.acknowledgements(), patient.value());
            assertEquals(records.stamp(patient).orElseThrow(), stamped.stamp(), patient.value());
            assertEquals(separately.size(), stamped.stamp().acks());

            RecordQueryService.Reading current = queries.readNow(patient).orElseThrow();
            RecordQueryService.Reading at = queries.read(
                            patient, Optional.of(current.view().at().instant()))
                    .orElseThrow();
            assertEquals(at.view(), current.view(), patient.value());
            assertEquals(at.validUntil(), current.validUntil(), patient.value());
            assertEquals(at.acksRead(), current.acksRead(), patient.value());
        }
        assertEquals(3, acknowledgements.findByPatient(acknowledged).size());
        assertEquals("acknowledged", status(acknowledged, alert), "the acknowledgements were applied");
        assertTrue(
                queries.readNow(noAlerts).orElseThrow().view().record().alerts().isEmpty());
        assertFalse(queries.readNow(noAlerts).orElseThrow().acksRead());
        assertTrue(queries.readNow(alertsNoAcks).orElseThrow().acksRead());
    }

    private String status(NhsNumber patient, String alert) {
        return queries.readNow(patient).orElseThrow().view().alerts().stream()
                .filter(s -> s.alert().id().equals(alert))
                .findFirst()
                .orElseThrow()
                .status()
                .code();
    }

    /** A patient on sertraline (GP), and citalopram (mental health) too when {@code duplicated}: an alert. */
    private static NhsNumber patientOn(String gp, String mentalHealth, boolean duplicated) {
        String nhs = Feeds.newNhsNumber();
        FhirJson.post(FhirJson.patient(nhs, "female", "1980-05-04", "2026-11-01T09:00:00Z"));
        FhirJson.postSsris(gp, duplicated ? mentalHealth : null, nhs, "oq-" + nhs);
        return NhsNumber.parse(nhs);
    }

    private void acknowledge(
            UUID id,
            NhsNumber patient,
            String alertId,
            Acknowledgement.Outcome outcome,
            String reason,
            Instant until,
            Instant recordedAt,
            String client,
            Alert.Severity severity,
            List<String> items) {
        acknowledgements.append(
                new Acknowledgement(
                        id.toString(),
                        patient,
                        alertId,
                        outcome,
                        reason,
                        until,
                        "dr-oq",
                        client,
                        recordedAt,
                        severity,
                        items),
                "therapeutic-duplication");
    }
}
