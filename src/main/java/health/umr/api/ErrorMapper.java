package health.umr.api;

import health.umr.access.BearerChallenge;
import health.umr.domain.InvalidInputException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** Refusals on the JSON API: a status and a JSON error a person can act on. */
@Provider
public class ErrorMapper implements ExceptionMapper<InvalidInputException> {

    /** The JSON error body. */
    public record ErrorJson(String error, String message, List<String> expressions) {}

    @Override
    public Response toResponse(InvalidInputException refusal) {
        int status = switch (refusal.code().kind()) {
            case BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
        };
        Response.ResponseBuilder response = Response.status(status);
        String challenge = BearerChallenge.of(refusal);
        if (challenge != null) {
            response.header("WWW-Authenticate", challenge);
        }
        return response.type(MediaType.APPLICATION_JSON)
                .entity(new ErrorJson(refusal.code().code(), refusal.getMessage(), refusal.expressions()))
                .build();
    }
}
