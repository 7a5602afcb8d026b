package health.umr.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void aFailureWithoutCauseIsItsOwnInnermost() {
        RuntimeException alone = new RuntimeException("alone");
        assertEquals(List.of(alone), Causes.chain(alone));
        assertSame(alone, Causes.innermost(alone));
        assertTrue(Causes.chain(null).isEmpty());
    }

    @Test
    void theChainRunsFromTheFailureToItsInnermostCause() {
        SQLException root = new SQLException("connection refused", "08001");
        RuntimeException middle = new RuntimeException("store failed", root);
        IllegalStateException top = new IllegalStateException("ingest failed", middle);
        assertEquals(List.of(top, middle, root), Causes.chain(top));
        assertSame(root, Causes.innermost(top));
        assertSame(root, Causes.find(top, SQLException.class).orElseThrow());
        assertSame(top, Causes.find(top, RuntimeException.class).orElseThrow()); // the outermost one
        assertTrue(Causes.find(top, ArithmeticException.class).isEmpty());
    }

    @Test
    void aSelfCauseEndsTheWalk() {
        // Throwable refuses initCause(this); a subclass overriding getCause() can still say it
        RuntimeException selfish = new SelfCaused();
        RuntimeException top = new RuntimeException("top", selfish);
        assertEquals(List.of(top, selfish), Causes.chain(top));
        assertSame(selfish, Causes.innermost(top));
    }

    @Test
    void aCycleEndsTheWalkAtTheLastThrowableNotYetMet() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // a -> b -> a
        RuntimeException top = new RuntimeException("top", a);
        assertEquals(List.of(top, a, b), Causes.chain(top));
        assertSame(b, Causes.innermost(top));
        assertSame(a, Causes.innermost(b));
    }

    @Test
    void theWalkFollowsAtMostMaxDepthCauses() {
        List<Throwable> exactly = chainOf(Causes.MAX_DEPTH + 1); // depths 0..32: the whole chain
        assertEquals(exactly, Causes.chain(exactly.get(0)));
        assertSame(exactly.get(Causes.MAX_DEPTH), Causes.innermost(exactly.get(0)));

        List<Throwable> longer = chainOf(Causes.MAX_DEPTH + 2); // depth 33 is beyond the walk
        assertEquals(longer.subList(0, Causes.MAX_DEPTH + 1), Causes.chain(longer.get(0)));
        assertSame(longer.get(Causes.MAX_DEPTH), Causes.innermost(longer.get(0)));
        assertTrue(Causes.find(longer.get(0), Deepest.class).isEmpty());
        assertTrue(Causes.cutShort(Causes.chain(longer.get(0))));
        assertTrue(!Causes.cutShort(Causes.chain(exactly.get(0))));
    }

    @Test
    void theTreeHoldsTheChainAndUnderEachLinkWhatItSuppressed() {
        SQLException root = new SQLException("connection refused", "08001");
        RuntimeException closeCause = new RuntimeException("socket gone");
        RuntimeException close = new RuntimeException("close failed", closeCause);
        RuntimeException rollback = new RuntimeException("rollback failed");
        RuntimeException middle = new RuntimeException("store failed", root);
        middle.addSuppressed(close);
        close.addSuppressed(rollback);
        IllegalStateException top = new IllegalStateException("ingest failed", middle);

        Causes.Tree tree = Causes.tree(top);
        assertEquals(
                List.of(top, middle, root),
                tree.chain().stream().map(Causes.Link::thrown).toList());
        assertTrue(tree.chain().get(0).suppressed().isEmpty());
        Causes.Tree under = tree.chain().get(1).suppressed().get(0);
        assertEquals(
                List.of(close, closeCause),
                under.chain().stream().map(Causes.Link::thrown).toList());
        assertEquals(List.of(top, middle, close, rollback, closeCause, root), tree.throwables());
        assertFalse(tree.cutShort());
    }

    @Test
    void theTreeHoldsEachThrowableOnce_throughCyclesOfSuppressedExceptions() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b");
        RuntimeException top = new RuntimeException("top", a);
        a.addSuppressed(b);
        b.addSuppressed(top); // top -> a ~> b ~> top
        b.initCause(a); // and b's cause is a: met already, in the chain
        Causes.Tree tree = Causes.tree(top);
        assertEquals(List.of(top, a, b), tree.throwables());
        assertTrue(tree.chain()
                .get(1)
                .suppressed()
                .get(0)
                .chain()
                .get(0)
                .suppressed()
                .isEmpty());
        assertFalse(tree.cutShort());
    }

    @Test
    void theTreeStopsAtMaxThrowables_andSaysSo() {
        RuntimeException top = new RuntimeException("top");
        for (int i = 0; i < Causes.MAX_THROWABLES; i++) {
            top.addSuppressed(new RuntimeException("closing " + i));
        }
        Causes.Tree tree = Causes.tree(top);
        assertEquals(Causes.MAX_THROWABLES, tree.throwables().size());
        assertTrue(tree.cutShort());

        RuntimeException fits = new RuntimeException("top");
        for (int i = 0; i < Causes.MAX_THROWABLES - 1; i++) {
            fits.addSuppressed(new RuntimeException("closing " + i));
        }
        assertEquals(Causes.MAX_THROWABLES, Causes.tree(fits).throwables().size());
        assertFalse(Causes.tree(fits).cutShort());
    }

    @Test
    void theTreeCutsAChainWhereTheChainIsCut() {
        List<Throwable> longer = chainOf(Causes.MAX_DEPTH + 2);
        RuntimeException top = new RuntimeException("top");
        top.addSuppressed(longer.get(0));
        Causes.Tree tree = Causes.tree(top);
        assertEquals(Causes.MAX_DEPTH + 2, tree.throwables().size()); // top and 33 of the 34
        assertTrue(tree.cutShort());
    }

    /** {@code length} exceptions, each caused by the next; the last is a {@link Deepest}. */
    private static List<Throwable> chainOf(int length) {
        List<Throwable> chain = new ArrayList<>();
        Throwable cause = new Deepest();
        chain.add(cause);
        for (int i = 1; i < length; i++) {
            cause = new RuntimeException("depth " + (length - 1 - i), cause);
            chain.add(0, cause);
        }
        return chain;
    }

    private static final class Deepest extends RuntimeException {}

    private static final class SelfCaused extends RuntimeException {
        @Override
        public synchronized Throwable getCause() {
            return this;
        }
    }
}
