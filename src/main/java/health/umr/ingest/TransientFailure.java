package health.umr.ingest;

import health.umr.ops.Causes;
import java.sql.SQLException;

/**
 * Recognises a database failure that says "run the transaction again": PostgreSQL's class 40
 * (transaction rollback: serialization failure 40001, deadlock detected 40P01). Concurrent
 * ingests of overlapping patients can meet one; the work itself was fine.
 */
public final class TransientFailure {

    /** How often a caller runs a transaction before giving up. */
    public static final int ATTEMPTS = 4;

    private TransientFailure() {}

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause : Causes.chain(failure)) {
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    /** Waits a little longer each time, with jitter, so two retrying callers do not meet again. */
    public static void pause(int attempt) {
        try {
            Thread.sleep((long) (10 * attempt * attempt + Math.random() * 20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
