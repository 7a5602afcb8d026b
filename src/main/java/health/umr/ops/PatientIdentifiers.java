package health.umr.ops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Takes patient identifiers out of a request URI before it is logged: the segment after
 * {@code patients/} or {@code Patient/} (an NHS number, or whatever a client put there), every query
 * value but a few that never name a person ({@code identifier=...|9449306680},
 * {@code patient:identifier}, {@code name}, {@code birthdate} ...), and, whatever is left, any run of
 * ten digits that could be an NHS number. What remains shows the route, the parameters used and the
 * paging, which is what an operator reads an access log for.
 */
public final class PatientIdentifiers {

    static final String REDACTED = "***";

    /** Query parameters whose values say how to answer, never whom about. */
    private static final Set<String> SAFE_PARAMETERS = Set.of(
            "_count", "_format", "_summary", "_sort", "_elements", "_total", "_pretty", "status", "source", "cursor");

    /** Ten digits, as typed (9449306680), spaced (944 930 6680) or dashed, once percent-decoded. */
    private static final Pattern NHS_LIKE = Pattern.compile("\\d{3}[\\s-]?\\d{3}[\\s-]?\\d{4}");

    private PatientIdentifiers() {}

    public static String redactUri(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "";
        }
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? null : uri.substring(question + 1);
        StringBuilder out = new StringBuilder(redactPath(path));
        if (query != null) {
            out.append('?').append(redactQuery(query));
        }
        return out.toString();
    }

    private static String redactPath(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String previous = i == 0 ? "" : segments[i - 1].toLowerCase(Locale.ROOT);
            if ((previous.equals("patients") || previous.equals("patient"))
                    && !segments[i].isEmpty()
                    && !segments[i].startsWith("$")) {
                segments[i] = REDACTED;
            } else {
                segments[i] = digits(segments[i]);
            }
        }
        return String.join("/", segments);
    }

    private static String redactQuery(String query) {
        String[] parameters = query.split("&", -1);
        for (int i = 0; i < parameters.length; i++) {
            int eq = parameters[i].indexOf('=');
            if (eq < 0) {
                parameters[i] = digits(parameters[i]);
                continue;
            }
            String name = parameters[i].substring(0, eq);
            String value = parameters[i].substring(eq + 1);
            boolean safe = SAFE_PARAMETERS.contains(decode(name).toLowerCase(Locale.ROOT));
            parameters[i] = digits(name) + "=" + (safe ? digits(value) : REDACTED);
        }
        return String.join("&", parameters);
    }

    /** Any NHS-number-like run of digits, raw or percent-encoded, becomes ***. */
    private static String digits(String text) {
        String decoded = decode(text);
        return NHS_LIKE.matcher(decoded).find() ? NHS_LIKE.matcher(decoded).replaceAll(REDACTED) : text;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
