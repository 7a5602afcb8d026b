package health.umr.api;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.Source;
import health.umr.domain.SourceSetting;
import health.umr.sources.SourceRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
     * @param clients the token clients allowed to write as it (absent: none but umr.admin)
     */
    public record SourceJson(String id, String setting, String name, String system, String ods, List<String> clients) {
        static SourceJson of(Source source) {
            return new SourceJson(
                    source.id(),
                    source.setting().code(),
                    source.name(),
                    source.system(),
                    source.ods(),
                    source.clients());
        }
    }

    private final SourceRegistry registry;

    public SourceResource(SourceRegistry registry) {
        this.registry = registry;
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
        Source source = new Source(id, setting, body.name(), body.system(), blankToNull(body.ods()), body.clients());
        boolean created = registry.register(source);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(SourceJson.of(source))
                .build();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
