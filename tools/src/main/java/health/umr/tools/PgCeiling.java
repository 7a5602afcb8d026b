package health.umr.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * {@code bench-load pg-ceiling}: what PostgreSQL itself needs, in CPU, to store the rows an ingested
 * resource writes, written the fastest way it has (COPY), so the service's PostgreSQL CPU per resource
 * has a floor to be compared with (issue 14: "measure rows/s against PostgreSQL's own COPY on this box as
 * the ceiling").
 *
 * <p>The rows are the real ones: those the last {@code --messages} inbound messages wrote in the bench
 * database (their inbound-log rows; the patients, source records, record versions, patient summaries and
 * per-source counts written by the same transactions; the versions' outbox rows, unpublished as they were
 * written; the audit events recorded since the first of them), read out with COPY TO. They are written
 * again into copies of the four tables in a schema of their own ({@code LIKE ... INCLUDING ALL}: the same
 * columns, storage, constraints and indexes, and the same foreign keys to the service's tables, so every
 * per-row check the service's rows pay is paid), one transaction per batch of {@code --batch} messages'
 * rows, COPY FROM per table, as the service commits one transaction per Kafka batch. Each round starts
 * from empty copies and a CHECKPOINT (so the first writes pay full-page images, as after the bench's
 * settle); the schema is dropped at the end.
 *
 * <p>CPU comes from /proc, not SQL: this connection's backend (utime + stime), and PostgreSQL's own
 * processes (WAL writer, checkpointer, background writer, autovacuum, the postmaster and its reaped
 * children); other client backends (the service's pool) are reported apart and not counted. So the
 * figure is a floor for the service's "PG client backends" ms per resource plus the background work
 * its writes cause, not counting checkpoint writes that fall after the round. Resources are the clinical
 * resources in the messages' bodies, counted as the back-loads count them ({@link NdjsonLines#resources}).
 */
final class PgCeiling {

    private static final long TICKS_PER_SECOND = 100; // Linux's USER_HZ on every platform it runs on here
    private static final String SCHEMA = "bench_ceiling";

    /** The tables ingest writes rows into, in about the order a batch writes them. */
    private static final List<String> TABLES = List.of(
            "inbound_message",
            "patient",
            "source_record",
            "unified_record",
            "record_changed_outbox",
            "patient_summary",
            "source_patient_stats",
            "audit_event");

    private PgCeiling() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> measure(String jdbc, int messages, int batch, int rounds, PrintStream err)
            throws SQLException, IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(jdbc);
                Statement sql = db.createStatement()) {
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            int backend = (int) BenchCopies.count(sql, "SELECT pg_backend_pid()");
            int postmaster = parentOf(backend);
            Window window = window(sql, messages);
            if (window.messages == 0) {
                throw new UsageException("bench-load pg-ceiling: the inbound log is empty; load something first");
            }
            Map<String, byte[][]> rows = readRows(sql, copy, window);
            createCopies(sql);
            int batches = (int) Math.ceil(window.messages / (double) batch);
            json.put("messages", window.messages);
            json.put("resources", window.resources);
            json.put("batches", batches);
            Map<String, Object> tables = new LinkedHashMap<>();
            for (String table : TABLES) {
                byte[][] lines = rows.get(table);
                long bytes = Arrays.stream(lines).mapToLong(l -> l.length).sum();
                tables.put(
                        table,
                        Map.of(
                                "rows",
                                lines.length,
                                "rowsPerResource",
                                LatencyStats.round(lines.length / (double) window.resources),
                                "copyTextBytesPerRow",
                                lines.length == 0 ? 0 : bytes / lines.length));
            }
            json.put("tables", tables);
            List<Map<String, Object>> measured = new ArrayList<>();
            List<Map<String, Object>> upserts = new ArrayList<>();
            try {
                for (int round = 0; round < rounds; round++) {
                    sql.execute("TRUNCATE "
                            + String.join(
                                    ", ",
                                    TABLES.stream().map(t -> SCHEMA + "." + t).toList()));
                    sql.execute("CHECKPOINT");
                    Map<String, Object> result = round(db, copy, rows, batches, backend, postmaster, window.resources);
                    err.printf(
                            Locale.ROOT,
                            "pg-ceiling: round %d: %,d resources in %d transactions, %.2f s; PostgreSQL %.3f ms/res"
                                    + " (this backend %.3f, background %.3f); other client backends %.2f s%n",
                            round + 1,
                            window.resources,
                            batches,
                            result.get("wallSeconds"),
                            result.get("postgresMsPerResource"),
                            result.get("backendMsPerResource"),
                            result.get("backgroundMsPerResource"),
                            result.get("otherClientsCpuSeconds"));
                    measured.add(result);
                }
                for (int round = 0; round < rounds; round++) {
                    sql.execute("TRUNCATE " + SCHEMA + ".source_record");
                    sql.execute("CHECKPOINT");
                    upserts.add(
                            upsertRound(db, sql, copy, rows.get("source_record"), batches, backend, window.resources));
                }
                err.printf(
                        Locale.ROOT,
                        "pg-ceiling: source records by INSERT ... SELECT ... ON CONFLICT ... RETURNING: %s%n",
                        upserts);
            } finally {
                sql.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
            }
            json.put("rounds", measured);
            Map<String, Object> upsert = new LinkedHashMap<>();
            upsert.put("stageMsPerResource", median(upserts, "stageMsPerResource"));
            upsert.put("upsertMsPerResource", median(upserts, "upsertMsPerResource"));
            upsert.put("rounds", upserts);
            json.put("sourceRecordUpsert", upsert);
            // the medians of the two parts, each over the rounds: an autovacuum of the service's own tables
            // (the phase before) can land in one round's background and is no part of these writes
            double pg = round3(median(measured, "backendMsPerResource") + median(measured, "backgroundMsPerResource"));
            int cores = Runtime.getRuntime().availableProcessors();
            json.put("postgresMsPerResource", pg);
            json.put("backendMsPerResource", median(measured, "backendMsPerResource"));
            json.put("backgroundMsPerResource", median(measured, "backgroundMsPerResource"));
            Map<String, Object> bySteps = new LinkedHashMap<>();
            for (String step : ((Map<?, ?>) measured.get(0).get("backendMsPerResourceByStep"))
                    .keySet().stream().map(String::valueOf).toList()) {
                bySteps.put(
                        step,
                        median(
                                measured.stream()
                                        .map(r -> (Map<String, Object>) r.get("backendMsPerResourceByStep"))
                                        .toList(),
                                step));
            }
            json.put("backendMsPerResourceByStep", bySteps);
            json.put("cores", cores);
            // PostgreSQL alone, every core busy with nothing but these COPYs
            json.put("resourcesPerSecondOnAllCores", Math.round(pg > 0 ? cores * 1000 / pg : 0));
            json.put("wallResourcesPerSecond", Math.round(median(measured, "wallResourcesPerSecond")));
        }
        return json;
    }

    /** The last messages of the inbound log, and the transactions that wrote them. */
    private record Window(long messages, long resources) {}

    private static Window window(Statement sql, int messages) throws SQLException {
        sql.execute("DROP TABLE IF EXISTS pg_temp.ceiling_message");
        sql.execute("CREATE TEMP TABLE ceiling_message AS SELECT id, xmin::text AS tx FROM inbound_message"
                + " ORDER BY id DESC LIMIT " + messages);
        sql.execute("CREATE TEMP TABLE ceiling_tx AS SELECT DISTINCT tx FROM ceiling_message");
        long count = BenchCopies.count(sql, "SELECT count(*) FROM ceiling_message");
        // the clinical resources in the bodies, counted as the bench's loads count them (NdjsonLines.resources)
        long resources = BenchCopies.count(sql, """
                SELECT COALESCE(sum((length(b) - length(replace(b, '"resourceType":"MedicationStatement"', ''))) / 36
                    + (length(b) - length(replace(b, '"resourceType":"MedicationRequest"', ''))) / 34
                    + (length(b) - length(replace(b, '"resourceType":"Encounter"', ''))) / 26), 0)
                FROM (SELECT convert_from(body, 'UTF8') AS b FROM inbound_message
                      WHERE id IN (SELECT id FROM ceiling_message)) m""");
        return new Window(count, resources);
    }

    /** Each table's rows of the window, as COPY's text lines (one row a line: text COPY escapes newlines). */
    private static Map<String, byte[][]> readRows(Statement sql, CopyManager copy, Window window)
            throws SQLException, IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put(
                "inbound_message",
                "SELECT * FROM inbound_message WHERE id IN (SELECT id FROM ceiling_message) ORDER BY id");
        queries.put(
                "source_record",
                "SELECT * FROM source_record WHERE xmin::text IN (SELECT tx FROM ceiling_tx) ORDER BY received_seq, id");
        queries.put("patient", "SELECT * FROM patient WHERE xmin::text IN (SELECT tx FROM ceiling_tx) ORDER BY id");
        queries.put(
                "unified_record",
                "SELECT * FROM unified_record WHERE xmin::text IN (SELECT tx FROM ceiling_tx) ORDER BY recorded_at");
        // the outbox rows as written: the publisher has marked them published since (another transaction)
        queries.put("record_changed_outbox", """
                SELECT o.id, o.nhs_number, o.version, o.payload, o.created_at, NULL::timestamptz
                FROM record_changed_outbox o JOIN unified_record u USING (nhs_number, version)
                WHERE u.xmin::text IN (SELECT tx FROM ceiling_tx) ORDER BY o.id""");
        queries.put(
                "patient_summary",
                "SELECT * FROM patient_summary WHERE xmin::text IN (SELECT tx FROM ceiling_tx) ORDER BY nhs_number");
        queries.put(
                "source_patient_stats",
                "SELECT * FROM source_patient_stats WHERE xmin::text IN (SELECT tx FROM ceiling_tx)");
        // the trail is written after the ingest transaction, in its own: every event since the window began
        queries.put("audit_event", """
                SELECT * FROM audit_event WHERE recorded >= (SELECT min(received_at) FROM inbound_message
                    WHERE id IN (SELECT id FROM ceiling_message)) ORDER BY id""");
        Map<String, byte[][]> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            Map.Entry<String, String> query = Map.entry(table, queries.get(table));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy.copyOut("COPY (" + query.getValue() + ") TO STDOUT", out);
            rows.put(query.getKey(), lines(out.toByteArray()));
        }
        return rows;
    }

    static byte[][] lines(byte[] text) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                lines.add(Arrays.copyOfRange(text, start, i + 1));
                start = i + 1;
            }
        }
        return lines.toArray(byte[][]::new);
    }

    /** Copies of the four tables: columns, storage, constraints, indexes, and their foreign keys. */
    private static void createCopies(Statement sql) throws SQLException {
        sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        sql.execute("CREATE SCHEMA " + SCHEMA);
        for (String table : TABLES) {
            sql.execute("CREATE TABLE " + SCHEMA + "." + table + " (LIKE public." + table + " INCLUDING ALL)");
            List<String> foreignKeys = new ArrayList<>();
            try (ResultSet fk = sql.executeQuery(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'public."
                            + table + "'::regclass")) {
                while (fk.next()) {
                    foreignKeys.add(fk.getString(1));
                }
            }
            for (String definition : foreignKeys) {
                // the definition names the referenced table unqualified: the service's own (public)
                sql.execute("ALTER TABLE " + SCHEMA + "." + table + " ADD " + definition);
            }
        }
    }

    private static Map<String, Object> round(
            Connection db,
            CopyManager copy,
            Map<String, byte[][]> rows,
            int batches,
            int backend,
            int postmaster,
            long resources)
            throws SQLException, IOException {
        Cpu before = Cpu.read(postmaster, backend);
        long started = System.nanoTime();
        // this backend's CPU split by what it was doing: each table's COPY, and the commits (/proc's ticks are
        // 10 ms, charged to whatever ran at the tick, so over many batches the split is fair, not exact)
        Map<String, Double> byStep = new LinkedHashMap<>();
        double mark = Cpu.backendSeconds(backend);
        db.setAutoCommit(false);
        try {
            for (int b = 0; b < batches; b++) {
                for (String table : TABLES) {
                    byte[][] lines = rows.get(table);
                    int from = (int) ((long) lines.length * b / batches);
                    int to = (int) ((long) lines.length * (b + 1) / batches);
                    if (from == to) {
                        continue;
                    }
                    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                    for (int i = from; i < to; i++) {
                        chunk.writeBytes(lines[i]);
                    }
                    copy.copyIn(
                            "COPY " + SCHEMA + "." + table + " FROM STDIN",
                            new ByteArrayInputStream(chunk.toByteArray()));
                    double now = Cpu.backendSeconds(backend);
                    byStep.merge(table, now - mark, Double::sum);
                    mark = now;
                }
                db.commit();
                double now = Cpu.backendSeconds(backend);
                byStep.merge("commit", now - mark, Double::sum);
                mark = now;
            }
        } finally {
            db.setAutoCommit(true);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        Cpu after = Cpu.read(postmaster, backend);
        double backendSeconds = after.backend - before.backend;
        double backgroundSeconds = after.background - before.background;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("wallSeconds", LatencyStats.round(wall));
        result.put("wallResourcesPerSecond", LatencyStats.round(resources / wall));
        result.put("backendCpuSeconds", LatencyStats.round(backendSeconds));
        result.put("backgroundCpuSeconds", LatencyStats.round(backgroundSeconds));
        Map<String, Object> kinds = new LinkedHashMap<>();
        for (Map.Entry<String, Double> kind : after.byKind.entrySet()) {
            double delta = kind.getValue() - before.byKind.getOrDefault(kind.getKey(), 0.0);
            if (delta > 0) {
                kinds.put(kind.getKey(), LatencyStats.round(delta));
            }
        }
        result.put("backgroundByKind", kinds);
        Map<String, Object> steps = new LinkedHashMap<>();
        byStep.forEach((step, seconds) -> steps.put(step, round3(1000 * seconds / resources)));
        result.put("backendMsPerResourceByStep", steps);
        result.put("otherClientsCpuSeconds", LatencyStats.round(after.otherClients - before.otherClients));
        result.put("backendMsPerResource", round3(1000 * backendSeconds / resources));
        result.put("backgroundMsPerResource", round3(1000 * backgroundSeconds / resources));
        result.put("postgresMsPerResource", round3(1000 * (backendSeconds + backgroundSeconds) / resources));
        return result;
    }

    /**
     * The same source-record rows again, the way an upsert writes them: COPY into a temporary table (no WAL, no
     * index), then one {@code INSERT ... SELECT ... ON CONFLICT (the record's key) DO UPDATE ... RETURNING} into the
     * copy per transaction, as the service's statement does (its arbiter, its per-row speculative insertion, its
     * returned rows); the copy starts empty, so every row is an insert, as most Kafka rows are. The backend's CPU
     * for the merge, against COPY's for the same rows, is what the statement's shape costs over the rows.
     */
    private static Map<String, Object> upsertRound(
            Connection db, Statement sql, CopyManager copy, byte[][] lines, int batches, int backend, long resources)
            throws SQLException, IOException {
        sql.execute("CREATE TEMP TABLE IF NOT EXISTS ceiling_stage (LIKE public.source_record) ON COMMIT DELETE ROWS");
        double stage = 0;
        double upsert = 0;
        db.setAutoCommit(false);
        try {
            for (int b = 0; b < batches; b++) {
                int from = (int) ((long) lines.length * b / batches);
                int to = (int) ((long) lines.length * (b + 1) / batches);
                ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                for (int i = from; i < to; i++) {
                    chunk.writeBytes(lines[i]);
                }
                double t0 = Cpu.backendSeconds(backend);
                copy.copyIn("COPY ceiling_stage FROM STDIN", new ByteArrayInputStream(chunk.toByteArray()));
                double t1 = Cpu.backendSeconds(backend);
                try (ResultSet returned = sql.executeQuery("INSERT INTO " + SCHEMA + ".source_record SELECT * FROM"
                        + " ceiling_stage ORDER BY source_id, resource_type, business_key"
                        + " ON CONFLICT (source_id, resource_type, business_key) DO UPDATE SET"
                        + " resource = EXCLUDED.resource, version = " + SCHEMA + ".source_record.version + 1"
                        + " RETURNING source_id, resource_type, business_key, logical_id, version, (xmax = 0)")) {
                    while (returned.next()) {
                        returned.getString(1);
                    }
                }
                db.commit();
                double t2 = Cpu.backendSeconds(backend);
                stage += t1 - t0;
                upsert += t2 - t1;
            }
        } finally {
            db.setAutoCommit(true);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("stageMsPerResource", round3(1000 * stage / resources));
        result.put("upsertMsPerResource", round3(1000 * upsert / resources));
        return result;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double median(List<Map<String, Object>> rounds, String key) {
        double[] values = rounds.stream()
                .mapToDouble(r -> ((Number) r.get(key)).doubleValue())
                .sorted()
                .toArray();
        int n = values.length;
        return n == 0 ? 0 : n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /**
     * PostgreSQL's CPU seconds so far, from /proc: one backend's; the postmaster's own, its reaped children's
     * and its other non-client children's (by process title, as bench/pg-cpu.py reads it); other client
     * backends apart. A client backend that exits counts as background (the postmaster's cutime): rare in a
     * round of a few seconds.
     */
    private record Cpu(double backend, double background, double otherClients, Map<String, Double> byKind) {

        static Cpu read(int postmaster, int backend) throws IOException {
            String[] own = stat(postmaster);
            Map<String, Double> byKind = new LinkedHashMap<>();
            double postmasterSeconds = seconds(own, 13) + seconds(own, 14); // utime, stime
            double reaped = seconds(own, 15) + seconds(own, 16); // cutime, cstime
            byKind.put("postmaster", postmasterSeconds);
            byKind.put("exited", reaped);
            double background = postmasterSeconds + reaped;
            double backendSeconds = 0;
            double otherClients = 0;
            Path children =
                    Path.of("/proc", String.valueOf(postmaster), "task", String.valueOf(postmaster), "children");
            for (String child : Files.readString(children).trim().split("\\s+")) {
                if (child.isEmpty()) {
                    continue;
                }
                int pid = Integer.parseInt(child);
                String[] stat;
                try {
                    stat = stat(pid);
                } catch (IOException gone) {
                    continue; // exited meanwhile: the postmaster's cutime has it once reaped
                }
                double cpu = seconds(stat, 13) + seconds(stat, 14);
                String kind = kind(pid);
                if (pid == backend) {
                    backendSeconds = cpu;
                } else if ("client".equals(kind)) {
                    otherClients += cpu;
                } else {
                    byKind.merge(kind, cpu, Double::sum);
                    background += cpu;
                }
            }
            return new Cpu(backendSeconds, background, otherClients, byKind);
        }

        static double backendSeconds(int backend) throws IOException {
            String[] stat = stat(backend);
            return seconds(stat, 13) + seconds(stat, 14);
        }

        /** The fields of /proc/PID/stat after the command name (which may hold spaces), from field 3 on. */
        private static String[] stat(int pid) throws IOException {
            String text = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] rest = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
            String[] fields = new String[rest.length + 2];
            System.arraycopy(rest, 0, fields, 2, rest.length);
            return fields; // fields[i] is proc(5)'s field i + 1 (0-based): 13 utime, 14 stime, 15 cutime, 16 cstime
        }

        private static double seconds(String[] fields, int index) {
            return Long.parseLong(fields[index]) / (double) TICKS_PER_SECOND;
        }

        private static String kind(int pid) {
            String title;
            try {
                title = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")))
                        .replace('\0', ' ')
                        .trim();
            } catch (IOException e) {
                return "other";
            }
            String rest = title.startsWith("postgres: ") ? title.substring("postgres: ".length()) : title;
            for (String prefix : List.of("autovacuum", "checkpointer", "background writer", "walwriter")) {
                if (rest.startsWith(prefix)) {
                    return prefix.replace("background writer", "bgwriter");
                }
            }
            String[] words = rest.split("\\s+");
            return words.length >= 3 && (words[2].contains("(") || words[2].equals("[local]")) ? "client" : "other";
        }
    }

    private static int parentOf(int pid) throws IOException {
        return Integer.parseInt(Cpu.stat(pid)[3]);
    }
}
