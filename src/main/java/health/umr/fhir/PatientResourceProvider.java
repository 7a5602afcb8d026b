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
import health.umr.access.Caller;
import health.umr.alerts.ClinicalAlerts;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.IsoInstant;
import health.umr.domain.NhsNumber;
import health.umr.ingest.EntryOutcome;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.records.ReadCache;
import health.umr.records.RecordQueryService;
import health.umr.records.RecordVersion;
import health.umr.records.RecordView;
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
    private final ReadCache cache;
    private final FhirContext fhir;
    private final Answer answer = new Answer();

    public PatientResourceProvider(
            RestIngestion ingestion, RecordQueryService queries, ReadCache cache, FhirContext fhir) {
        this.ingestion = ingestion;
        this.queries = queries;
        this.cache = cache;
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
        if (identifier == null) {
            // HAPI passes null for a blank value (identifier=+ is a space): a 500 before this
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "name the patient: identifier=" + NhsNumber.SYSTEM + "|{nhs number}");
        }
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
     * In the default form (compact JSON, {@link UnifiedRecordAnswer#defaultForm}), for a caller not
     * confined to one patient, the answer's text is written from the record (or, for the current record,
     * taken from {@link ReadCache} while it holds) and HAPI's Bundle is not built: the interceptors see
     * its shell. Otherwise HAPI's Bundle is built and every interceptor sees it.
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
        Optional<Bundle> answered = UnifiedRecordAnswer.defaultForm(request) && !confinedToPatient(request)
                ? direct(request, patient, instant)
                : queries.findRecordView(patient, instant)
                        .map(view -> UnifiedRecordAnswer.remember(
                                request,
                                view,
                                queries.rules(),
                                UnifiedRecordFhirMapper.toBundle(view, queries.rules())));
        return answered.orElseThrow(() -> new InvalidInputException(
                ErrorCode.NOT_FOUND,
                "UMR holds no medicines record for NHS number " + patient.value()
                        + (instant.isEmpty() ? "" : " as at " + at[0])));
    }

    /**
     * The default form's answer: for the current record from {@link ReadCache} (kept, or written from the
     * record and kept when it can be); at an instant, or with the cache off, written from the record. A view
     * {@link UnifiedRecordJson} cannot write gets HAPI's Bundle, encoded by HAPI (and is not kept).
     */
    private Optional<Bundle> direct(RequestDetails request, NhsNumber patient, Optional<Instant> instant) {
        if (instant.isEmpty() && cache.enabled()) {
            return cache.current(ReadCache.Answer.FHIR, patient, answer)
                    .map(served -> served.bytes() == null
                            ? hapi(request, served.view())
                            : UnifiedRecordAnswer.written(
                                    request,
                                    served.bytes(),
                                    UnifiedRecordFhirMapper.shell(
                                            patient.value(), served.version(), served.recordedAt())));
        }
        return queries.findRecordView(patient, instant).map(view -> {
            byte[] bytes = answer.answer(view);
            if (bytes == null) {
                return hapi(request, view);
            }
            RecordVersion version = view.version();
            return UnifiedRecordAnswer.written(
                    request,
                    bytes,
                    UnifiedRecordFhirMapper.shell(patient.value(), version.version(), version.recordedAt()));
        });
    }

    /** HAPI's Bundle for the view, which every interceptor sees; written from the view when it can be. */
    private Bundle hapi(RequestDetails request, RecordView view) {
        ClinicalAlerts rules = queries.rules();
        return UnifiedRecordAnswer.remember(request, view, rules, UnifiedRecordFhirMapper.toBundle(view, rules));
    }

    /** A {@code patient/} token: its confinement reads every NHS number in the answer's Bundle. */
    private static boolean confinedToPatient(RequestDetails request) {
        return !(request.getUserData().get(FhirAccessInterceptor.CALLER) instanceof Caller caller)
                || caller.confinedToPatient();
    }

    /**
     * The FHIR answer as it is sent and as {@link ReadCache} keeps it: {@link UnifiedRecordJson}'s text in
     * UTF-8 ({@link UnifiedRecordAnswer#bytes}), which holds no request time (what time changes in it is in
     * the alerts, which {@link ReadCache} bounds); none for a view it cannot write.
     */
    private final class Answer implements ReadCache.Answering {
        private static final byte[] NONE = new byte[0];

        @Override
        public byte[] answer(RecordView view) {
            return UnifiedRecordJson.writable(view) ? UnifiedRecordAnswer.bytes(view, queries.rules()) : null;
        }

        @Override
        public byte[] time(Instant at) {
            return NONE;
        }

        @Override
        public Optional<byte[][]> split(byte[] answer, byte[] time) {
            return time.length == 0 ? Optional.of(new byte[][] {answer, NONE}) : Optional.empty();
        }
    }

    private static Instant instant(String text) {
        try {
            // read as /api and the clinician view read their `at`: one rule for an instant in a request
            return IsoInstant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
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
