package health.umr.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of each resource as it arrived, so UMR stores and hashes what the sender sent instead of
 * re-encoding HAPI's model: a lone resource is its own text; a Bundle entry's resource is its JSON
 * span within the Bundle. Identical bytes therefore always give an identical stored resource and
 * hash, whatever HAPI's encoder would make of the model (contained resources, id handling).
 */
final class ReceivedJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    private ReceivedJson() {}

    /**
     * True when no string HAPI can read from this JSON text holds a character FHIR forbids (below
     * U+0020 but tab, CR and LF): the text has no such character raw, no escape that could make one
     * (a backslash-u escape of U+0000 to U+001F, backslash-b, backslash-f) and no character reference ({@code &#},
     * which XHTML narrative could decode to one). Conservative: an escaped backslash before such letters
     * also answers false, and then {@link ResourceLimits} walks every element as before.
     */
    static boolean plainText(String json) {
        int length = json.length();
        for (int i = 0; i < length; i++) {
            char c = json.charAt(i);
            if (c < 0x20) {
                if (c != '\t' && c != '\r' && c != '\n') {
                    return false;
                }
            } else if (c == '\\' && i + 1 < length) {
                char next = json.charAt(i + 1);
                if (next == 'b' || next == 'f') {
                    return false;
                }
                if (next == 'u'
                        && (i + 4 >= length
                                || (json.charAt(i + 2) == '0'
                                        && json.charAt(i + 3) == '0'
                                        && (json.charAt(i + 4) == '0' || json.charAt(i + 4) == '1')))) {
                    return false;
                }
            } else if (c == '&' && i + 1 < length && json.charAt(i + 1) == '#') {
                return false;
            }
        }
        return true;
    }

    /**
     * The text of {@code Bundle.entry[i].resource} for each entry in order (null where an entry has
     * none), or null when the text is not a plain JSON Bundle this reader can follow (UMR then encodes
     * the parsed resource instead).
     */
    static List<String> entryResources(String bundleJson) {
        try (JsonParser parser = JSON.createParser(bundleJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<String> spans = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("entry".equals(field)) {
                    if (spans != null || value != JsonToken.START_ARRAY) {
                        return null;
                    }
                    spans = entries(parser, bundleJson);
                    if (spans == null) {
                        return null;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return spans == null ? List.of() : spans;
        } catch (IOException | RuntimeException unreadable) {
            return null; // HAPI's parse, which came first, decides what is malformed
        }
    }

    private static List<String> entries(JsonParser parser, String text) throws IOException {
        List<String> spans = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                return null;
            }
            String resource = null;
            boolean seen = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("resource".equals(field)) {
                    if (seen || value != JsonToken.START_OBJECT) {
                        return null;
                    }
                    seen = true;
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
                    if (start < 0 || end > text.length() || text.charAt(start) != '{' || text.charAt(end - 1) != '}') {
                        return null;
                    }
                    resource = text.substring(start, end);
                } else {
                    parser.skipChildren();
                }
            }
            spans.add(resource);
        }
        return spans;
    }
}
