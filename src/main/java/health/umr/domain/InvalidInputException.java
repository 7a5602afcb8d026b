package health.umr.domain;

import java.util.List;

/**
 * Input UMR refuses, whole. Carries a stable code and, where known, the FHIRPath
 * expression of the offending element so the sender can find it.
 */
public class InvalidInputException extends RuntimeException {

    private final ErrorCode code;
    private final List<String> expressions;

    public InvalidInputException(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public InvalidInputException(ErrorCode code, String message, List<String> expressions) {
        super(code.code() + ": " + message);
        this.code = code;
        this.expressions = List.copyOf(expressions);
    }

    public ErrorCode code() {
        return code;
    }

    public List<String> expressions() {
        return expressions;
    }

    /**
     * The same refusal, located inside a Bundle: {@code MedicationStatement.subject} becomes
     * {@code Bundle.entry[2].resource.subject}.
     */
    public InvalidInputException at(String entryPath) {
        List<String> located = expressions.isEmpty()
                ? List.of(entryPath)
                : expressions.stream()
                        .map(e -> e.indexOf('.') < 0 ? entryPath : entryPath + e.substring(e.indexOf('.')))
                        .toList();
        return new InvalidInputException(code, entryPath + ": " + reason(), located);
    }

    /** The same refusal, said to be within a part of the message (an NDJSON line). */
    public InvalidInputException within(String part) {
        return new InvalidInputException(code, part + ": " + reason(), expressions);
    }

    /** The message without its code prefix. */
    public String reason() {
        return getMessage().substring(code.code().length() + 2);
    }
}
