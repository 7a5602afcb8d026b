package health.umr.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.jobs.Job;
import health.umr.jobs.JobService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Admin jobs, FHIR's asynchronous pattern: POST /api/admin/rebuild or /api/admin/dmd with
 * {@code Prefer: respond-async} answers 202 with {@code Content-Location: /api/admin/jobs/{id}}; that URL
 * answers 202 with {@code X-Progress} while the job is queued or running, and 200 with the job (its
 * state, and its result or error) once it has ended.
 */
@Path("/api/admin/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    /** A job as the API shows it. */
    public record JobJson(
            long id,
            String kind,
            String state,
            String input,
            String instance,
            Instant requestedAt,
            Instant startedAt,
            Instant finishedAt,
            JsonNode progress,
            JsonNode result,
            String error,
            String location) {}

    private final JobService jobs;
    private final ObjectMapper json;

    public JobResource(JobService jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @GET
    @Path("{id}")
    public Response job(@PathParam("id") String id) {
        Job job =
                jobs.find(parse(id)).orElseThrow(() -> new InvalidInputException(ErrorCode.NOT_FOUND, "no job " + id));
        if (job.finished()) {
            return Response.ok(view(job)).build();
        }
        return Response.status(Response.Status.ACCEPTED)
                .header("X-Progress", progressLine(job))
                .header("Retry-After", "2")
                .entity(view(job))
                .build();
    }

    @GET
    public List<JobJson> recent() {
        return jobs.recent(50).stream().map(this::view).toList();
    }

    /** The answer to a POST with Prefer: respond-async. */
    Response accepted(Job job) {
        return Response.status(Response.Status.ACCEPTED)
                .header("Content-Location", location(job.id()))
                .header("X-Progress", progressLine(job))
                .entity(view(job))
                .build();
    }

    /** True when a Prefer header asks for respond-async (RFC 7240; FHIR's asynchronous request pattern). */
    static boolean respondAsync(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split("[,;]")) {
            if (preference.trim().toLowerCase(Locale.ROOT).equals("respond-async")) {
                return true;
            }
        }
        return false;
    }

    JobJson view(Job job) {
        return new JobJson(
                job.id(),
                job.kind(),
                job.state(),
                job.input(),
                job.instance(),
                job.requestedAt(),
                job.startedAt(),
                job.finishedAt(),
                tree(job.progress()),
                tree(job.result()),
                job.error(),
                location(job.id()));
    }

    private static String location(long id) {
        return "/api/admin/jobs/" + id;
    }

    private String progressLine(Job job) {
        JsonNode progress = tree(job.progress());
        if (progress == null) {
            return job.state();
        }
        long done = progress.path("done").asLong();
        long total = progress.path("total").asLong();
        String line = job.state() + ": " + progress.path("phase").asText();
        return total > 0 ? line + " " + done + "/" + total + " (" + (done * 100 / total) + "%)" : line;
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(ErrorCode.NOT_FOUND, "no job " + id);
        }
    }
}
