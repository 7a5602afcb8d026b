package health.umr.records;

import health.umr.access.Caller;
import health.umr.alerts.AlertStates;
import health.umr.domain.Acknowledgement;
import health.umr.domain.AlertState;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.domain.TextRules;
import health.umr.store.AcknowledgementRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A clinician acknowledges an alert (docs/contract.md "Acknowledging an alert"): accepted, overridden or
 * not applicable, why, and until when. The decision is kept with the alert's facts as they are now
 * (severity, implicated items), so the alert becomes active again when {@code until} passes or the facts
 * change; it is never changed afterwards. The request is audited by the API layer like every access to
 * a patient's record.
 */
@ApplicationScoped
public class AcknowledgeAlertService {

    /** The longest reason kept. */
    public static final int REASON_MAX = 2000;

    private final RecordQueryService records;
    private final AcknowledgementRepository acknowledgements;

    public AcknowledgeAlertService(RecordQueryService records, AcknowledgementRepository acknowledgements) {
        this.records = records;
        this.acknowledgements = acknowledgements;
    }

    /** What was recorded, and the alert as it stands with it. */
    public record Acknowledged(Acknowledgement acknowledgement, AlertState alert) {}

    /**
     * @throws InvalidInputException 404 when the patient or the alert (active now) is unknown; 400 for a
     *                               blank or over-long reason or an {@code until} not in the future; 403
     *                               for a caller with no signed-in user
     */
    @Transactional
    public Acknowledged acknowledge(
            NhsNumber patient,
            String alertId,
            Acknowledgement.Outcome outcome,
            String reason,
            Instant until,
            Caller caller) {
        String user = caller.user()
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.FORBIDDEN, "an alert is acknowledged by a signed-in user: this token names none"));
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "say why: 'reason' is required (what was decided and why)",
                    List.of("reason"));
        }
        if (reason.length() > REASON_MAX) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "'reason' is longer than " + REASON_MAX + " characters",
                    List.of("reason"));
        }
        TextRules.forbiddenCharacter(reason).ifPresent(character -> {
            throw new InvalidInputException(
                    ErrorCode.INVALID_TEXT,
                    "'reason' holds the control character " + character
                            + "; write it as plain text (tab and line breaks are kept)",
                    List.of("reason"));
        });
        Instant now = records.now();
        if (until != null && !until.isAfter(now)) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "'until' (" + until + ") is not in the future: leave it out, or give a later instant",
                    List.of("until"));
        }
        RecordView view = records.findRecordView(patient, java.util.Optional.of(now))
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.NOT_FOUND, "UMR holds no medicines record for NHS number " + patient.value()));
        AlertState state = view.alerts().stream()
                .filter(a -> a.alert().id().equals(alertId))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.NOT_FOUND,
                        "the record of NHS number " + patient.value() + " has no alert " + alertId
                                + " now (it may have resolved): GET the record for its current alerts"));
        Acknowledgement ack = new Acknowledgement(
                UUID.randomUUID().toString(),
                patient,
                alertId,
                outcome,
                reason.strip(),
                until,
                user,
                caller.client(),
                now,
                state.alert().severity(),
                state.alert().itemIds());
        acknowledgements.append(ack, state.alert().type().code());
        List<Acknowledgement> history = new ArrayList<>(state.history());
        history.add(ack);
        return new Acknowledged(
                ack, AlertStates.at(List.of(state.alert()), history, now).get(0));
    }
}
