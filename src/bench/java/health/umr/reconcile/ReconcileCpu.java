package health.umr.reconcile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reconcile of the 50-record patient ({@link ReconcileBench}'s operation) timed by the CPU time of the
 * reconciling thread, in several JVMs ("forks"), each warmed up until the JIT is done rather than for a
 * number of seconds: the second figure beside JMH's, for a shared box.
 *
 * <p>Why not JMH alone: JMH warms up for wall-clock seconds. On this 2-core box with other builds running,
 * ten 1 s warm-ups give the JVM a fraction of a core, C2 has not finished, and the measured iterations
 * time C1 code (4.2 ms/op at load 21, against ~50 µs on the quiet box); and a wall-clock score also counts
 * the time the scheduler gave to other processes. Here each fork runs rounds of {@value #WARM_OPS}
 * reconciles (at least {@value #MIN_WARM_ROUNDS}) until, over three rounds in a row, the JVM's C1/C2
 * compiler threads used no CPU (read from {@code /proc/self/task}, as bench/run.sh reads the service's) and
 * the rounds' CPU per op agree within 15% (a loaded box's own spread); then it measures {@code rounds} rounds of {@code ops} reconciles by
 * {@code ThreadMXBean.getCurrentThreadCpuTime} and {@code getThreadAllocatedBytes}.
 *
 * <p>Run: {@code java -cp <test classpath> health.umr.reconcile.ReconcileCpu [forks] [rounds] [ops] [json]}
 * (defaults 3, 5, 5000; bench/run.sh). Prints each fork's rounds, then the median of all rounds, the
 * spread of the forks' medians, and, with a fourth argument, writes them as JSON there.
 */
public final class ReconcileCpu {

    static final int WARM_OPS = 2_000;
    static final int MIN_WARM_ROUNDS = 10; // 20,000 reconciles, about 1 s of CPU on the quiet box
    private static final long MAX_WARM_NANOS = 300_000_000_000L; // 5 minutes of wall time, then measure anyway

    private ReconcileCpu() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--fork")) {
            fork(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int forks = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<double[]> cpu = new ArrayList<>();
        List<double[]> bytes = new ArrayList<>();
        List<Integer> warmRounds = new ArrayList<>();
        for (int fork = 1; fork <= forks; fork++) {
            // a fresh JVM each time: the JIT's inlining decisions differ from one JVM to the next
            Process process = new ProcessBuilder(
                            java,
                            "-Xmx1g",
                            "-cp",
                            System.getProperty("java.class.path"),
                            ReconcileCpu.class.getName(),
                            "--fork",
                            String.valueOf(rounds),
                            String.valueOf(ops))
                    .redirectErrorStream(true)
                    .start();
            double[] forkCpu = new double[rounds];
            double[] forkBytes = new double[rounds];
            int round = 0;
            for (String line : new String(process.getInputStream().readAllBytes()).split("\n")) {
                System.out.println("fork " + fork + ": " + line);
                String[] parts = line.trim().split(" +");
                if (line.startsWith("round ")) {
                    forkCpu[round] = Double.parseDouble(parts[2]);
                    forkBytes[round++] = Double.parseDouble(parts[4]);
                } else if (line.startsWith("warm ")) {
                    warmRounds.add(Integer.parseInt(parts[1]));
                }
            }
            if (process.waitFor() != 0 || round != rounds) {
                throw new IllegalStateException("fork " + fork + " failed");
            }
            cpu.add(forkCpu);
            bytes.add(forkBytes);
        }
        double[] all = cpu.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        double[] medians =
                cpu.stream().mapToDouble(ReconcileCpu::median).sorted().toArray();
        double median = median(all);
        double spread = (medians[medians.length - 1] - medians[0]) / median;
        double allocated = median(bytes.stream().flatMapToDouble(Arrays::stream).toArray());
        String summary = String.format(
                Locale.ROOT,
                "{\"cpuMicrosPerOp\": %.1f, \"forkMedians\": %s, \"forkSpread\": %.3f, \"minMicros\": %.1f,"
                        + " \"maxMicros\": %.1f, \"bytesPerOp\": %.0f, \"forks\": %d, \"rounds\": %d, \"opsPerRound\": %d,"
                        + " \"warmRounds\": %s, \"load\": \"%s\"}",
                median,
                Arrays.toString(Arrays.stream(medians)
                        .map(m -> Math.round(m * 10) / 10.0)
                        .toArray()),
                spread,
                all[0],
                all[all.length - 1],
                allocated,
                forks,
                rounds,
                ops,
                warmRounds,
                loadAverage());
        System.out.println(summary);
        if (args.length > 3) {
            Files.writeString(Path.of(args[3]), summary + "\n");
        }
    }

    /** One fork: warm up until the JIT is quiet, then the measured rounds, one line each. */
    private static void fork(int rounds, int ops) {
        ReconcileBench bench = new ReconcileBench();
        bench.setUp();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long sink = 0;
        long warmStart = System.nanoTime();
        double[] last = new double[3];
        int quiet = 0;
        int warm = 0;
        while (System.nanoTime() - warmStart < MAX_WARM_NANOS) {
            long jit = compilerTicks();
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < WARM_OPS; i++) {
                sink += bench.reconcileFiftyRecords().allItems().size();
            }
            double perOp = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / WARM_OPS;
            last[warm++ % 3] = perOp;
            quiet = compilerTicks() == jit ? quiet + 1 : 0;
            if (warm >= MIN_WARM_ROUNDS && quiet >= 3 && agree(last)) {
                break;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "warm %d rounds of %d ops, %.0f s%n",
                warm,
                WARM_OPS,
                (System.nanoTime() - warmStart) / 1e9);
        for (int round = 0; round < rounds; round++) {
            long jit = compilerTicks();
            long bytes = threads.getThreadAllocatedBytes(thread);
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < ops; i++) {
                sink += bench.reconcileFiftyRecords().allItems().size();
            }
            long cpu = threads.getCurrentThreadCpuTime() - start;
            long allocated = threads.getThreadAllocatedBytes(thread) - bytes;
            System.out.printf(
                    Locale.ROOT,
                    "round %d %.2f us/op %.0f B/op, compiler threads %d ticks%n",
                    round,
                    cpu / 1000.0 / ops,
                    (double) allocated / ops,
                    compilerTicks() - jit);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    private static boolean agree(double[] last) {
        double min = Math.min(last[0], Math.min(last[1], last[2]));
        double max = Math.max(last[0], Math.max(last[1], last[2]));
        return min > 0 && max <= min * 1.15;
    }

    /** utime + stime clock ticks so far of this JVM's C1/C2 compiler threads (Linux); 0 elsewhere. */
    private static long compilerTicks() {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (!Files.readString(task.resolve("comm")).startsWith("C")
                            || !Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    // fields after the command's closing parenthesis: state is field 3, utime 14, stime 15
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException gone) {
                    // a compiler thread that ended meanwhile (HotSpot adds and removes them with the queue)
                }
            }
        } catch (IOException noProc) {
            return 0;
        }
        return ticks;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
