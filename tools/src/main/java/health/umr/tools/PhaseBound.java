package health.umr.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What bounds a bench figure, from what the box did during the figure's phase: the whole box's CPU
 * ({@code /proc/stat}: busy and stolen), whose it was (UMR's JVM, its PostgreSQL, the load generator, the
 * rest), and the JVM's own account from JFR (the JIT compiler's share of its CPU, GC pauses).
 *
 * <p>The rule: a box at least {@value #SATURATED}% busy (steal counted as busy: the cores were not ours) is
 * CPU-bound, and the split says whose CPU it was; if processes other than these three took at least
 * {@value #OTHERS}% of it, the box was shared and the figure says more about the neighbours than about UMR.
 * The box's busy figure counts the load generator's own CPU, which the service cannot have: a read that did not
 * hold its open-loop rate (under {@value #RATE_HELD} of it) was over capacity although the box was under
 * {@value #SATURATED}% busy (1191e49's FHIR read at 20k: 967 of 1,000 req/s with the box 90% busy, 16% of it the
 * generator's), so it is called so, with the generator's share named, never "not saturated".
 * Below that the box was not saturated: a read's tail is put down to GC pauses when the longest pause is at
 * least half the p99, otherwise to queueing (open-loop bursts waiting for a core or a connection); a
 * throughput phase at about one core is one serial chain (Java waits on PostgreSQL and back), anything else
 * waits. The JIT's share and the GC pauses are appended whenever JFR gave them; a JIT share of
 * {@value #JIT_UNSETTLED}% or more is flagged: the figure includes compiling, not only the path measured.
 * PostgreSQL's share is split by process kind when the run sampled it (bench/pg-cpu.py): its client backends
 * (the work UMR asked for) apart from autovacuum, the checkpointer and the writers, which may be catching up on
 * an earlier phase's writes.
 */
final class PhaseBound {

    static final int SATURATED = 90;
    static final int OTHERS = 20;
    static final int JIT_UNSETTLED = 20;

    /** The share of an open-loop read's target rate that counts as held. */
    static final double RATE_HELD = 0.97;

    /**
     * True when an open-loop phase sent under {@link #RATE_HELD} of its target rate: it was over
     * capacity. False when either rate is unknown (NaN). The one place the report and the bound decide it.
     */
    static boolean rateNotHeld(double achievedRate, double targetRate) {
        return achievedRate < RATE_HELD * targetRate;
    }

    /** bench/pg-cpu.py's process kinds, in the order the text names them. */
    static final Map<String, String> POSTGRES_KINDS = kinds();

    private static Map<String, String> kinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("client", "client backends");
        kinds.put("autovacuum", "autovacuum");
        kinds.put("checkpointer", "checkpointer");
        kinds.put("bgwriter", "background writer");
        kinds.put("walwriter", "WAL writer");
        kinds.put("other", "other");
        kinds.put("unattributed", "exited unsampled");
        return kinds;
    }

    /**
     * One phase: CPU in core-seconds over {@code wallSeconds}; box percentages of all cores; {@code jitShare}
     * a fraction of the JVM's CPU and the GC figures in ms, NaN when unknown (no JFR); {@code postgresByKind}
     * PostgreSQL's core-seconds by {@link #POSTGRES_KINDS} key, empty when not sampled (results before it).
     */
    record Phase(
            int cores,
            double wallSeconds,
            double boxBusyPercent,
            double boxStealPercent,
            double javaSeconds,
            double postgresSeconds,
            double generatorSeconds,
            double jitShare,
            int gcPauses,
            double gcPauseTotalMs,
            double gcPauseMaxMs,
            Map<String, Double> postgresByKind) {}

    /**
     * {@code kind}: cpu, shared, over-capacity (a read's rate not held below the CPU-bound mark), not-saturated or
     * unknown (no box figures); {@code text} for the table.
     */
    record Bound(String kind, String text) {}

    private PhaseBound() {}

    /**
     * {@code p99Ms}: the figure's p99 for a read, NaN for a throughput figure; {@code achievedRate} and {@code
     * targetRate}: an open-loop read's rates, req/s, NaN when the figure is not one.
     */
    static Bound classify(Phase p, double p99Ms, double achievedRate, double targetRate) {
        if (p.wallSeconds() <= 0 || p.cores() <= 0 || Double.isNaN(p.boxBusyPercent())) {
            return new Bound("unknown", "no box figures" + jvm(p));
        }
        double capacity = p.cores() * p.wallSeconds();
        double java = 100 * p.javaSeconds() / capacity;
        double pg = 100 * p.postgresSeconds() / capacity;
        double generator = 100 * p.generatorSeconds() / capacity;
        double others = Math.max(0, p.boxBusyPercent() - java - pg - generator);
        String split = String.format(
                Locale.ROOT,
                "UMR Java %.0f%%, PostgreSQL %.0f%%%s, generator %.0f%%, other %.0f%%",
                java,
                pg,
                byKind(p.postgresByKind(), 100 / capacity, "%.0f%%"),
                generator,
                others);
        String steal = p.boxStealPercent() >= 5
                ? String.format(Locale.ROOT, ", %.0f%% stolen by the hypervisor", p.boxStealPercent())
                : "";
        boolean saturated = p.boxBusyPercent() + p.boxStealPercent() >= SATURATED;
        if (saturated && others >= OTHERS) {
            return new Bound(
                    "shared",
                    String.format(
                                    Locale.ROOT,
                                    "shared box: %.0f%% busy%s, others took %.0f%% (%s)",
                                    p.boxBusyPercent(),
                                    steal,
                                    others,
                                    split)
                            + jvm(p));
        }
        if (saturated) {
            return new Bound(
                    "cpu",
                    String.format(Locale.ROOT, "CPU-bound: box %.0f%% busy%s (%s)", p.boxBusyPercent(), steal, split)
                            + jvm(p));
        }
        String why;
        if (!Double.isNaN(p99Ms)) {
            why = !Double.isNaN(p.gcPauseMaxMs()) && p.gcPauseMaxMs() >= 0.5 * p99Ms
                    ? String.format(Locale.ROOT, "tail = GC pauses (max %.0f ms, p99 %.0f ms)", p.gcPauseMaxMs(), p99Ms)
                    : "tail = queueing, not GC";
        } else {
            double umrCores = (p.javaSeconds() + p.postgresSeconds()) / p.wallSeconds();
            why = umrCores >= 0.7 && umrCores <= 1.3
                    ? String.format(Locale.ROOT, "one serial chain (Java ⇄ PostgreSQL, %.1f cores)", umrCores)
                    : String.format(Locale.ROOT, "waits (%.1f cores busy for UMR + PostgreSQL)", umrCores);
        }
        if (rateNotHeld(achievedRate, targetRate)) {
            return new Bound(
                    "over-capacity",
                    String.format(
                                    Locale.ROOT,
                                    "over capacity: rate not held (%,.0f of %,.0f req/s) with the box %.0f%% busy%s,"
                                            + " %.0f%% of it the load generator's own (%s): %s",
                                    achievedRate,
                                    targetRate,
                                    p.boxBusyPercent(),
                                    steal,
                                    generator,
                                    split,
                                    why)
                            + jvm(p));
        }
        return new Bound(
                "not-saturated",
                String.format(
                                Locale.ROOT,
                                "not saturated (box %.0f%% busy%s: %s): %s",
                                p.boxBusyPercent(),
                                steal,
                                split,
                                why)
                        + jvm(p));
    }

    /**
     * PostgreSQL's CPU by kind, each {@code seconds * scale} in {@code format}, for the kinds that come to at
     * least half a unit (so every one shown reads at least 1): " (client backends 20%, autovacuum 3%)", or ""
     * when the run did not sample it.
     */
    static String byKind(Map<String, Double> seconds, double scale, String format) {
        List<String> parts = new ArrayList<>();
        POSTGRES_KINDS.forEach((key, name) -> {
            double value = seconds.getOrDefault(key, 0.0) * scale;
            if (value >= 0.5) {
                parts.add(name + " " + String.format(Locale.ROOT, format, value));
            }
        });
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /** The JVM's own account, when JFR gave one: "; JIT 12% of the JVM's CPU; GC pauses 40 ms (max 9)". */
    private static String jvm(Phase p) {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(p.jitShare())) {
            parts.add(String.format(
                    Locale.ROOT,
                    "JIT %.0f%% of the JVM's CPU%s",
                    100 * p.jitShare(),
                    100 * p.jitShare() >= JIT_UNSETTLED ? " (not settled)" : ""));
        }
        if (!Double.isNaN(p.gcPauseTotalMs())) {
            parts.add(String.format(
                    Locale.ROOT,
                    "GC pauses %d, %.0f ms (max %.0f ms)",
                    p.gcPauses(),
                    p.gcPauseTotalMs(),
                    p.gcPauseMaxMs()));
        }
        return parts.isEmpty() ? "" : "; " + String.join("; ", parts);
    }
}
