package health.umr.api;

import health.umr.dmdrelease.DmdLoadSummary;
import health.umr.dmdrelease.DmdService;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.jobs.JobService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Loads an NHSBSA dm+d release zip into the running service, as a job (health.umr.jobs): with
 * {@code Prefer: respond-async}, 202 and a job URL at once; without, the summary when it is loaded.
 */
@Path("/api/admin/dmd")
public class DmdAdminResource {

    private final DmdService dmd;
    private final JobService jobs;
    private final JobResource jobViews;

    public DmdAdminResource(DmdService dmd, JobService jobs, JobResource jobViews) {
        this.dmd = dmd;
        this.jobs = jobs;
        this.jobViews = jobViews;
    }

    @POST
    @Consumes({"application/zip", "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    public Response load(byte[] zip, @QueryParam("name") String name, @HeaderParam("Prefer") String prefer) {
        if (zip == null || zip.length == 0) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "send the NHSBSA dm+d release zip as the body (Content-Type: application/zip)");
        }
        String release = name == null || name.isBlank() ? "upload" : name;
        String input = release + " (" + zip.length + " bytes)";
        JobService.Work<DmdLoadSummary> work =
                progress -> dmd.loadZip(zip, release, line -> progress.report(line, 0, 0));
        if (JobResource.respondAsync(prefer)) {
            return jobViews.accepted(jobs.submit("dmd-load", input, DmdService.IF_INTERRUPTED, work));
        }
        return Response.ok(jobs.runNow("dmd-load", input, DmdService.IF_INTERRUPTED, work))
                .build();
    }
}
