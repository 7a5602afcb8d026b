package health.umr.domain;

/**
 * Finds, without a regex, text shaped like an NHS number: three digits, an optional separator,
 * three digits, another, four digits (ASCII digits, as {@code \d} and {@code [0-9]} read). Both the
 * log filter and the access log's redaction ask this of every line, so it is one pass; each caller
 * keeps its Pattern, and its tests check the scan against it. Each optional separator is there
 * exactly when the character after the digits is one (it can never be a digit), so one look from
 * each digit decides.
 */
public final class NhsNumberShape {

    private NhsNumberShape() {}

    /** {@code \d{3}[\s-]?\d{3}[\s-]?\d{4}} finds a match: anywhere, Java's \s or '-' between the groups. */
    public static boolean anywhereIn(String text) {
        return find(text, true, false);
    }

    /** {@code (?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])} finds a match: a run of its own, ' ' or '-'. */
    public static boolean standingAloneIn(String text) {
        return find(text, false, true);
    }

    private static boolean find(String text, boolean anyWhitespace, boolean alone) {
        for (int i = 0; i + 10 <= text.length(); i++) {
            if (digit(text, i) && !(alone && digit(text, i - 1)) && matchesAt(text, i, anyWhitespace, alone)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAt(String text, int at, boolean anyWhitespace, boolean alone) {
        int i = digits(text, at, 3);
        if (i < 0) {
            return false;
        }
        i = digits(text, separator(text, i, anyWhitespace) ? i + 1 : i, 3);
        if (i < 0) {
            return false;
        }
        i = digits(text, separator(text, i, anyWhitespace) ? i + 1 : i, 4);
        return i >= 0 && !(alone && digit(text, i));
    }

    /** The index after {@code count} digits from {@code at}, or -1 if they are not all there. */
    private static int digits(String text, int at, int count) {
        for (int i = at; i < at + count; i++) {
            if (!digit(text, i)) {
                return -1;
            }
        }
        return at + count;
    }

    private static boolean digit(String text, int at) {
        if (at < 0 || at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        return c >= '0' && c <= '9';
    }

    /** ' ' or '-', and with {@code anyWhitespace} the rest of Java's \s without UNICODE_CHARACTER_CLASS. */
    private static boolean separator(String text, int at, boolean anyWhitespace) {
        if (at >= text.length()) {
            return false;
        }
        char c = text.charAt(at);
        return c == ' ' || c == '-' || anyWhitespace && (c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r');
    }
}
