package health.umr.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a replay sent and what the service answered, added up as answers arrive (thread-safe), and
 * the summary printed at the end. Refusals are grouped by reason: the reason with its line numbers,
 * quoted values and Bundle entry indexes taken out, so a thousand invalid NHS numbers are one group.
 */
public final class ReplayTally {

    /** Reasons shown in the summary; the rest are counted in one line. */
    public static final int REASONS_SHOWN = 10;

    private static final int LOCATIONS_KEPT = 5;

    /** One group of identical reasons. */
    public record ReasonGroup(String key, String example, long count, List<String> locations) {}

    private final boolean manyFiles;
    private long linesSent;
    private long bytesSent;
    private long requests;
    private long created;
    private long updated;
    private long unchanged;
    private long context;
    private long refused;
    private long httpErrors;
    private long httpErrorLines;
    private String connectionFailure;
    private final Map<String, MutableGroup> reasons = new LinkedHashMap<>();
    private final Map<String, MutableGroup> httpReasons = new LinkedHashMap<>();
    private long startNanos = -1;
    private long endNanos = -1;

    public ReplayTally(boolean manyFiles) {
        this.manyFiles = manyFiles;
    }

    public synchronized void started(long nanos) {
        if (startNanos < 0) {
            startNanos = nanos;
        }
    }

    public synchronized void finished(long nanos) {
        endNanos = nanos;
    }

    /** An answer to one request of {@code chunk} from {@code file}. */
    public synchronized void answered(String file, NdjsonChunker.Chunk chunk, IngestAnswer answer) {
        requests++;
        linesSent += chunk.lines();
        bytesSent += chunk.body().length;
        if (!answer.counted()) {
            httpErrors++;
            httpErrorLines += chunk.lines();
            for (IngestAnswer.Refusal refusal : answer.refusals()) {
                add(
                        httpReasons,
                        "HTTP " + answer.status() + " " + refusal.code(),
                        refusal.reason(),
                        location(file, chunk.fileLine(1)) + (chunk.lines() > 1 ? " (" + chunk.lines() + " lines)" : ""),
                        1);
            }
            return;
        }
        created += answer.created();
        updated += answer.updated();
        unchanged += answer.unchanged();
        context += answer.context();
        refused += answer.refusedCount();
        for (IngestAnswer.Refusal refusal : answer.refusals()) {
            add(reasons, refusal.code(), refusal.reason(), location(file, chunk.fileLine(refusal.lineInRequest())), 1);
        }
        long unexplained = answer.refusedCount() - answer.refusals().size();
        if (unexplained > 0) {
            add(reasons, "?", "refused without a reason in the answer", location(file, chunk.fileLine(1)), unexplained);
        }
    }

    /** A request that got no answer (connection refused, reset, timed out). */
    public synchronized void failed(String file, NdjsonChunker.Chunk chunk, Throwable error, boolean connection) {
        requests++;
        httpErrors++;
        httpErrorLines += chunk.lines();
        String reason =
                error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        add(httpReasons, connection ? "no connection" : "no answer", reason, location(file, chunk.fileLine(1)), 1);
        if (connection && connectionFailure == null) {
            connectionFailure = reason;
        }
    }

    private String location(String file, long line) {
        if (line < 0) {
            return manyFiles ? file : "?";
        }
        return manyFiles ? file + ":" + line : "line " + line;
    }

    private static void add(Map<String, MutableGroup> groups, String code, String reason, String location, long count) {
        String key = code + ": " + normalise(reason);
        MutableGroup group = groups.computeIfAbsent(key, k -> new MutableGroup(k, code + ": " + reason));
        group.count += count;
        if (group.locations.size() < LOCATIONS_KEPT) {
            group.locations.add(location);
        }
    }

    /** The reason without what differs between otherwise identical refusals. */
    static String normalise(String reason) {
        return reason.replaceAll("'[^']*'", "'…'").replaceAll("\\[\\d+]", "[*]").replaceAll("\"[^\"]*\"", "\"…\"");
    }

    public synchronized long linesSent() {
        return linesSent;
    }

    public synchronized long bytesSent() {
        return bytesSent;
    }

    public synchronized long requests() {
        return requests;
    }

    public synchronized long created() {
        return created;
    }

