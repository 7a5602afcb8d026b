package health.umr.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON array of strings as PostgreSQL renders a {@code jsonb} one ({@code ["a", "b"]}) or
 * Jackson writes it ({@code ["a","b"]}) without a JSON parser, for the common shape: no escapes
 * (no backslash anywhere) and no control characters. Anything else answers {@code null}, and the
 * caller reads it with Jackson; where this answers, it answers exactly what Jackson would (see
 * JsonStringListTest). A rebuild reads two such columns per source record.
 */
final class JsonStringList {

    private JsonStringList() {}

    /** The strings, or null when the text is not of the plain shape read here. */
    static List<String> readPlain(String text) {
        int length = text.length();
        if (text.indexOf('\\') >= 0) {
            return null;
        }
        int i = skipSpace(text, 0);
        if (i >= length || text.charAt(i) != '[') {
            return null;
        }
        List<String> strings = new ArrayList<>();
        i = skipSpace(text, i + 1);
        if (i < length && text.charAt(i) == ']') {
            return skipSpace(text, i + 1) == length ? strings : null;
        }
        while (true) {
            if (i >= length || text.charAt(i) != '"') {
                return null;
            }
            int end = text.indexOf('"', i + 1);
            if (end < 0) {
                return null;
            }
            for (int c = i + 1; c < end; c++) {
                if (text.charAt(c) < 0x20) {
                    return null;
                }
            }
            strings.add(text.substring(i + 1, end));
            i = skipSpace(text, end + 1);
            if (i >= length) {
                return null;
            }
            char next = text.charAt(i);
            if (next == ']') {
                return skipSpace(text, i + 1) == length ? strings : null;
            }
            if (next != ',') {
                return null;
            }
            i = skipSpace(text, i + 1);
        }
    }

    /** JSON's whitespace: space, tab, line feed, carriage return. */
    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }
}
