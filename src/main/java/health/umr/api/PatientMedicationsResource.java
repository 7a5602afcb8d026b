package health.umr.api;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.records.RecordQueryService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The unified medicines record of one patient, for clinicians' portals. */
@Path("/api/patients/{nhsNumber}/medications")
@Produces(MediaType.APPLICATION_JSON)
public class PatientMedicationsResource {

    private final RecordQueryService queries;

    public PatientMedicationsResource(RecordQueryService queries) {
        this.queries = queries;
    }

    @GET
    public PatientMedicationsJson get(@PathParam("nhsNumber") String nhsNumber, @QueryParam("at") String at) {
        NhsNumber patient = NhsNumber.parse(nhsNumber);
        return queries.findRecordView(patient, instant(at))
                .map(view -> PatientMedicationsJson.of(view, queries.rules()))
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.NOT_FOUND,
                        "UMR holds no medicines record for NHS number " + patient.value()
                                + (at == null ? "" : " as at " + at)));
    }

    static Optional<Instant> instant(String at) {
        if (at == null || at.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(at));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "at '" + at + "' is not an instant such as 2026-11-22T10:00:00Z");
        }
    }
}
