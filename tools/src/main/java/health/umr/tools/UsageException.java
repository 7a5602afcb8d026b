package health.umr.tools;

/** A command line the tool cannot act on: the message says what to type instead (exit code 2). */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
