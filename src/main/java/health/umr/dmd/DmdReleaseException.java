package health.umr.dmd;

/**
 * A dm+d release could not be read: a file is missing, is not well-formed XML, or lacks a
 * required field. The message names the file and, where known, the line and column.
 */
public class DmdReleaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;

    /** A problem with a release as a whole (e.g. a required file is missing). */
    public DmdReleaseException(String message) {
        this(message, null, -1, -1, null);
    }

    public DmdReleaseException(String message, Throwable cause) {
        this(message, null, -1, -1, cause);
    }

    /**
     * A problem at a place in a file.
     *
     * @param problem what is wrong
     * @param file    the file (path, or zip!entry)
     * @param line    the line, or -1 if unknown
     * @param column  the column, or -1 if unknown
     * @param cause   the underlying exception, or null
     */
    public DmdReleaseException(String problem, String file, int line, int column, Throwable cause) {
        super(describe(problem, file, line, column), cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    private static String describe(String problem, String file, int line, int column) {
        if (file == null) {
            return problem;
        }
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(" line ").append(line);
            if (column > 0) {
                text.append(", column ").append(column);
            }
        }
        return text.append(": ").append(problem).toString();
    }

    /** The file the problem is in, or null for a problem with the release as a whole. */
    public String file() {
        return file;
    }

    /** The line of the problem (1-based), or -1 if unknown. */
    public int line() {
        return line;
    }

    /** The column of the problem (1-based), or -1 if unknown. */
    public int column() {
        return column;
    }
}
