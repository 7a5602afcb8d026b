package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.ingest.EntryOutcome;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.records.RecordQueryService;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/** Patients give the gender and birth date of an NHS number; UMR serves them under the NHS number. */
@Singleton
public class PatientResourceProvider implements IResourceProvider {

    private final RestIngestion ingestion;
    private final RecordQueryService queries;
    private final FhirContext fhir;

    public PatientResourceProvider(RestIngestion ingestion, RecordQueryService queries, FhirContext fhir) {
        this.ingestion = ingestion;
        this.queries = queries;
        this.fhir = fhir;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Create
    public MethodOutcome create(@ResourceParam byte[] body, RequestDetails request) {
        return outcome(ingestion
                .submit(request, Interaction.CREATE, null, null, "Patient")
                .entries()
                .get(0));
    }

    @Update
    public MethodOutcome update(
            @IdParam IdType id,
            @ResourceParam byte[] body,
            @ConditionalUrlParam String conditionalUrl,
            RequestDetails request) {
        String target = UpdateTarget.of("Patient", id == null ? null : id.getIdPart(), conditionalUrl);
        return outcome(ingestion
                .submit(request, Interaction.UPDATE, null, target, "Patient")
                .entries()
                .get(0));
    }

    @Read
    public IBaseResource read(@IdParam IdType id) {
        if (!NhsNumber.isValid(id.getIdPart())) {
            throw notFound(id.getIdPart());
        }
        return find(NhsNumber.parse(id.getIdPart())).orElseThrow(() -> notFound(id.getIdPart()));
    }

    @Search
    public List<IBaseResource> search(@RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam identifier) {
        if (identifier.getSystem() != null
                && !identifier.getSystem().isEmpty()
                && !NhsNumber.SYSTEM.equals(identifier.getSystem())) {
            return List.of();
        }
        return find(NhsNumber.parse(identifier.getValue())).stream().toList();
    }

    private Optional<IBaseResource> find(NhsNumber nhsNumber) {
        return queries.findPatientResource(nhsNumber).map(json -> {
            Patient patient = fhir.newJsonParser().parseResource(Patient.class, json);
            patient.setId(new IdType("Patient", nhsNumber.value()));
            return patient;
        });
    }

    /**
     * The unified medicines record: a collection Bundle of the List, one MedicationStatement per
     * item, the active DetectedIssues and a Provenance; {@code _at} gives the record as it stood then.
     */
    @Operation(name = "$unified-medications", idempotent = true, type = Patient.class)
    public Bundle unifiedMedications(RequestDetails request) {
        String[] identifier = request.getParameters().get("identifier");
        if (identifier == null || identifier.length == 0 || identifier[0].isBlank()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "name the patient: identifier=" + NhsNumber.SYSTEM + "|{nhs number}");
        }
        NhsNumber patient = NhsNumber.parse(SearchParameters.nhsNumber(identifier[0]));
        String[] at = request.getParameters().get("_at");
        Optional<Instant> instant = at == null || at.length == 0 ? Optional.empty() : Optional.of(instant(at[0]));
        return queries.findRecordView(patient, instant)
                .map(view -> UnifiedRecordAnswer.remember(
                        request, view, queries.rules(), UnifiedRecordFhirMapper.toBundle(view, queries.rules())))
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.NOT_FOUND,
                        "UMR holds no medicines record for NHS number " + patient.value()
                                + (instant.isEmpty() ? "" : " as at " + at[0])));
    }

    private static Instant instant(String text) {
        try {
            return new org.hl7.fhir.r4.model.InstantType(text).getValue().toInstant();
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "_at '" + text + "' is not a FHIR instant such as 2026-11-22T10:00:00Z");
        }
    }

    private static MethodOutcome outcome(EntryOutcome entry) {
        MethodOutcome outcome = new MethodOutcome(new IdType("Patient", entry.logicalId()));
        outcome.setCreated(false);
        return outcome;
    }

    private static InvalidInputException notFound(String id) {
        return new InvalidInputException(
                ErrorCode.NOT_FOUND,
                "Patient/" + id + " is not known to UMR; "
                        + "patients are read by NHS number once a Patient resource for it has been received");
    }
}
