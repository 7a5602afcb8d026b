package health.umr.api;

import health.umr.http.ErrorBody;
import health.umr.ops.Unavailable;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Every other failure on the JSON API answers JSON too, never a plain-text page: 503 while the
 * database is unavailable (send it again; the outage is logged once by the database monitor), else
 * 500 with a reference that is logged with the cause. JAX-RS' own responses (404, 405 ...) pass as
 * they are; refusals are {@link ErrorMapper}'s.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<RuntimeException> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @Override
    public Response toResponse(RuntimeException thrown) {
        if (thrown instanceof WebApplicationException web) {
            return web.getResponse();
        }
        if (Unavailable.isDatabaseUnavailable(thrown)) {
            LOG.debugf("503 while the database is unavailable: %s", thrown.getMessage());
            return Response.status(503)
                    .type(MediaType.APPLICATION_JSON)
                    .header("Retry-After", Unavailable.RETRY_AFTER_SECONDS)
                    .entity(new ErrorBody(
                            "UMR-0503",
                            "UMR-0503",
                            503,
                            "the database is unavailable, so nothing was read or stored; "
                                    + "send the same request again in a few seconds",
                            List.of()))
                    .build();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(thrown, "internal error, reference %s", reference);
        return Response.status(500)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(
                        "UMR-0500",
                        "UMR-0500",
                        500,
                        "the server failed to handle this request; nothing was stored. Try again, and if it "
                                + "persists report reference " + reference,
                        List.of()))
                .build();
    }
}
