package health.umr.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The JSON of CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/) that UMR writes: discovery, cards, errors. */
final class CdsJson {

    private CdsJson() {}

    /** GET /cds-services. */
    record Discovery(List<Service> services) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Service(String hook, String id, String title, String description, Map<String, String> prefetch) {}

    /** The answer to a hook call. */
    record Cards(List<Card> cards) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Card(
            String uuid,
            String summary,
            String detail,
            String indicator,
            CardSource source,
            List<Suggestion> suggestions,
            String selectionBehavior,
            List<Link> links) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CardSource(String label, String url, Coding topic) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Coding(String system, String code, String display) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {}

    /** {@code resourceId} for a delete, {@code resource} for a create. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Action(String type, String description, String resourceId, JsonNode resource) {}

    record Link(String label, String url, String type) {}
}
