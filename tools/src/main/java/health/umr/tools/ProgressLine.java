package health.umr.tools;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Progress on stderr: one line redrawn in place when stderr is a terminal, a plain line every few
 * seconds otherwise (logs, CI), or nothing.
 */
public final class ProgressLine implements AutoCloseable {

    public enum Mode {
        TTY,
        PLAIN,
        NONE
    }

    /** Where a replay stands. {@code bytesTotal} 0 means unknown (no % and no ETA). */
    public record Snapshot(
            long lines, long bytesDone, long bytesTotal, long accepted, long refused, long errors, double seconds) {}

    private static final long TTY_PERIOD_MS = 200;
    private static final long PLAIN_PERIOD_MS = 5000;

    private final PrintStream out;
    private final Mode mode;
    private final String label;
    private final Supplier<Snapshot> source;
    private ScheduledExecutorService timer;
    private int lastWidth;

    public ProgressLine(PrintStream out, Mode mode, String label, Supplier<Snapshot> source) {
        this.out = out;
        this.mode = mode;
        this.label = label;
        this.source = source;
    }

    /** TTY when stderr is a terminal (Linux: /proc/self/fd/2 is a tty device), else PLAIN. */
    public static Mode detect() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") ? Mode.TTY : Mode.PLAIN;
        } catch (Exception e) {
            return System.console() != null ? Mode.TTY : Mode.PLAIN;
        }
    }

    public static Mode parseMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "auto" -> detect();
            case "tty" -> Mode.TTY;
            case "plain" -> Mode.PLAIN;
            case "none" -> Mode.NONE;
            default -> throw new UsageException("--progress is auto, tty, plain or none, not '" + text + "'");
        };
    }

    public void start() {
        if (mode == Mode.NONE) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = mode == Mode.TTY ? TTY_PERIOD_MS : PLAIN_PERIOD_MS;
        timer.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void draw() {
        String text = render(label, source.get());
        if (mode == Mode.TTY) {
            int pad = Math.max(0, lastWidth - text.length());
            out.print("\r" + text + " ".repeat(pad));
            lastWidth = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Stops drawing and, on a terminal, clears the line so the summary starts clean. */
    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        if (mode == Mode.TTY && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
        timer = null;
    }

    /** e.g. "gp.ndjson: 12,345 lines sent, 37.2%, 2,345 lines/s, 6,789 resources/s, ETA 0:42". */
    public static String render(String label, Snapshot s) {
        StringBuilder text = new StringBuilder(label)
                .append(": ")
                .append(ReplayTally.count(s.lines()))
                .append(" lines sent");
        double seconds = Math.max(s.seconds(), 1e-9);
        if (s.bytesTotal() > 0) {
            double fraction = Math.min(1.0, (double) s.bytesDone() / s.bytesTotal());
            text.append(String.format(Locale.ROOT, ", %.1f%%", fraction * 100));
        }
        text.append(", ")
                .append(ReplayTally.count(Math.round(s.lines() / seconds)))
                .append(" lines/s");
        text.append(", ")
                .append(ReplayTally.count(Math.round(s.accepted() / seconds)))
                .append(" resources/s");
        if (s.refused() > 0) {
            text.append(", ").append(ReplayTally.count(s.refused())).append(" refused");
        }
        if (s.errors() > 0) {
            text.append(", ").append(ReplayTally.count(s.errors())).append(" HTTP errors");
        }
        if (s.bytesTotal() > 0 && s.bytesDone() > 0 && s.bytesDone() < s.bytesTotal()) {
            double remaining = (s.bytesTotal() - s.bytesDone()) / (s.bytesDone() / seconds);
            text.append(", ETA ").append(duration(Math.round(remaining)));
        }
        return text.toString();
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
