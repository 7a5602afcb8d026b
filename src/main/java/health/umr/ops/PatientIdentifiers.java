package health.umr.ops;

import health.umr.domain.NhsNumberShape;
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
    static final Pattern NHS_LIKE = Pattern.compile("\\d{3}[\\s-]?\\d{3}[\\s-]?\\d{4}");

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

    /**
     * The path, segment by segment: the one after {@code patients} or {@code Patient} becomes ***,
     * any other loses its NHS-number-like runs ({@link #digits}). One pass, no split or join; the
     * segment before is taken as redacted (an *** never reads as {@code patients}).
     */
    private static String redactPath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        String previous = "";
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            String segment = path.substring(start, slash < 0 ? path.length() : slash);
            String redacted =
                    names(previous) && !segment.isEmpty() && !segment.startsWith("$") ? REDACTED : digits(segment);
            out.append(redacted);
            if (slash < 0) {
                return out.toString();
            }
            out.append('/');
            previous = redacted;
            start = slash + 1;
        }
    }

    /** Whether a segment is {@code patients} or {@code patient}, in any case. */
    private static boolean names(String segment) {
        // toLowerCase(ROOT) keeps the length but for U+0130 (which then reads i + U+0307): only a
        // segment of 7 or 8 chars can read "patient(s)", and only those are lower-cased
        int length = segment.length();
        if (length != 7 && length != 8) {
            return false;
        }
        String lower = segment.toLowerCase(Locale.ROOT);
        return lower.equals("patients") || lower.equals("patient");
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
        // URLDecoder changes only '%' escapes and '+': without either the text is its own decoding
        String decoded = text.indexOf('%') < 0 && text.indexOf('+') < 0 ? text : decode(text);
        return nhsLike(decoded) ? NHS_LIKE.matcher(decoded).replaceAll(REDACTED) : text;
    }

    /** Whether {@link #NHS_LIKE} finds a match (PatientIdentifiersTest checks the scan against it). */
    static boolean nhsLike(String text) {
        return NhsNumberShape.anywhereIn(text);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
