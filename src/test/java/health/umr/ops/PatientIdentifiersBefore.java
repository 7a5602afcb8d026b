package health.umr.ops;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PatientIdentifiers.redactUri as it was before the one-pass rewrite (split, join, a regex per
 * segment): the oracle PatientIdentifiersTest compares the new one with, and the "before" of
 * AccessLogCpu (src/bench).
 */
final class PatientIdentifiersBefore {

    private PatientIdentifiersBefore() {}

    private static final Set<String> SAFE_PARAMETERS = Set.of(
            "_count", "_format", "_summary", "_sort", "_elements", "_total", "_pretty", "status", "source", "cursor");
    private static final Pattern NHS_LIKE = Pattern.compile("\\d{3}[\\s-]?\\d{3}[\\s-]?\\d{4}");

    static String redactUri(String uri) {
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
                segments[i] = "***";
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
            parameters[i] = digits(name) + "=" + (safe ? digits(value) : "***");
        }
        return String.join("&", parameters);
    }

    private static String digits(String text) {
        String decoded = decode(text);
        return NHS_LIKE.matcher(decoded).find() ? NHS_LIKE.matcher(decoded).replaceAll("***") : text;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
