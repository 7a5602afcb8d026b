package health.umr.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TransientFailureTest {

    @Test
    void aDeadlockOrSerializationFailureAnywhereInTheCauseChainIsTransient() {
        assertTrue(TransientFailure.isTransient(new SQLException("deadlock detected", "40P01")));
        assertTrue(TransientFailure.isTransient(new IllegalStateException(
                "store failed",
                new RuntimeException("rolled back", new SQLException("could not serialize access", "40001")))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(TransientFailure.isTransient(new SQLException("duplicate key", "23505")));
        assertFalse(TransientFailure.isTransient(new SQLException("no state")));
        assertFalse(TransientFailure.isTransient(new IllegalArgumentException("bad input")));
    }
}