    public synchronized long updated() {
        return updated;
    }

    public synchronized long unchanged() {
        return unchanged;
    }

    /** Resources the service took (created + updated + unchanged). */
    public synchronized long accepted() {
        return created + updated + unchanged;
    }

    public synchronized long context() {
        return context;
    }

    public synchronized long refused() {
        return refused;
    }

    public synchronized long httpErrors() {
        return httpErrors;
    }

    public synchronized long httpErrorLines() {
        return httpErrorLines;
    }

    public synchronized boolean connectionFailed() {
        return connectionFailure != null;
    }

    public synchronized Duration elapsed() {
        if (startNanos < 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((endNanos < 0 ? System.nanoTime() : endNanos) - startNanos);
    }

    public synchronized List<ReasonGroup> refusalReasons() {
        return sorted(reasons);
    }

    public synchronized List<ReasonGroup> httpErrorReasons() {
        return sorted(httpReasons);
    }

    private static List<ReasonGroup> sorted(Map<String, MutableGroup> groups) {
        return groups.values().stream()
                .sorted(Comparator.comparingLong((MutableGroup g) -> -g.count))
                .map(g -> new ReasonGroup(g.key, g.example, g.count, List.copyOf(g.locations)))
                .toList();
    }

    /** 0 when everything was taken, 1 when anything was refused or unanswered, 2 when the service could not be reached. */
    public synchronized int exitCode() {
        if (connectionFailure != null) {
            return Tools.USAGE;
        }
        return refused > 0 || httpErrors > 0 ? Tools.REFUSED : Tools.OK;
    }

    /** The summary a person reads at the end of a replay. */
    public synchronized String format(String what) {
        Duration elapsed = elapsed();
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        StringBuilder out = new StringBuilder();
        out.append("replay ").append(what).append('\n');
        row(
                out,
                "lines sent",
                count(linesSent) + " in " + count(requests) + (requests == 1 ? " request" : " requests") + " ("
                        + bytes(bytesSent) + ")");
        row(
                out,
                "accepted",
                count(accepted()) + " resources (created " + count(created) + ", updated " + count(updated)
                        + ", unchanged " + count(unchanged) + "); context only " + count(context));
        row(out, "refused", count(refused) + (refused == 1 ? " resource" : " resources"));
        appendGroups(out, sorted(reasons));
        row(
                out,
                "HTTP errors",
                count(httpErrors)
                        + (httpErrors == 1 ? " request" : " requests")
                        + (httpErrors > 0 ? " (" + count(httpErrorLines) + " lines not taken)" : ""));
        appendGroups(out, sorted(httpReasons));
        row(out, "elapsed", String.format(Locale.ROOT, "%.1f s", seconds));
        row(
                out,
                "rate",
                count(Math.round(linesSent / seconds)) + " lines/s, " + count(Math.round(accepted() / seconds))
                        + " resources/s");
        if (connectionFailure != null) {
            row(out, "stopped", "the service could not be reached: " + connectionFailure);
        }
        return out.toString();
    }

    private static void appendGroups(StringBuilder out, List<ReasonGroup> groups) {
        int shown = 0;
        long others = 0;
        for (ReasonGroup group : groups) {
            if (shown < REASONS_SHOWN) {
                out.append(String.format(
                        Locale.ROOT,
                        "    %8s × %s%n",
                        count(group.count()),
                        IngestAnswer.abbreviate(group.count() > 1 ? group.key() : group.example(), 220)));
                out.append("               at ")
                        .append(String.join(", ", group.locations()))
                        .append(group.count() > group.locations().size() ? ", …" : "")
                        .append('\n');
                shown++;
            } else {
                others += group.count();
            }
        }
        if (others > 0) {
            out.append(String.format(
                    Locale.ROOT, "    %8s × for %d other reasons%n", count(others), groups.size() - shown));
        }
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "  %-12s %s%n", label, value));
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String bytes(long value) {
        if (value < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", value / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", value / (1024.0 * 1024));
    }

    private static final class MutableGroup {
        final String key;
        final String example;
        long count;
        final List<String> locations = new ArrayList<>();

        MutableGroup(String key, String example) {
            this.key = key;
            this.example = example;
        }
    }
}
