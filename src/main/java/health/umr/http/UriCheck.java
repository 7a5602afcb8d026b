package health.umr.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks a request target as it came off the wire, before anything decodes it: every {@code %} starts
 * a two-digit hex escape, the decoded text is UTF-8 without control characters, and the path has
 * no backslash, no dot segment and no double-encoded {@code %}. Undertow and Vert.x each decode the
 * target their own way; on a bad escape in the query Undertow's decoder throws on a worker thread
 * whose task nobody reads, and the connection was left without an answer. Plain Java, so it can be
 * tested without a server.
 */
public final class UriCheck {

    /** More parameters than any UMR request needs; Undertow's own limit (1,000) fails the same silent way. */
    public static final int MAX_PARAMETERS = 256;

    /**
     * Characters RFC 3986 allows nowhere in a URL. A raw '|' (FHIR tokens: system|value, as curl sends
     * them) and raw '[' ']' are tolerated, as most servers do.
     */
    private static final String RAW_FORBIDDEN = "\\\"<>{}^`";

    private UriCheck() {}

    /** What is wrong with the target, or empty when UMR can read it. */
    public static Optional<String> problem(String target) {
        String rest = target;
        if (rest.startsWith("http://") || rest.startsWith("https://")) {
            int slash = rest.indexOf('/', rest.indexOf("//") + 2);
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        if (!rest.startsWith("/")) {
            return Optional.of("the request target must be a path starting with '/'");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("the URL holds a raw character that is not printable ASCII; percent-encode it");
            }
            if (RAW_FORBIDDEN.indexOf(c) >= 0) {
                return Optional.of("the URL holds a raw '" + c + "', which a URL may not; percent-encode it");
            }
            if (c == '#') {
                return Optional.of(
                        "the URL holds a '#': a fragment is never sent to a server; percent-encode it as %23");
            }
        }
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        Optional<String> pathProblem = pathProblem(path);
        if (pathProblem.isPresent() || question < 0) {
            return pathProblem;
        }
        return queryProblem(rest.substring(question + 1));
    }

    private static Optional<String> pathProblem(String path) {
        if (path.indexOf('\\') >= 0) {
            return Optional.of("the URL path holds a backslash; paths are separated by '/'");
        }
        String decoded;
        try {
            decoded = decode(path, false);
        } catch (IllegalArgumentException bad) {
            return Optional.of("the URL path " + bad.getMessage());
        }
        if (decoded.indexOf('%') >= 0 || decoded.indexOf('\\') >= 0) {
            return Optional.of("the URL path is percent-encoded twice (it decodes to a '%' or '\\')");
        }
        if (decoded.contains("//")) {
            return Optional.of("the URL path has an empty segment ('//')");
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("the URL path holds a '.' or '..' segment");
            }
        }
        return control(decoded).map(c -> "the URL path holds the control character " + c);
    }

    private static Optional<String> queryProblem(String query) {
        String[] pairs = query.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) {
            return Optional.of("the query has " + pairs.length + " parameters; UMR reads at most " + MAX_PARAMETERS);
        }
        for (String pair : pairs) {
            String decoded;
            try {
                decoded = decode(pair, true);
            } catch (IllegalArgumentException bad) {
                String name = pair.split("=", 2)[0];
                return Optional.of("the query parameter '" + printable(name) + "' " + bad.getMessage());
            }
            Optional<String> control = control(decoded);
            if (control.isPresent()) {
                return Optional.of("the query parameter '" + printable(decoded.split("=", 2)[0])
                        + "' holds the control character " + control.get());
            }
        }
        return Optional.empty();
    }

    /** Percent-decodes strictly ('+' is a space in a query), as UTF-8 that must be well formed. */
    static String decode(String text, boolean query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                    throw new IllegalArgumentException(
                            "has a '%' that does not start a two-digit hex escape (write a literal % as %25)");
                }
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(query && c == '+' ? ' ' : c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("does not decode as UTF-8");
        }
    }

    /** The first C0 or C1 control character or DEL in the text, named as U+XXXX. */
    public static Optional<String> control(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return Optional.of(String.format("U+%04X", (int) c));
            }
        }
        return Optional.empty();
    }

    private static int hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return shown.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
