package health.umr.ops;

import java.net.ConnectException;
import java.sql.SQLException;

/**
 * Recognises a failure that says "a dependency is not there right now", not "this request is
 * wrong" nor "UMR has a bug": the database refusing or dropping connections (SQLSTATE class 08,
 * 57P01-57P03 shutdown, an exhausted pool). Such a request is answered 503, to be tried again.
 */
public final class Unavailable {

    /** Seconds a client is asked to wait (Retry-After) before trying again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private Unavailable() {}

    public static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable cause : Causes.chain(failure)) {
            if (cause instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(SQLException sql) {
        String state = sql.getSQLState();
        if (state != null) {
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
        }
        String message = sql.getMessage();
        // Agroal, when no connection could be had in time (the server is down, or every connection is busy)
        return message != null && message.startsWith("Acquisition timeout");
    }
}
