package health.umr.api;

import health.umr.rebuild.RebuildService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Rebuilds every unified record from the inbound log (re-reading the messages an older derivation
 * stored, or every one with {@code ?from=log}); progress goes to the log, the summary to the caller.
 */
@Path("/api/admin/rebuild")
public class RebuildResource {

    private final RebuildService rebuild;

    public RebuildResource(RebuildService rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public RebuildService.Summary rebuild(@QueryParam("from") String from) {
        return rebuild.rebuild("log".equals(from), (phase, done, total) -> {});
    }
}
