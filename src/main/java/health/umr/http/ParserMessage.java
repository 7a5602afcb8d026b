package health.umr.http;

/**
 * The one cleaner of parser messages (HAPI's, Jackson's) before they reach a client in a refusal.
 * Such messages start with "HAPI-1234: " and may name the exception and Jackson's bound class
 * ("DataFormatException at [[row,col {unknown-source}]: [1,50]]: ...", "(bound as
 * `com.fasterxml...JsonNode`)"): keep the words and the position, drop Java names, and cut what
 * would echo a long input back.
 */
public final class ParserMessage {

    private static final int LONGEST = 300;

    private ParserMessage() {}

    public static String clean(String message) {
        if (message == null) {
            return "unreadable content";
        }
        String text = message.replaceAll("HAPI-\\d+: ", "")
                .replaceAll(
                        "\\b[A-Z]\\w*Exception at \\[\\[row,col \\{[^}]*\\}\\]: \\[(\\d+),(\\d+)\\]\\]: ",
                        "at line $1, column $2: ")
                .replaceAll("\\b[A-Z]\\w*Exception\\b:? ?", "")
                .replaceAll(" ?\\(bound as `[^`]*`\\)", "")
                .replaceAll("(ca\\.uhn|org|com\\.fasterxml|java|jakarta)\\.[\\w.$]+", "")
                .strip();
        return text.length() > LONGEST ? text.substring(0, LONGEST) + "…" : text;
    }
}
