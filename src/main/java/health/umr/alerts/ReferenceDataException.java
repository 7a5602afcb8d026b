package health.umr.alerts;

/**
 * A reference file that cannot be used: missing, not UTF-8, without a version or source, with a
 * malformed or duplicated row. The message names the file and, for a row, its line number.
 */
public class ReferenceDataException extends RuntimeException {

    public ReferenceDataException(String message) {
        super(message);
    }

    public ReferenceDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
