package health.umr.api;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.Source;
import health.umr.domain.SourceSetting;
import health.umr.reports.SourceQualityService;
import health.umr.sources.SourceRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The source registry: every record belongs to one registered source. */
@Path("/api/sources")
@Produces(MediaType.APPLICATION_JSON)
public class SourceResource {

    /**
     * A source as portals and integration engineers see it.
     *
     * @param clients    the token clients allowed to write as it (absent: none but umr.admin)
     * @param staleAfter how long it may be silent before its feed is stale: as registered, else the default
     */
    public record SourceJson(
            String id,
            String setting,
            String name,
            String system,
            String ods,
            List<String> clients,
            String staleAfter) {
        static SourceJson of(Source source) {
            return new SourceJson(
                    source.id(),
                    source.setting().code(),
                    source.name(),
                    source.system(),
                    source.ods(),
                    source.clients(),
                    source.staleAfter() == null ? Source.DEFAULT_STALE_AFTER : source.staleAfter());
        }
    }

    private final SourceRegistry registry;
    private final SourceQualityService quality;

    public SourceResource(SourceRegistry registry, SourceQualityService quality) {
        this.registry = registry;
        this.quality = quality;
    }

    /** The source's data quality, as JSON or (with {@code Accept: text/csv}) one CSV row. */
    @GET
    @Path("/{id}/quality")
    @Produces({MediaType.APPLICATION_JSON, ReportCsv.TEXT_CSV})
    public Response quality(@PathParam("id") String id, @Context HttpHeaders headers) {
        SourceQualityService.SourceQuality q = quality.quality(id);
        if (!ReportCsv.wanted(headers)) {
            return Response.ok(q, MediaType.APPLICATION_JSON).build();
        }
        List<String> columns = List.of(
                "source",
                "records",
                "medicines",
                "unmapped",
                "unmapped_share",
                "no_structured_dose",
                "no_structured_dose_share",
                "text_only",
                "text_only_share",
                "refused_last_24_hours",
                "refused_by_code",
                "last_refused_at",
                "last_message_at",
                "stale_after",
                "stale");
        List<Object> row = List.of(
                q.source(),
                q.records(),
                q.medicines(),
                q.unmapped(),
                q.unmappedShare(),
                q.noStructuredDose(),
                q.noStructuredDoseShare(),
                q.textOnly(),
                q.textOnlyShare(),
                q.refusedLast24Hours(),
                q.refusedByCode().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(java.util.stream.Collectors.joining(";")),
                q.lastRefusedAt() == null ? "" : q.lastRefusedAt(),
                q.lastMessageAt() == null ? "" : q.lastMessageAt(),
                q.staleAfter(),
                q.stale());
        return Response.ok(ReportCsv.write(columns, List.of(row)), ReportCsv.TEXT_CSV_UTF8)
                .build();
    }

    @GET
    public List<SourceJson> list() {
        return registry.list().stream().map(SourceJson::of).toList();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@PathParam("id") String id, SourceJson body) {
        if (body == null) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_SOURCE,
                    "send the source as JSON: {\"setting\": \"gp\", \"name\": \"...\", \"system\": \"https://...\", \"ods\": \"...\"}");
        }
        SourceSetting setting = body.setting() == null
                ? null
                : SourceSetting.fromCode(body.setting())
                        .orElseThrow(
                                () -> new InvalidInputException(
                                        ErrorCode.INVALID_SOURCE,
                                        "setting '" + body.setting()
                                                + "' is not one of gp, acute, mental-health, community, homecare, community-drug-team, chemotherapy, community-pharmacy"));
        Source source = new Source(
                id,
                setting,
                body.name(),
                body.system(),
                blankToNull(body.ods()),
                body.clients(),
                blankToNull(body.staleAfter()));
        boolean created = registry.register(source);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(SourceJson.of(source))
                .build();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
