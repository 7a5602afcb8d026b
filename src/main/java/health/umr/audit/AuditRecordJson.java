package health.umr.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
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
    private static final long LAST_FOUR_DIGIT_YEAR_SECOND = 253_402_300_799L;

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

    /**
     * {@link Instant#toString()}'s text (ISO-8601, UTC, the fraction in groups of three digits, none
     * when it is zero) without DateTimeFormatter, for 1970 to 9999; other instants go through
     * toString itself. AuditRecordJsonTest checks it against toString over generated instants.
     */
    static String instant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_FOUR_DIGIT_YEAR_SECOND) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
        int second = (int) (seconds % 86_400);
        int nanos = instant.getNano();
        char[] text = new char[30];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, second / 3600, 2);
        text[13] = ':';
        digits(text, 14, second / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, second % 60, 2);
        int at = 19;
        if (nanos != 0) {
            text[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(text, at, nanos / 1_000_000, 3);
                at += 3;
            } else if (nanos % 1_000 == 0) {
                digits(text, at, nanos / 1_000, 6);
                at += 6;
            } else {
                digits(text, at, nanos, 9);
                at += 9;
            }
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    /** {@code value} in exactly {@code width} decimal digits, zero-padded, at {@code text[at]}. */
    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
