package health.umr.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * How an {@link AuditRecord} is kept: a few fields of plain JSON, written in microseconds on the
 * request's path. The FHIR AuditEvent is made from it when the trail is read ({@link AuditEvents}),
 * so recording an access costs the reader almost nothing but the shared commit.
 */
final class AuditRecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditRecordJson() {}

    static String write(AuditRecord record) {
        ObjectNode node = JSON.createObjectNode()
                .put("recorded", record.recorded().toString())
                .put("action", String.valueOf(record.action()))
                .put("interaction", record.interaction())
                .put("request", record.request())
                .put("what", record.what())
                .put("nhsNumber", record.nhsNumber())
                .put("client", record.client())
                .put("user", record.user())
                .put("clientAddress", record.clientAddress())
                .put("status", record.status())
                .put("reason", record.reason());
        return node.toString();
    }

    static AuditRecord read(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return new AuditRecord(
                    Instant.parse(node.path("recorded").asText()),
                    node.path("action").asText("R").charAt(0),
                    text(node, "interaction"),
                    text(node, "request"),
                    text(node, "what"),
                    text(node, "nhsNumber"),
                    text(node, "client"),
                    text(node, "user"),
                    text(node, "clientAddress"),
                    node.path("status").asInt(),
                    text(node, "reason"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit event is not readable JSON", e);
        }
    }

    static UUID id(String value) {
        return UUID.fromString(value);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
