package health.umr.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import health.umr.access.Caller;
import health.umr.audit.AuditRecord;
import health.umr.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One AuditEvent per patient for every /fhir request that reads or writes patient data, and one
 * for every refused request, stored before the answer leaves (docs/contract.md, "Security and
 * audit"). Who: the verified caller. Whose data: the patient the request names, else every NHS
 * number in what was answered, else (writes) in what was taken.
 */
@ApplicationScoped
public class FhirAuditInterceptor {

    private static final String OPERATION = FhirAuditInterceptor.class.getName() + ".operation";
    private static final String PATIENTS = FhirAuditInterceptor.class.getName() + ".patients";
    private static final String DONE = FhirAuditInterceptor.class.getName() + ".done";

    private final AuditTrail trail;
    private final FhirAccessInterceptor access;

    public FhirAuditInterceptor(AuditTrail trail, FhirAccessInterceptor access) {
        this.trail = trail;
        this.access = access;
    }

    /** The patients a request read or wrote, when the provider knows them better than the answer shows. */
    static void patients(RequestDetails request, Collection<String> nhsNumbers) {
        @SuppressWarnings("unchecked")
        Set<String> known = (Set<String>) request.getUserData().computeIfAbsent(PATIENTS, k -> new TreeSet<String>());
        known.addAll(nhsNumbers);
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void remember(RequestDetails request, RestOperationTypeEnum operation) {
        request.getUserData().put(OPERATION, operation);
        String named = FhirAccessInterceptor.patientNamed(request);
        if (named != null) {
            patients(request, List.of(named));
        }
    }

    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 100)
    public boolean answered(RequestDetails request, ResponseDetails response) {
        if (!audited(request)) {
            return true;
        }
        if (response.getResponseResource() instanceof org.hl7.fhir.r4.model.Bundle page
                && !page.getEntry().isEmpty()
                && page.getEntry().get(0).getResource() instanceof org.hl7.fhir.r4.model.AuditEvent) {
            request.getUserData().put(DONE, Boolean.TRUE); // a later page of the audit trail itself
            return true;
        }
        if (!request.getUserData().containsKey(PATIENTS) && response.getResponseResource() != null) {
            patients(request, access.nhsNumbers(response.getResponseResource()));
        }
        record(request, response.getResponseCode() == 0 ? 200 : response.getResponseCode(), null);
        return true;
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
    public void completed(RequestDetails request) {
        if (audited(request)) {
            record(request, 200, null);
        }
    }

    /** Every refusal (and failure), after ErrorInterceptor has given it its status and OperationOutcome. */
    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean refused(RequestDetails request, BaseServerResponseException thrown) {
        if (request.getUserData().containsKey(DONE)) {
            return true;
        }
        if (!request.getUserData().containsKey(PATIENTS)) {
            String named = FhirAccessInterceptor.patientNamed(request);
            if (named != null) {
                patients(request, List.of(named));
            }
        }
        record(request, thrown.getStatusCode(), thrown.getMessage());
        return true;
    }

    /** Patient data, not metadata, dm+d look-ups or the audit trail itself; refusals are always audited. */
    private static boolean audited(RequestDetails request) {
        if (request.getUserData().containsKey(DONE)) {
            return false;
        }
        RestOperationTypeEnum operation =
                (RestOperationTypeEnum) request.getUserData().get(OPERATION);
        if (operation == null || operation == RestOperationTypeEnum.METADATA) {
            return false;
        }
        String type = request.getResourceName();
        return !"CodeSystem".equals(type) && !"AuditEvent".equals(type);
    }

    private void record(RequestDetails request, int status, String reason) {
        request.getUserData().put(DONE, Boolean.TRUE);
        RestOperationTypeEnum operation =
                (RestOperationTypeEnum) request.getUserData().get(OPERATION);
        Caller caller = (Caller) request.getUserData().get(FhirAccessInterceptor.CALLER);
        String method = request.getRequestType() == null
                ? "GET"
                : request.getRequestType().name();
        String query = request instanceof ServletRequestDetails servlet
                ? servlet.getServletRequest().getQueryString()
                : null;
        String address = request instanceof ServletRequestDetails servlet
                ? servlet.getServletRequest().getRemoteAddr()
                : null;
        String what = request.getId() != null && request.getId().hasIdPart()
                ? request.getId().toUnqualifiedVersionless().getValue()
                : null;
        AuditRecord event = new AuditRecord(
                Instant.now(),
                action(operation, method),
                interaction(operation, method),
                method + " /fhir/" + request.getRequestPath() + (query == null ? "" : "?" + query),
                what,
                null,
                caller == null ? null : caller.client(),
                caller == null ? null : caller.user().orElse(null),
                address,
                status,
                reason);
        @SuppressWarnings("unchecked")
        Set<String> patients = (Set<String>) request.getUserData().get(PATIENTS);
        trail.recordRequest(event, patients);
    }

    private static char action(RestOperationTypeEnum operation, String method) {
        if (operation == null) {
            return switch (method) {
                case "POST" -> 'C';
                case "PUT", "PATCH" -> 'U';
                case "DELETE" -> 'D';
                default -> 'R';
            };
        }
        return switch (operation) {
            case CREATE -> 'C';
            case UPDATE, PATCH -> 'U';
            case DELETE -> 'D';
            case TRANSACTION, BATCH, EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE ->
                'E';
            default -> 'R';
        };
    }

    private static String interaction(RestOperationTypeEnum operation, String method) {
        if (operation == null) {
            return switch (method) {
                case "POST" -> "create";
                case "PUT" -> "update";
                case "DELETE" -> "delete";
                default -> "read";
            };
        }
        return switch (operation) {
            case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE -> "operation";
            case GET_PAGE -> "search-type";
            default -> operation.getCode();
        };
    }
}
