package health.umr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.ops.Causes;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** How the consumer loop names a failure (its log line) and tells one from another (the breaker). */
class FailureChainTest {

    @Test
    void theLogLineNamesTheInnermostCauseAndItsSqlState() {
        SQLException root = new SQLException("connection refused", "08001");
        RuntimeException failure = new IllegalStateException("store failed", new RuntimeException("tx", root));
        assertEquals(
                "java.lang.IllegalStateException: store failed; caused by java.sql.SQLException: connection refused"
                        + " (SQLSTATE 08001)",
                InboundConsumerLoop.describeWithCause(failure));
        assertEquals(
                "java.lang.IllegalStateException: alone",
                InboundConsumerLoop.describeWithCause(new IllegalStateException("alone")));
    }

    @Test
    void aCycleOfCausesEndsAtTheLastOneNotMetBefore() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // a -> b -> a
        // before the shared walk, 32 steps round the cycle ended on a itself and no cause was named
        assertEquals(
                "java.lang.RuntimeException: a; caused by java.lang.RuntimeException: b",
                InboundConsumerLoop.describeWithCause(a));
        assertEquals(
                "java.lang.RuntimeException < java.lang.RuntimeException < " + b.getStackTrace()[0],
                ConsumptionBreaker.signature(a));
    }

    @Test
    void bothReachTheCauseAtDepthMaxDepthAndNoFurther() {
        Throwable atLimit = new SQLException("refused", "08001");
        Throwable failure = atLimit;
        for (int i = 0; i < Causes.MAX_DEPTH; i++) {
            failure = new RuntimeException("level", failure);
        }
        // the signature used to stop one step short, at depth 31, and never saw the SQLSTATE
        assertTrue(ConsumptionBreaker.signature(failure).contains("java.sql.SQLException[08001] < "));
        assertTrue(ConsumptionBreaker.signature(failure).endsWith(" < " + atLimit.getStackTrace()[0]));
        assertTrue(InboundConsumerLoop.describeWithCause(failure).endsWith("(SQLSTATE 08001)"));

        Throwable beyond = new RuntimeException("one deeper", new SQLException("other", "57P01"));
        Throwable longer = beyond;
        for (int i = 0; i < Causes.MAX_DEPTH; i++) {
            longer = new RuntimeException("level", longer);
        }
        assertTrue(InboundConsumerLoop.describeWithCause(longer)
                .endsWith("caused by java.lang.RuntimeException: one deeper"));
        assertNotEquals(ConsumptionBreaker.signature(failure), ConsumptionBreaker.signature(longer));
    }
}
