package health.umr.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.Acknowledgement;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.IsoInstant;
import health.umr.domain.NhsNumber;
import health.umr.records.AcknowledgeAlertService;
import health.umr.records.RecordQueryService;
import health.umr.security.CurrentCaller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/patients/{nhs}/alerts/{alertId}/acknowledgements} with
 * {@code {"outcome": "accepted" | "overridden" | "not-applicable", "reason": "...", "until": "instant"}}:
 * a signed-in user with {@code user/DetectedIssue.write} (checked by the security filter) records a
 * decision about an alert. Answers 201 with the acknowledgement and the alert as it now stands.
 * {@code GET} on the same path lists every acknowledgement of the alert, oldest first.
 */
@Path("/api/patients/{nhsNumber}/alerts/{alertId}/acknowledgements")
@Produces(MediaType.APPLICATION_JSON)
public class AlertAcknowledgementResource {

    private static final Set<String> FIELDS = Set.of("outcome", "reason", "until");

    private final AcknowledgeAlertService service;
    private final RecordQueryService queries;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    public AlertAcknowledgementResource(
            AcknowledgeAlertService service, RecordQueryService queries, CurrentCaller caller, ObjectMapper json) {
        this.service = service;
        this.queries = queries;
        this.caller = caller;
        this.json = json;
    }

    /** The answer: what was recorded, and the alert with its status now. */
    public record AcknowledgedJson(
            PatientMedicationsJson.AcknowledgementJson acknowledgement, PatientMedicationsJson.AlertJson alert) {}

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response acknowledge(
            @PathParam("nhsNumber") String nhsNumber, @PathParam("alertId") String alertId, String body) {
        NhsNumber patient = NhsNumber.parse(nhsNumber);
        JsonNode request = read(body);
        String outcomeText = text(request, "outcome");
        Acknowledgement.Outcome outcome = Acknowledgement.Outcome.fromCode(outcomeText)
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        "'outcome' must be accepted, overridden or not-applicable"
                                + (outcomeText == null ? "" : ", not '" + outcomeText + "'"),
                        List.of("outcome")));
        String untilText = text(request, "until");
        Instant until = null;
        if (untilText != null) {
            try {
                until = IsoInstant.parse(untilText);
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        "'until' '" + untilText + "' is not an instant such as 2026-12-02T09:00:00Z",
                        List.of("until"));
            }
        }
        AcknowledgeAlertService.Acknowledged done =
                service.acknowledge(patient, alertId, outcome, text(request, "reason"), until, caller.get());
        return Response.status(201)
                .entity(new AcknowledgedJson(
                        PatientMedicationsJson.AcknowledgementJson.of(done.acknowledgement()),
                        PatientMedicationsJson.AlertJson.of(done.alert())))
                .build();
    }

    @GET
    public List<PatientMedicationsJson.AcknowledgementJson> history(
            @PathParam("nhsNumber") String nhsNumber, @PathParam("alertId") String alertId) {
        NhsNumber patient = NhsNumber.parse(nhsNumber);
        if (queries.findUnifiedRecord(patient, java.util.Optional.empty()).isEmpty()) {
            throw new InvalidInputException(
                    ErrorCode.NOT_FOUND, "UMR holds no medicines record for NHS number " + patient.value());
        }
        return queries.findAcknowledgements(patient).stream()
                .filter(a -> a.alertId().equals(alertId))
                .map(PatientMedicationsJson.AcknowledgementJson::of)
                .toList();
    }

    private JsonNode read(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "the body is not JSON: "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "send a JSON object: {\"outcome\": \"accepted\" | \"overridden\" | \"not-applicable\", "
                            + "\"reason\": \"...\", \"until\": \"2026-12-02T09:00:00Z\" (optional)}");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new InvalidInputException(
                        ErrorCode.INVALID_PARAMETER,
                        "unknown field '" + name + "' (outcome, reason, until)",
                        List.of(name));
            }
        });
        return node;
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "'" + field + "' must be a string", List.of(field));
        }
        return value.asText();
    }
}
