package health.umr.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What text UMR stores: FHIR's rule for strings (no character below U+0020 but tab, carriage
 * return and line feed; PostgreSQL cannot store U+0000 at all), and byte lengths, since the
 * database's column and index limits are in bytes.
 */
public final class TextRules {

    private TextRules() {}

    /** The first character FHIR forbids in a string, named as U+XXXX, or empty. */
    public static Optional<String> forbiddenCharacter(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
                return Optional.of(String.format("U+%04X", (int) c));
            }
        }
        return Optional.empty();
    }

    public static int utf8Bytes(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Refuses text with a forbidden character or over a byte limit, naming the element. */
    public static void check(String text, int maxBytes, String element) {
        Optional<String> forbidden = forbiddenCharacter(text);
        if (forbidden.isPresent()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_TEXT,
                    element + " holds the control character " + forbidden.get()
                            + "; FHIR strings allow no character below U+0020 but tab, CR and LF",
                    java.util.List.of(element));
        }
        int bytes = utf8Bytes(text);
        if (bytes > maxBytes) {
            throw new InvalidInputException(
                    ErrorCode.VALUE_TOO_LONG,
                    element + " is " + bytes + " bytes (UTF-8); UMR keeps at most " + maxBytes,
                    java.util.List.of(element));
        }
    }
}
