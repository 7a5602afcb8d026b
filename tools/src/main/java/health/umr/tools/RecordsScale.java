package health.umr.tools;

import static health.umr.tools.BenchCopies.count;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench-load grow-records}: grows the stored unified records to {@code --scale} patients, so
 * the reads can be measured at that size. Loading a million patients through ingest does not fit the
 * bench's budget, so the extra patients are copies of the records the bench loaded, written straight
 * into the bench's throwaway database: every version of a loaded patient's record, under a new valid
 * NHS number (Modulus 11, in the 97 range, which neither the generator's 999 range nor the reports'
 * synthetic rows use), with the number inside the record rewritten too (as text: the column keeps
 * the text UMR wrote, in the order its reader expects). The two reads (the JSON
 * record and {@code $unified-medications}) read only {@code unified_record} (the newest version) and
 * the patient's acknowledgements (none for a copy), so they answer a copy exactly as they answer its
 * original. It then writes every patient with a record to {@code --patients-out} (as {@code generate}'s
 * patients.csv: nhs_number, medicines) for {@code bench-load read}.
 */
final class RecordsScale {

    /** Patients copied per statement: each is one transaction, and progress shows between them. */
    private static final int CHUNK = 50_000;

    private RecordsScale() {}

    static Map<String, Object> grow(String jdbc, int scale, Path patientsOut, PrintStream err)
            throws SQLException, IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(jdbc);
                Statement sql = db.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            long before = count(sql, "SELECT count(DISTINCT nhs_number) FROM unified_record");
            json.put("patientsBefore", before);
            json.put("versionRowsBefore", count(sql, "SELECT count(*) FROM unified_record"));
            long started = System.nanoTime();
            long added = 0;
            sql.execute("DROP TABLE IF EXISTS bench_record_new, bench_record_original");
            // every copy with its original, kept in the throwaway database so a second run lists them all
            sql.execute("""
                    CREATE UNLOGGED TABLE IF NOT EXISTS bench_record_copy (
                        nhs_number CHAR(10) PRIMARY KEY, original CHAR(10) NOT NULL)""");
            // the loaded patients, numbered, with the items of their newest version
            sql.execute("""
                    CREATE UNLOGGED TABLE bench_record_original AS
                    SELECT nhs_number, (row_number() OVER (ORDER BY nhs_number) - 1)::int AS idx,
                           json_array_length(content -> 'unified' -> 'items') AS items
                    FROM (SELECT DISTINCT ON (nhs_number) nhs_number, content FROM unified_record
                          WHERE nhs_number NOT LIKE '97%' ORDER BY nhs_number, version DESC) p""");
            long originals = count(sql, "SELECT count(*) FROM bench_record_original");
            long wanted = Math.max(0, scale - before);
            // a second run adds to the copies of the first, under numbers not yet taken
            long copiedBefore =
                    count(sql, "SELECT count(DISTINCT nhs_number) FROM unified_record WHERE nhs_number LIKE '97%'");
            sql.execute(newNumbers(wanted, Math.max(1, originals), copiedBefore));
            if (wanted > 0 && originals > 0) {
                sql.execute("CREATE INDEX ON bench_record_original (idx)");
                added = copyInParallel(jdbc, wanted, err);
                sql.execute("""
                        INSERT INTO bench_record_copy SELECT c.nhs_number, o.nhs_number
                        FROM bench_record_new c JOIN bench_record_original o USING (idx) ON CONFLICT DO NOTHING""");
                sql.execute("ANALYZE unified_record");
            }
            json.put("versionRowsAdded", added);
            json.put("writeSeconds", LatencyStats.round((System.nanoTime() - started) / 1e9));
            long patients = writePatients(sql, patientsOut);
            sql.execute("DROP TABLE bench_record_new, bench_record_original");
            json.put("patients", count(sql, "SELECT count(DISTINCT nhs_number) FROM unified_record"));
            json.put("patientsListed", patients);
            json.put("versionRows", count(sql, "SELECT count(*) FROM unified_record"));
            json.put("tableMb", count(sql, "SELECT pg_total_relation_size('unified_record') / 1048576"));
            err.printf(
                    Locale.ROOT,
                    "grow-records: %,d patients with a unified record (%,d version rows, %,d MB; %.0f s to write)%n",
                    (Long) json.get("patients"),
                    (Long) json.get("versionRows"),
                    (Long) json.get("tableMb"),
                    (Double) json.get("writeSeconds"));
        }
        return json;
    }

    /** Writes the copies in chunks of {@link #CHUNK} patients ({@link BenchCopies#inParallel}); returns the version rows. */
    private static long copyInParallel(String jdbc, long wanted, PrintStream err) throws SQLException {
        return BenchCopies.inParallel(
                jdbc,
                wanted,
                CHUNK,
                "grow-records",
                err,
                (sql, from, to) -> sql.executeUpdate("""
                INSERT INTO unified_record (nhs_number, version, recorded_at, fingerprint, content)
                SELECT c.nhs_number, u.version, u.recorded_at, u.fingerprint,
                       CAST(replace(CAST(u.content AS text), '"' || o.nhs_number || '"',
                                    '"' || c.nhs_number || '"') AS json)
                FROM bench_record_new c
                JOIN bench_record_original o ON o.idx = c.idx
                JOIN unified_record u ON u.nhs_number = o.nhs_number
                WHERE c.seq >= %d AND c.seq < %d
                ON CONFLICT DO NOTHING""".formatted(from, to)));
    }

    /**
     * The new patients: NHS numbers 97 + seven digits + the Modulus 11 check digit (candidates whose
     * check would be 10 are skipped, as for real numbers; so are numbers a previous run took), in
     * order, each given the record of loaded
     * patient {@code seq % originals}.
     */
    private static String newNumbers(long wanted, long originals, long copiedBefore) {
        return """
                CREATE UNLOGGED TABLE bench_record_new AS
                SELECT nhs_number, seq, (seq %% %d)::int AS idx
                FROM (SELECT nhs_number, row_number() OVER (ORDER BY g) - 1 AS seq
                      FROM (%s) candidate
                      WHERE NOT EXISTS (SELECT 1 FROM unified_record u WHERE u.nhs_number = candidate.nhs_number)
                      ORDER BY g LIMIT %d) n""".formatted(
                        originals, BenchNumbers.candidates("97", (wanted + copiedBefore) * 12 / 10 + 1000), wanted);
    }

    /** Every loaded and copied patient with the items of their record (a copy has its original's). */
    private static long writePatients(Statement sql, Path out) throws SQLException, IOException {
        long written = 0;
        sql.setFetchSize(10_000);
        sql.getConnection().setAutoCommit(false); // a cursor, not the whole list in memory at once
        try (BufferedWriter csv = Files.newBufferedWriter(out);
                ResultSet rows = sql.executeQuery("""
                        SELECT nhs_number, items FROM bench_record_original
                        UNION ALL
                        SELECT c.nhs_number, o.items FROM bench_record_copy c
                        JOIN bench_record_original o ON o.nhs_number = c.original""")) {
            csv.write("nhs_number,medicines\n");
            while (rows.next()) {
                csv.write(rows.getString(1) + "," + rows.getInt(2) + "\n");
                written++;
            }
        } finally {
            sql.getConnection().commit();
            sql.getConnection().setAutoCommit(true);
        }
        return written;
    }
}
