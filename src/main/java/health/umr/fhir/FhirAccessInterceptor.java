package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.util.FhirTerser;
import health.umr.access.Caller;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.security.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/**
 * Who may do what on /fhir (docs/contract.md, "Security and audit"), in one place: every request but
 * {@code GET /fhir/metadata} needs a verified bearer token; each interaction needs its scope; a
 * search names its patient unless the caller is a system or umr.admin; a {@code patient/} token
 * sees only its own patient's resources. Which source a write may claim is checked on the read
 * entries ({@link health.umr.ingest.WriterCheck}), before anything is stored.
 */
@ApplicationScoped
public class FhirAccessInterceptor {

    static final String CALLER = FhirAccessInterceptor.class.getName() + ".caller";

    private final Authentication authentication;
    private final FhirTerser terser;

    public FhirAccessInterceptor(Authentication authentication, FhirContext fhir) {
        this.authentication = authentication;
        this.terser = fhir.newTerser();
    }

    /** The verified caller of a /fhir request (set before any provider runs). */
    public static Caller caller(RequestDetails request) {
        Object caller = request.getUserData().get(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller: the request passed no authentication");
        }
        return (Caller) caller;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean authenticate(RequestDetails request) {
        if (isPublic(request)) {
            return true;
        }
        request.getUserData().put(CALLER, authentication.authenticate(request.getHeader("Authorization")));
        return true;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void authorise(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation == RestOperationTypeEnum.METADATA) {
            return;
        }
        Caller caller = caller(request);
        String type = request.getResourceName();
        if ("AuditEvent".equals(type)) {
            require(caller.mayReadAudit(), "the audit trail needs umr.audit");
            require(
                    operation == RestOperationTypeEnum.SEARCH_TYPE || operation == RestOperationTypeEnum.READ,
                    "AuditEvents cannot be changed or deleted");
            return;
        }
        switch (operation) {
            case READ, VREAD, HISTORY_INSTANCE, HISTORY_TYPE ->
                require(
                        caller.mayReadSome(type),
                        "reading " + type + " needs user/" + type + ".read, system/" + type + ".read or patient/" + type
                                + ".read");
            case SEARCH_TYPE -> authoriseSearch(caller, type, request);
            case GET_PAGE, SEARCH_SYSTEM, HISTORY_SYSTEM ->
                require(
                        caller.mayReadAudit()
                                || caller.resourceScopes().stream().anyMatch(s -> s.read() || s.search()),
                        "reading needs a read scope");
            case CREATE, UPDATE ->
                require(
                        caller.mayWriteSome(type),
                        "writing " + type + " needs system/" + type + ".write or system/*.write");
            case TRANSACTION, BATCH -> require(anyWrite(caller), "a " + operation.getCode() + " needs a write scope");
            case EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_INSTANCE ->
                authoriseOperation(caller, request);
            default -> require(caller.isAdmin(), operation.getCode() + " needs umr.admin");
        }
    }

    private static void authoriseSearch(Caller caller, String type, RequestDetails request) {
        String nhs = patientNamed(type, request.getParameters());
        if (nhs == null) {
            require(
                    caller.maySearchEveryPatient(type),
                    "a search of " + type + " must name its patient (patient:identifier=" + NhsNumber.SYSTEM
                            + "|{nhs number}) unless the token holds system/" + type + ".read or umr.admin");
        } else {
            require(
                    caller.mayRead(type, nhs),
                    caller.mayReadSome(type)
                            ? "this token does not open NHS number " + nhs
                            : "reading " + type + " needs user/" + type + ".read, system/" + type + ".read or patient/"
                                    + type + ".read");
        }
    }

    private static void authoriseOperation(Caller caller, RequestDetails request) {
        String name = request.getOperation();
        switch (name) {
            case "$unified-medications" -> {
                String[] identifier = request.getParameters().get("identifier");
                String nhs =
                        identifier == null || identifier.length == 0 ? null : SearchParameters.nhsNumber(identifier[0]);
                require(
                        nhs == null ? caller.mayReadSome("*") : caller.mayRead("*", nhs),
                        caller.mayReadSome("*")
                                ? "this token does not open NHS number " + nhs
                                : "the unified record needs user/*.read, system/*.read or patient/*.read");
            }
            case "$ingest" -> require(anyWrite(caller), "$ingest needs a write scope (system/{Type}.write)");
            case "$lookup" -> {
                // dm+d, not patient data: any verified caller
            }
            default -> require(caller.isAdmin(), name + " needs umr.admin");
        }
    }

    /** A patient/ token sees only its patient: every resource answered is checked before it leaves. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean confineToPatient(RequestDetails request, ResponseDetails response) {
        Object caller = request.getUserData().get(CALLER);
        if (!(caller instanceof Caller confined) || !confined.confinedToPatient()) {
            return true;
        }
        Set<String> seen = nhsNumbers(response.getResponseResource());
        String own = confined.patient().orElse("");
        for (String nhs : seen) {
            require(own.equals(nhs), "this token opens only its own patient's records");
        }
        return true;
    }

    /** Every NHS number a resource (or a Bundle's entries) names. */
    Set<String> nhsNumbers(IBaseResource resource) {
        Set<String> found = new TreeSet<>();
        if (resource instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                found.addAll(nhsNumbers(entry.getResource()));
            }
        } else if (resource instanceof Resource r && !(resource instanceof org.hl7.fhir.r4.model.OperationOutcome)) {
            terser.getAllPopulatedChildElementsOfType(r, Identifier.class).stream()
                    .filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()) && i.hasValue())
                    .forEach(i -> found.add(i.getValue()));
        }
        return found;
    }

    /** The NHS number a request names (a search's patient, the unified record's identifier), or null. */
    static String patientNamed(RequestDetails request) {
        try {
            if ("$unified-medications".equals(request.getOperation())) {
                String[] identifier = request.getParameters().get("identifier");
                return identifier == null || identifier.length == 0 || identifier[0].isBlank()
                        ? null
                        : SearchParameters.nhsNumber(identifier[0]);
            }
            return patientNamed(request.getResourceName(), request.getParameters());
        } catch (InvalidInputException notAnNhsNumber) {
            return null;
        }
    }

    private static String patientNamed(String type, Map<String, String[]> parameters) {
        String named = SearchParameters.patientNamed(parameters);
        if (named != null) {
            return named;
        }
        if ("Patient".equals(type)) {
            String[] identifier = parameters.get("identifier");
            if (identifier != null && identifier.length > 0 && !identifier[0].isBlank()) {
                return SearchParameters.nhsNumber(identifier[0]);
            }
        }
        return null;
    }

    private static boolean anyWrite(Caller caller) {
        return caller.isAdmin() || caller.resourceScopes().stream().anyMatch(s -> s.write());
    }

    private static boolean isPublic(RequestDetails request) {
        String path = request.getRequestPath();
        return "metadata".equals(path) && "GET".equals(request.getRequestType().name());
    }

    private static void require(boolean allowed, String otherwise) {
        if (!allowed) {
            throw new InvalidInputException(ErrorCode.FORBIDDEN, otherwise);
        }
    }
}
