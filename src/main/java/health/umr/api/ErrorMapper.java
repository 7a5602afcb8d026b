package health.umr.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import health.umr.access.BearerChallenge;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.http.ErrorBody;
import health.umr.http.ParserMessage;
import health.umr.http.RequestLineGuard;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Refusals on the JSON endpoints (/api, /cds-services): a status and the JSON error (see {@link
 * ErrorBody}). RESTEasy's own refusals (wrong method, media type, unreadable JSON) get the same
 * shape. No mapper here may take NotFoundException or a supertype of it: RESTEasy hands unmatched
 * paths (/fhir, served by the servlet) to such a mapper instead of on to the servlet.
 */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response refused(InvalidInputException refusal) {
        Response answer = json(ErrorBody.of(refusal));
        String challenge = BearerChallenge.of(refusal);
        return challenge == null
                ? answer
                : Response.fromResponse(answer)
                        .header("WWW-Authenticate", challenge)
                        .build();
    }

    @ServerExceptionMapper({
        NotAllowedException.class,
        NotSupportedException.class,
        NotAcceptableException.class,
        BadRequestException.class
    })
    public Response refusedByRestEasy(WebApplicationException refused) {
        int status = refused.getResponse().getStatus();
        String message = switch (status) {
            case 405 -> "this endpoint does not answer that HTTP method";
            case 415 -> "this endpoint takes JSON: send Content-Type: application/json";
            case 406 -> "this endpoint answers JSON: accept application/json";
            default -> "the request could not be read: " + ParserMessage.clean(refused.getMessage());
        };
        Response.ResponseBuilder answer = Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(ErrorBody.of(new InvalidInputException(RequestLineGuard.codeFor(status), message), status));
        String allow = refused.getResponse().getHeaderString("Allow");
        if (allow != null) {
            answer.header("Allow", allow);
        }
        return answer.build();
    }

    @ServerExceptionMapper({
        JsonProcessingException.class,
        com.fasterxml.jackson.databind.JsonMappingException.class,
        com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
        com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
        com.fasterxml.jackson.core.exc.StreamConstraintsException.class
    })
    public Response unreadable(JsonProcessingException unreadable) {
        return json(ErrorBody.of(new InvalidInputException(
                ErrorCode.MALFORMED_BODY,
                "the body is not readable JSON: " + ParserMessage.clean(unreadable.getOriginalMessage()))));
    }

    /**
     * Any other refusal RESTEasy made itself with an empty body (an unreadable JSON body it threw a
     * plain WebApplicationException for, say) gets the JSON error too.
     */
    @ServerResponseFilter
    public void emptyRefusals(ContainerResponseContext response) {
        int status = response.getStatus();
        if (status >= 400 && !response.hasEntity()) {
            String message = status == 400
                    ? "the request could not be read: send JSON as the endpoint documents (docs/contract.md)"
                    : "the request was refused (HTTP " + status + ")";
            response.setEntity(
                    ErrorBody.of(new InvalidInputException(RequestLineGuard.codeFor(status), message), status),
                    null,
                    MediaType.APPLICATION_JSON_TYPE);
        }
    }

    private static Response json(ErrorBody body) {
        return Response.status(body.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }
}
