package health.umr.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.alerts.DraftOrder;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.MedicationCode;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.ReferenceTime;
import health.umr.fhir.FhirMapper;
import health.umr.http.ErrorBody;
import health.umr.ordercheck.CheckDraftOrdersService;
import health.umr.security.CurrentCaller;
import health.umr.security.RequestAudit;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.MedicationRequest;

/**
 * CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/): discovery and the umr-medicines-check service
 * for order-select and order-sign. Translates JSON ↔ domain only; the checks are
 * {@code alerts.DraftOrderCheck}, run by {@link CheckDraftOrdersService}.
 */
@Path("/cds-services")
@Produces(MediaType.APPLICATION_JSON)
public class CdsServicesResource {

    static final String SERVICE_ID = "umr-medicines-check";

    private static final Map<String, String> PREFETCH = Map.of("patient", "Patient/{{context.patientId}}");

    private final CdsRequestReader reader;
    private final FhirMapper mapper;
    private final CheckDraftOrdersService service;
    private final ObjectMapper json;
    private final CurrentCaller caller;
    private final RequestAudit audit;

    public CdsServicesResource(
            CdsRequestReader reader,
            FhirMapper mapper,
            CheckDraftOrdersService service,
            ObjectMapper json,
            CurrentCaller caller,
            RequestAudit audit) {
        this.reader = reader;
        this.mapper = mapper;
        this.service = service;
        this.json = json;
        this.caller = caller;
        this.audit = audit;
    }

    @GET
    public CdsJson.Discovery discover() {
        String description = "Checks draft medication orders against the patient's unified medicines record from every "
                + "source (GP, hospitals, mental health, homecare ...): duplication of a medicine already taken, the "
                + "anticholinergic burden the order would bring, valproate pregnancy prevention, and time-critical "
                + "medicines still unprescribed on admission. Patients are found by NHS number.";
        return new CdsJson.Discovery(List.of(
                new CdsJson.Service("order-select", SERVICE_ID, "UMR medicines check", description, PREFETCH),
                new CdsJson.Service("order-sign", SERVICE_ID, "UMR medicines check", description, PREFETCH)));
    }

    @POST
    @Path("/{id}")
    public Response call(@PathParam("id") String id, String body) {
        if (!SERVICE_ID.equals(id)) {
            return error(
                    404,
                    new InvalidInputException(
                            ErrorCode.NOT_FOUND,
                            "no CDS service '" + id + "' here; GET /cds-services lists " + SERVICE_ID));
        }
        try {
            CdsRequest request = reader.read(body);
            Optional<PatientFacts> prefetched = request.prefetchPatient().flatMap(mapper::findPatientFacts);
            Optional<NhsNumber> patient = identify(request, prefetched);
            if (patient.isEmpty()) {
                // CDS Hooks 2.0: 412 when the service cannot get the data it needs to decide.
                return error(
                        412,
                        new InvalidInputException(
                                ErrorCode.MISSING_NHS_NUMBER,
                                "UMR finds patients by NHS number "
                                        + "and this call gives none: send prefetch.patient as a Patient with an identifier of system "
                                        + NhsNumber.SYSTEM
                                        + ", or identify the patient in each draft order's subject.identifier",
                                List.of("prefetch.patient", "context.draftOrders")));
            }
            audit.patient(patient.get().value());
            if (!caller.get().mayRead("*", patient.get().value())) {
                return error(
                        403,
                        new InvalidInputException(
                                ErrorCode.FORBIDDEN,
                                "this token does not open NHS number "
                                        + patient.get().value()));
            }
            List<DraftOrder> all = new ArrayList<>();
            List<DraftOrder> checked = new ArrayList<>();
            for (MedicationRequest draft : request.medicationRequests()) {
                DraftOrder order = service.resolve(CdsRequest.referenceOf(draft), medicationOf(draft, request));
                all.add(order);
                if (request.isChecked(draft)) {
                    checked.add(order);
                }
            }
            ReferenceTime now = ReferenceTime.at(service.now());
            List<CdsJson.Card> cards = service.check(patient.get(), prefetched, now, checked, all)
                    .map(review -> new CardWriter(review.sourceNames(), patient.get(), json, now.instant())
                            .cards(review.findings()))
                    .orElse(List.of());
            return Response.ok(new CdsJson.Cards(cards)).build();
        } catch (InvalidInputException refused) {
            // Everything a client sent wrong is "bad input" to a CDS client (400), except a body too large.
            return error(refused.code().kind() == ErrorCode.Kind.TOO_LARGE ? 413 : 400, refused);
        }
    }

    /**
     * The prefetched Patient's NHS number; else the one the draft orders' subjects give (the
     * "fetch by NHS number" of a missing prefetch: UMR's own store is then read by it); else
     * context.patientId when that is itself an NHS number. Drafts naming another patient are refused.
     */
    private Optional<NhsNumber> identify(CdsRequest request, Optional<PatientFacts> prefetched) {
        TreeSet<NhsNumber> fromOrders = new TreeSet<>();
        for (MedicationRequest draft : request.medicationRequests()) {
            mapper.findNhsNumber(draft, request.draftOrders()).ifPresent(fromOrders::add);
        }
        Optional<NhsNumber> fromPrefetch = prefetched.map(PatientFacts::nhsNumber);
        if (fromOrders.size() > 1
                || (fromPrefetch.isPresent() && !fromOrders.isEmpty() && !fromOrders.contains(fromPrefetch.get()))) {
            throw CdsRequestReader.refuse(
                    "the draft orders and prefetch.patient name different patients (NHS numbers "
                            + fromPrefetch.map(n -> n.value() + ", ").orElse("") + fromOrders
                            + "): one call checks one patient's orders",
                    "context.draftOrders");
        }
        if (fromPrefetch.isPresent()) {
            return fromPrefetch;
        }
        if (!fromOrders.isEmpty()) {
            return Optional.of(fromOrders.first());
        }
        return Optional.ofNullable(request.patientId())
                .map(id -> id.replace(" ", ""))
                .filter(NhsNumber::isValid)
                .map(NhsNumber::new);
    }

    /** A draft that names no medicine is still shown, as one UMR could not check. */
    private MedicationCode medicationOf(MedicationRequest draft, CdsRequest request) {
        try {
            return mapper.toMedicationCode(draft, request.draftOrders());
        } catch (InvalidInputException noMedicine) {
            return null;
        }
    }

    private static Response error(int status, InvalidInputException refusal) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(ErrorBody.of(refusal, status))
                .build();
    }
}
