package health.umr.api;

import health.umr.reports.Page;
import health.umr.reports.PageRequest;
import health.umr.reports.ReportService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The population reports: JSON, or CSV (RFC 4180, a header row) with {@code Accept: text/csv}.
 * Each answers one page ({@code _count}, default 100, at most 1000); the next page's URL is in
 * {@code next} (JSON) and in a {@code Link: <...>; rel="next"} header, the row count in
 * {@code total} and {@code X-Total-Count}.
 */
@Path("/api/reports")
@Produces({MediaType.APPLICATION_JSON, ReportCsv.TEXT_CSV})
public class ReportResource {

    /** A page as JSON. */
    public record PageJson<T>(long total, int count, String next, List<T> patients) {}

    private final ReportService reports;

    public ReportResource(ReportService reports) {
        this.reports = reports;
    }

    @GET
    @Path("/valproate")
    public Response valproate(
            @QueryParam("practice") String practice,
            @QueryParam("_count") Integer count,
            @QueryParam("cursor") String cursor,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        Page<ReportService.ValproatePatient> page = reports.valproate(practice, PageRequest.of(count, cursor));
        return answer(
                page,
                headers,
                uri,
                List.of("nhs_number", "age", "practice", "sources", "alert_active", "alert_since"),
                p -> List.of(
                        p.nhsNumber(),
                        p.age(),
                        nullToEmpty(p.practice()),
                        String.join(";", p.sources()),
                        p.alertActive(),
                        p.alertSince() == null ? "" : p.alertSince()));
    }

    @GET
    @Path("/acb")
    public Response acb(
            @QueryParam("min") Integer min,
            @QueryParam("practice") String practice,
            @QueryParam("_count") Integer count,
            @QueryParam("cursor") String cursor,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        Page<ReportService.AcbPatient> page = reports.acb(min, practice, PageRequest.of(count, cursor));
        return answer(
                page,
                headers,
                uri,
                List.of("nhs_number", "practice", "acb_total", "medicines"),
                p -> List.of(
                        p.nhsNumber(),
                        nullToEmpty(p.practice()),
                        p.acbTotal(),
                        p.medicines().stream()
                                .map(m -> m.name() + " (" + m.acb() + ")")
                                .collect(Collectors.joining("; "))));
    }

    @GET
    @Path("/critical-omissions")
    public Response criticalOmissions(
            @QueryParam("practice") String practice,
            @QueryParam("_count") Integer count,
            @QueryParam("cursor") String cursor,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        Page<ReportService.OmissionPatient> page = reports.criticalOmissions(practice, PageRequest.of(count, cursor));
        return answer(
                page,
                headers,
                uri,
                List.of(
                        "nhs_number",
                        "practice",
                        "admitting_source",
                        "admitted_since",
                        "active_since",
                        "active_for",
                        "active_minutes",
                        "medicines"),
                p -> List.of(
                        p.nhsNumber(),
                        nullToEmpty(p.practice()),
                        nullToEmpty(p.admittingSource()),
                        nullToEmpty(p.admittedSince()),
                        p.activeSince(),
                        p.activeFor(),
                        p.activeMinutes(),
                        p.omissions().stream()
                                .flatMap(o -> o.medicines().stream())
                                .collect(Collectors.joining("; "))));
    }

    private static <T> Response answer(
            Page<T> page, HttpHeaders headers, UriInfo uri, List<String> columns, Function<T, List<?>> row) {
        String next = null;
        if (page.next() != null) {
            java.net.URI link = uri.getRequestUriBuilder()
                    .replaceQueryParam("cursor", page.next())
                    .build();
            next = link.getRawPath() + "?" + link.getRawQuery();
        }
        Response.ResponseBuilder answer;
        if (ReportCsv.wanted(headers)) {
            answer = Response.ok(
                    ReportCsv.write(columns, page.rows().stream().map(row).toList()), ReportCsv.TEXT_CSV_UTF8);
        } else {
            answer = Response.ok(
                    new PageJson<>(page.total(), page.rows().size(), next, page.rows()), MediaType.APPLICATION_JSON);
        }
        answer.header("X-Total-Count", page.total());
        if (next != null) {
            answer.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return answer.build();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
