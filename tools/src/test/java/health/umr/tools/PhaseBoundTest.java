package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PhaseBoundTest {

    /** 2 cores for 10 s: 20 core-seconds; java/pg/generator in core-seconds. */
    private static PhaseBound.Phase phase(
            double busy, double java, double pg, double generator, double jit, double gcMax) {
        return new PhaseBound.Phase(2, 10, busy, 0, java, pg, generator, jit, 3, 3 * gcMax, gcMax, Map.of());
    }

    @Test
    void aBusyBoxIsCpuBound_andTheSplitSaysWhose() {
        PhaseBound.Bound bound = PhaseBound.classify(phase(97, 12, 5, 2, 0.05, 4), Double.NaN, Double.NaN, Double.NaN);

        assertEquals("cpu", bound.kind());
        assertTrue(
                bound.text()
                        .startsWith("CPU-bound: box 97% busy (UMR Java 60%, PostgreSQL 25%, generator 10%, other 2%)"),
                bound.text());
        assertTrue(bound.text().contains("JIT 5% of the JVM's CPU; GC pauses 3, 12 ms (max 4 ms)"), bound.text());
        assertFalse(bound.text().contains("not settled"), bound.text());
    }

    @Test
    void aBusyBoxMostlyBusyWithOthersIsShared() {
        PhaseBound.Bound bound =
                PhaseBound.classify(phase(95, 6, 3, 1, Double.NaN, Double.NaN), Double.NaN, Double.NaN, Double.NaN);

        assertEquals("shared", bound.kind());
        assertTrue(bound.text().contains("others took 45%"), bound.text());
    }

    @Test
    void stealCountsAsBusy() {
        PhaseBound.Phase stolen =
                new PhaseBound.Phase(2, 10, 80, 15, 10, 5, 1, Double.NaN, 0, Double.NaN, Double.NaN, Map.of());

        PhaseBound.Bound bound = PhaseBound.classify(stolen, Double.NaN, Double.NaN, Double.NaN);

        assertEquals("cpu", bound.kind());
        assertTrue(bound.text().contains("15% stolen by the hypervisor"), bound.text());
    }

    @Test
    void aReadsTailOnAnIdleBoxIsGcWhenTheLongestPauseIsHalfTheP99() {
        PhaseBound.Bound gc = PhaseBound.classify(phase(55, 6, 4, 1, 0.3, 40), 60, Double.NaN, Double.NaN);
        PhaseBound.Bound queueing = PhaseBound.classify(phase(55, 6, 4, 1, 0.3, 10), 60, Double.NaN, Double.NaN);

        assertEquals("not-saturated", gc.kind());
        assertTrue(gc.text().startsWith("not saturated (box 55% busy: UMR Java 30%"), gc.text());
        assertTrue(gc.text().contains("tail = GC pauses (max 40 ms, p99 60 ms)"), gc.text());
        assertTrue(gc.text().contains("JIT 30% of the JVM's CPU (not settled)"), gc.text());
        assertTrue(queueing.text().contains("tail = queueing, not GC"), queueing.text());
    }

    @Test
    void aReadThatDidNotHoldItsRateBelowTheMarkIsOverCapacity_heldOrSaturatedItIsAsBefore() {
        PhaseBound.Phase busy = phase(88, 9, 4, 3, Double.NaN, 10);

        PhaseBound.Bound notHeld = PhaseBound.classify(busy, 60, 950, 1000);

        assertEquals("over-capacity", notHeld.kind());
        assertTrue(
                notHeld.text()
                        .startsWith("over capacity: rate not held (950 of 1,000 req/s) with the box 88% busy, 15% of"
                                + " it the load generator's own (UMR Java 45%"),
                notHeld.text());
        assertEquals("not-saturated", PhaseBound.classify(busy, 60, 990, 1000).kind());
        assertEquals(
                "cpu",
                PhaseBound.classify(phase(95, 11, 4, 3, Double.NaN, 10), 60, 950, 1000)
                        .kind());
    }

    @Test
    void anIngestAtAboutOneCoreIsOneSerialChain_lessIsWaiting() {
        assertTrue(PhaseBound.classify(phase(60, 7, 3, 1, 0, 1), Double.NaN, Double.NaN, Double.NaN)
                .text()
                .contains("one serial chain (Java ⇄ PostgreSQL, 1.0 cores)"));
        assertTrue(PhaseBound.classify(phase(30, 2, 1, 1, 0, 1), Double.NaN, Double.NaN, Double.NaN)
                .text()
                .contains("waits (0.3 cores busy"));
    }

    @Test
    void withoutBoxFiguresItSaysSo() {
        PhaseBound.Phase old =
                new PhaseBound.Phase(2, 10, Double.NaN, 0, 5, 5, 0, Double.NaN, 0, Double.NaN, Double.NaN, Map.of());

        assertEquals(
                "unknown", PhaseBound.classify(old, 5, Double.NaN, Double.NaN).kind());
    }

    @Test
    void postgresqlsShareIsSplitByProcessKind_whenTheRunSampledIt() {
        // 20 core-seconds: client 4 s = 20%, autovacuum 0.6 s = 3%, checkpointer 0.05 s (0.25%: left out)
        PhaseBound.Phase sampled = new PhaseBound.Phase(
                2,
                10,
                97,
                0,
                12,
                5,
                2,
                Double.NaN,
                0,
                Double.NaN,
                Double.NaN,
                Map.of("client", 4.0, "autovacuum", 0.6, "checkpointer", 0.05, "unattributed", -0.1));

        String text =
                PhaseBound.classify(sampled, Double.NaN, Double.NaN, Double.NaN).text();

        assertTrue(
                text.contains("UMR Java 60%, PostgreSQL 25% (client backends 20%, autovacuum 3%), generator 10%"),
                text);
        assertFalse(text.contains("checkpointer"), text);
        assertFalse(text.contains("exited"), text);
    }

    @Test
    void withoutTheSampleThePostgresqlShareStandsAlone() {
        String text = PhaseBound.classify(phase(97, 12, 5, 2, 0.05, 4), Double.NaN, Double.NaN, Double.NaN)
                .text();

        assertTrue(text.contains("PostgreSQL 25%, generator"), text);
    }
}
