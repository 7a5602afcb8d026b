package health.umr.api;

import health.umr.rebuild.RebuildService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Rebuilds every unified record from the inbound log; progress goes to the log, the summary to the caller. */
@Path("/api/admin/rebuild")
public class RebuildResource {

    private final RebuildService rebuild;

    public RebuildResource(RebuildService rebuild) {
        this.rebuild = rebuild;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public RebuildService.Summary rebuild() {
        return rebuild.rebuild();
    }
}
