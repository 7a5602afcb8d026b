package health.umr.api;

import health.umr.jobs.JobService;
import health.umr.rebuild.RebuildService;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Rebuilds every unified record from the inbound log, as a job (health.umr.jobs): with
 * {@code Prefer: respond-async}, 202 and a job URL at once; without, the summary when it is done.
 */
@Path("/api/admin/rebuild")
public class RebuildResource {

    private final RebuildService rebuild;
    private final JobService jobs;
    private final JobResource jobViews;

    public RebuildResource(RebuildService rebuild, JobService jobs, JobResource jobViews) {
        this.rebuild = rebuild;
        this.jobs = jobs;
        this.jobViews = jobViews;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response rebuild(@HeaderParam("Prefer") String prefer) {
        JobService.Work<RebuildService.Summary> work = progress -> rebuild.rebuild(progress::report);
        if (JobResource.respondAsync(prefer)) {
            return jobViews.accepted(jobs.submit("rebuild", null, RebuildService.IF_INTERRUPTED, work));
        }
        return Response.ok(jobs.runNow("rebuild", null, RebuildService.IF_INTERRUPTED, work))
                .build();
    }
}
