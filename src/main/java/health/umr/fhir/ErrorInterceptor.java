package health.umr.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import health.umr.access.BearerChallenge;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.http.ParserMessage;
import health.umr.ops.Causes;
import health.umr.ops.Unavailable;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.jboss.logging.Logger;

/**
 * Every exception leaving /fhir becomes a coded OperationOutcome here, and only here: refusals get
 * 400/404/409/413/422 with what to do; anything else is our fault, logged with a reference the
 * caller can quote, and never shows a Java class name or stack trace.
 */
public class ErrorInterceptor {

    private static final Logger LOG = Logger.getLogger(ErrorInterceptor.class);

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException translate(Throwable thrown) {
        Optional<InvalidInputException> refusal = Causes.find(thrown, InvalidInputException.class);
        if (refusal.isPresent()) {
            return toHttp(refusal.get());
        }
        Optional<DataFormatException> unreadable = Causes.find(thrown, DataFormatException.class);
        if (unreadable.isPresent()) {
            return toHttp(unreadable.get());
        }
        if (failedInParser(thrown)) {
            // HAPI's parser meets a Bundle entry whose resource is null, a number or an empty element
            // with a NullPointerException (HAPI 8.6.5): the body is what is wrong, not the server
            return toHttp(new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "the body is not readable FHIR R4: a Bundle.entry.resource is empty, null or not a resource",
                    java.util.List.of("Bundle.entry.resource")));
        }
        if (thrown instanceof BaseServerResponseException hapi && hapi.getStatusCode() < 500) {
            return withCode(hapi);
        }
        if (Unavailable.isDatabaseUnavailable(thrown)) {
            // the database monitor logs the outage once; a line per request would drown it
            LOG.debugf("503 while the database is unavailable: %s", thrown.getMessage());
            return unavailable();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(thrown, "internal error, reference %s", reference);
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.FATAL)
                .setCode(OperationOutcome.IssueType.EXCEPTION)
                .setDiagnostics("UMR-0500: the server failed to handle this request; nothing was stored. "
                        + "Try again, and if it persists report reference " + reference);
        return new InternalErrorException("UMR-0500: internal error " + reference, outcome);
    }

    /** HAPI could not read a search parameter's value (400) or the body (400). */
    private static BaseServerResponseException toHttp(DataFormatException unreadable) {
        if (thrownBy(unreadable, "ca.uhn.fhir.rest.param.")) {
            // HAPI binding a search parameter (a date, a number, a token) met a value it cannot read
            return toHttp(new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "a search parameter's value is not valid: " + ParserMessage.clean(unreadable.getMessage())));
        }
        return toHttp(new InvalidInputException(
                ErrorCode.MALFORMED_BODY,
                "the body is not readable FHIR R4: " + ParserMessage.clean(unreadable.getMessage())));
    }

    /** 503: the database is not there right now; nothing was stored, the same request can be sent again. */
    static BaseServerResponseException unavailable() {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.TRANSIENT)
                .setDiagnostics("UMR-0503: the database is unavailable, so nothing was read or stored; "
                        + "send the same request again in a few seconds");
        BaseServerResponseException exception = new ServiceUnavailable(outcome);
        exception.addResponseHeader("Retry-After", Integer.toString(Unavailable.RETRY_AFTER_SECONDS));
        return exception;
    }

    static BaseServerResponseException toHttp(InvalidInputException refusal) {
        OperationOutcome outcome = OperationOutcomes.of(refusal);
        String message = refusal.getMessage();
        BaseServerResponseException http = switch (refusal.code().kind()) {
            case BAD_REQUEST -> new InvalidRequestException(message, outcome);
            case NOT_FOUND -> new ResourceNotFoundException(message, outcome);
            case CONFLICT -> new ResourceVersionConflictException(message, outcome);
            case TOO_LARGE -> new PayloadTooLargeException(message, outcome);
            case UNPROCESSABLE -> new UnprocessableEntityException(message, outcome);
            case UNAUTHENTICATED -> unauthenticated(message, outcome);
            case FORBIDDEN -> new ForbiddenOperationException(message, outcome);
            case PRECONDITION_FAILED -> new PreconditionFailedException(message, outcome);
            case METHOD_NOT_ALLOWED -> new MethodNotAllowedException(message, outcome);
            default -> new Refused(refusal.code().kind().httpStatus(), message, outcome);
        };
        String challenge = BearerChallenge.of(refusal);
        if (challenge != null) {
            http.addResponseHeader("WWW-Authenticate", challenge);
        }
        return http;
    }

    private static AuthenticationException unauthenticated(String message, OperationOutcome outcome) {
        AuthenticationException refusal = new AuthenticationException(message);
        refusal.setOperationOutcome(outcome);
        return refusal;
    }

    /** HAPI's own 4xx (unknown resource type, bad search parameter ...): keep it, give it a code. */
    private static BaseServerResponseException withCode(BaseServerResponseException hapi) {
        if (hapi.getOperationOutcome() instanceof OperationOutcome outcome
                && outcome.getIssue().stream().anyMatch(OperationOutcome.OperationOutcomeIssueComponent::hasDetails)) {
            return hapi; // UMR's own, already coded ($ingest's outcome)
        }
        String message =
                hapi.getMessage() == null ? "the request was not understood" : ParserMessage.clean(hapi.getMessage());
        ErrorCode code = hapi.getStatusCode() == 404
                ? ErrorCode.NOT_FOUND
                : message.contains("Incorrect resource type")
                        ? ErrorCode.UNSUPPORTED_RESOURCE_TYPE
                        : message.contains("Failed to parse") ? ErrorCode.MALFORMED_BODY : ErrorCode.INVALID_PARAMETER;
        hapi.setOperationOutcome(OperationOutcomes.of(new InvalidInputException(code, message)));
        return hapi;
    }

    /** A refusal whose status HAPI has no exception class for (414, 415, 431). */
    static final class Refused extends BaseServerResponseException {
        Refused(int status, String message, OperationOutcome outcome) {
            super(status, message, outcome);
        }
    }

    private static boolean thrownBy(Throwable thrown, String packagePrefix) {
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (frame.getClassName().startsWith(packagePrefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean failedInParser(Throwable thrown) {
        return Causes.find(thrown, NullPointerException.class)
                .filter(npe -> thrownBy(npe, "ca.uhn.fhir.parser."))
                .isPresent();
    }

    /** HAPI has no exception of its own for 503. */
    static final class ServiceUnavailable extends BaseServerResponseException {
        ServiceUnavailable(OperationOutcome outcome) {
            super(503, "UMR-0503: the database is unavailable", outcome);
        }
    }
}
