package health.umr.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.IsoInstant;
import java.time.Instant;
import java.util.UUID;

/**
 * How an {@link AuditRecord} is kept: a few fields of plain JSON, written in microseconds on the
 * request's path. The FHIR AuditEvent is made from it when the trail is read ({@link AuditEvents}),
 * so recording an access costs the reader almost nothing but the shared commit.
 */
final class AuditRecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How Jackson's generator escapes each ASCII character: 0 not at all, > 0 as a backslash and that char, < 0 as a six-character escape. */
    private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();

    private static final String HEX = "0123456789ABCDEF";

    /** 9999-12-31T23:59:59Z: up to here an instant's ISO text has a four-digit year and no sign. */
    private AuditRecordJson() {}

    /**
     * The record as one line of JSON: the same text, byte for byte, as the {@code ObjectNode} tree
     * this used to build and print (the fields in this order, nulls as {@code null}, strings escaped
     * as Jackson's generator escapes them), put together in one StringBuilder without the tree, the
     * generator or the ObjectWriter. AuditRecordJsonTest checks it against the tree over generated
     * records.
     */
    static String write(AuditRecord record) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"recorded\":\"").append(instant(record.recorded())).append('"');
        field(json, "action", String.valueOf(record.action()));
        field(json, "interaction", record.interaction());
        field(json, "request", record.request());
        field(json, "what", record.what());
        field(json, "nhsNumber", record.nhsNumber());
        field(json, "client", record.client());
        field(json, "user", record.user());
        field(json, "clientAddress", record.clientAddress());
        json.append(",\"status\":").append(record.status());
        field(json, "reason", record.reason());
        return json.append('}').toString();
    }

    /** {@code ,"name":"value"} or {@code ,"name":null}; the names need no escaping. */
    private static void field(StringBuilder json, String name, String value) {
        json.append(",\"").append(name).append("\":");
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ESCAPES.length && ESCAPES[c] != 0) {
                json.append(value, from, i);
                int escape = ESCAPES[c];
                if (escape > 0) { // \" \\ \b \t \n \f \r
                    json.append('\\').append((char) escape);
                } else { // CharacterEscapes.ESCAPE_STANDARD: the other controls, upper-case hex as Jackson writes
                    json.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
                }
                from = i + 1;
            }
        }
        json.append(value, from, value.length()).append('"');
    }

    /** {@link Instant#toString()}'s text, written without a formatter ({@link IsoInstant}). */
    static String instant(Instant instant) {
        return IsoInstant.text(instant);
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
