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

    @Test
    void aCycleOfCausesIsWalkedOnce() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // a -> b -> a: the walk used to guard only a self-cause and went round for ever
        assertFalse(TransientFailure.isTransient(new IllegalStateException("top", a)));
        SQLException conflict = new SQLException("could not serialize access", "40001", a);
        assertTrue(TransientFailure.isTransient(new IllegalStateException("top", conflict)));
    }
}
