package health.umr.tools;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the bench's growth steps ({@code grow-records}, {@code grow-sources}) share: copies of loaded
 * patients written straight into the throwaway bench database in set-based chunks, several at once,
 * with a progress line after each chunk.
 */
final class BenchCopies {

    private BenchCopies() {}

    /** One chunk's statements, copying patients {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Chunk {
        /** Returns the rows it wrote. */
        long copy(Statement sql, long from, long to) throws SQLException;
    }

    /**
     * Copies {@code wanted} patients in chunks of {@code chunk}, each chunk one transaction, on as many
     * connections as the box has cores (at most 4): each copy re-writes text in PostgreSQL, so one backend
     * would be bound by one core. Prints "{@code step}: n of wanted patients copied" after each chunk and
     * returns the rows written.
     */
    static long inParallel(String jdbc, long wanted, int chunk, String step, PrintStream err, Chunk work)
            throws SQLException {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        AtomicLong next = new AtomicLong();
        AtomicLong copied = new AtomicLong();
        AtomicLong rows = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    try (Connection db = DriverManager.getConnection(jdbc);
                            Statement sql = db.createStatement()) {
                        sql.execute("SET synchronous_commit = off");
                        db.setAutoCommit(false);
                        for (long from = next.getAndAdd(chunk); from < wanted; from = next.getAndAdd(chunk)) {
                            rows.addAndGet(work.copy(sql, from, Math.min(wanted, from + chunk)));
                            db.commit();
                            err.printf(
                                    Locale.ROOT,
                                    "%s: %,d of %,d patients copied%n",
                                    step,
                                    copied.addAndGet(Math.min(chunk, wanted - from)),
                                    wanted);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(step + ": interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException failed ? failed : new SQLException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return rows.get();
    }

    /** The single number a query answers. */
    static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
