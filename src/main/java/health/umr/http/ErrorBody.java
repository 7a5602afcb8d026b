package health.umr.http;

import health.umr.domain.InvalidInputException;
import java.util.List;

/**
 * The JSON error every non-FHIR HTTP endpoint (/api, /cds-services) answers with. {@code error}
 * and {@code code} both carry the stable code (UMR-0001 ...; {@code error} is kept for clients
 * written before {@code code}), {@code status} the HTTP status, {@code message} what to do about
 * it, {@code expressions} where in the body. Never a stack trace.
 */
public record ErrorBody(String error, String code, int status, String message, List<String> expressions) {

    public static ErrorBody of(InvalidInputException refusal) {
        return of(refusal, refusal.code().kind().httpStatus());
    }

    public static ErrorBody of(InvalidInputException refusal, int status) {
        return new ErrorBody(
                refusal.code().code(), refusal.code().code(), status, refusal.getMessage(), refusal.expressions());
    }
}
