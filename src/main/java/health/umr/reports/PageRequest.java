package health.umr.reports;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Which page of a report: at most {@code count} rows after the row a cursor names (an opaque
 * token from the previous page's {@code next}; none for the first page). Keyset paging: each page
 * costs the same however deep it is, and rows written meanwhile never shift a page.
 */
public record PageRequest(int count, String cursor) {

    public static final int DEFAULT_COUNT = 100;
    public static final int MAX_COUNT = 1000;

    public static PageRequest of(Integer count, String cursor) {
        int n = count == null ? DEFAULT_COUNT : count;
        if (n < 1 || n > MAX_COUNT) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "_count must be between 1 and " + MAX_COUNT + ", not " + n);
        }
        return new PageRequest(n, cursor == null || cursor.isBlank() ? null : cursor);
    }

    /** The cursor's parts (as {@link #cursorOf} joined them), checked to be {@code parts} many. */
    List<String> position(String report, int parts) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> split = List.of(text.split("\\|", -1));
            if (split.size() == parts + 1 && split.get(0).equals(report)) {
                return split.subList(1, split.size());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw new InvalidInputException(
                ErrorCode.INVALID_PARAMETER,
                "cursor '" + cursor + "' is not one this report gave; take it from a page's 'next', or leave it out");
    }

    static String cursorOf(String report, String... parts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((report + "|" + String.join("|", parts)).getBytes(StandardCharsets.UTF_8));
    }
}
