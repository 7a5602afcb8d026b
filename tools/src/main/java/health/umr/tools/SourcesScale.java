package health.umr.tools;

import static health.umr.tools.BenchCopies.count;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench-load grow-sources}: grows the stored patients to {@code --scale}, so that a rebuild
 * ({@code POST /api/admin/rebuild}, which recomputes every stored patient from their stored source
 * records) can be measured at that size. The new patients are the copies {@code grow-records} made
 * (its {@code bench_record_copy} table: copy → original), taken in NHS-number order: for each, the
 * original's {@code patient} row, its {@code source_record} rows and its report summary rows are
 * copied under the copy's NHS number, written straight into the bench's throwaway database.
 *
 * <p>A copy's records are what ingest would have stored had the copy's sources sent the original's
 * resources for the copy, as far as a rebuild can tell. A source holds one record per business key
 * and one per logical id (unique {@code (source_id, resource_type, business_key)} and {@code
 * (resource_type, logical_id)}), so the copy's identifiers are its own: in the business key, the
 * resource id, {@code identifiers}, {@code based_on} and {@code group_identifier}, the NHS number
 * becomes the copy's and a UUID's last eight hex digits the copy's tag ({@code c} + its seven
 * middle NHS digits in hex; a value that is not a UUID gets the tag appended). Links between a
 * patient's records (basedOn, groupIdentifier) stay links, and the copy's keys sort as its
 * original's (the reconciler breaks ties by key). What ingest derives is derived again as ingest
 * does: the content hash of the rewritten resource, a content key from it where the original's was
 * one, the logical id (the client's id where the original kept its client's id, else ingest's
 * derived id: SHA-256 of source, kind and business key). In the stored resource (JSON), the NHS
 * number, the resource's id, its identifier and its basedOn are rewritten to match; other ids in it
 * (references to the Patient or Medication entries of its Bundle, which UMR does not store as
 * records) stay the original's. Everything else (medication, dosage, dates, versions, the inbound
 * message a row came from) is the original's. Plain string functions only: a regular expression per
 * row cost about 5 times as much PostgreSQL CPU.
 *
 * <p>{@code --drop-report-patients} first removes the reports' synthetic patients ({@code bench-load
 * reports}: the {@code 98} range, a patient row and summary rows with no source record or unified
 * record), which a rebuild would otherwise recompute as empty records.
 */
final class SourcesScale {

    /** Patients copied per transaction; progress shows between them. */
    private static final int CHUNK = 20_000;

    private SourcesScale() {}

    static Map<String, Object> grow(String jdbc, int scale, boolean dropReportPatients, PrintStream err)
            throws SQLException {
        Map<String, Object> json = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(jdbc);
                Statement sql = db.createStatement()) {
            sql.execute("SET synchronous_commit = off");
            if (count(sql, "SELECT count(*) FROM pg_tables WHERE tablename = 'bench_record_copy'") == 0) {
                throw new UsageException("grow-sources: no bench_record_copy table: run bench-load grow-records first");
            }
            long started = System.nanoTime();
            json.put("reportPatientsDropped", dropReportPatients ? dropReportPatients(sql) : 0L);
            long before = count(sql, "SELECT count(*) FROM patient");
            json.put("patientsBefore", before);
            json.put("sourceRecordsBefore", count(sql, "SELECT count(*) FROM source_record"));
            sql.execute("DROP TABLE IF EXISTS bench_source_new");
            // the copies still to make, in NHS-number order (a second run goes on where the first stopped)
            sql.execute("""
                    CREATE UNLOGGED TABLE bench_source_new AS
                    SELECT nhs_number, original, tag, (row_number() OVER (ORDER BY nhs_number) - 1) AS seq
                    FROM (SELECT c.nhs_number, c.original,
                                 'c' || lpad(to_hex(CAST(substr(c.nhs_number, 3, 7) AS int)), 7, '0') AS tag
                          FROM bench_record_copy c
                          WHERE NOT EXISTS (SELECT 1 FROM patient p WHERE p.nhs_number = c.nhs_number)
                            AND EXISTS (SELECT 1 FROM patient p WHERE p.nhs_number = c.original)
                          ORDER BY c.nhs_number LIMIT %d) c""".formatted(Math.max(0, scale - before)));
            sql.execute("CREATE INDEX ON bench_source_new (seq)");
            long wanted = count(sql, "SELECT count(*) FROM bench_source_new");
            json.put("patientsWanted", Math.max(0, scale - before));
            json.put("copiesAvailable", wanted);
            json.put("sourceRecordsExpected", count(sql, """
                    SELECT coalesce(sum(r.records), 0) FROM bench_source_new n
                    JOIN (SELECT nhs_number, count(*) AS records FROM source_record GROUP BY nhs_number) r
                    ON r.nhs_number = n.original"""));
            long rows = wanted == 0
                    ? 0
                    : BenchCopies.inParallel(jdbc, wanted, CHUNK, "grow-sources", err, SourcesScale::copy);
            json.put("rowsAdded", rows);
            sql.execute("DROP TABLE bench_source_new");
            sql.execute("ANALYZE patient");
            sql.execute("ANALYZE source_record");
            json.put("writeSeconds", LatencyStats.round((System.nanoTime() - started) / 1e9));
            json.put("patients", count(sql, "SELECT count(*) FROM patient"));
            json.put(
                    "patientsCopied",
                    count(sql, "SELECT count(*) FROM patient p JOIN bench_record_copy c USING (nhs_number)"));
            json.put("sourceRecords", count(sql, "SELECT count(*) FROM source_record"));
            json.put("sourceRecordsAdded", (Long) json.get("sourceRecords") - (Long) json.get("sourceRecordsBefore"));
            json.put("tableMb", count(sql, "SELECT pg_total_relation_size('source_record') / 1048576"));
            json.put("databaseMb", count(sql, "SELECT pg_database_size(current_database()) / 1048576"));
            err.printf(
                    Locale.ROOT,
                    "grow-sources: %,d patients, %,d source records (%,d added of %,d expected; source_record %,d MB,"
                            + " database %,d MB; %.0f s to write)%n",
                    (Long) json.get("patients"),
                    (Long) json.get("sourceRecords"),
                    (Long) json.get("sourceRecordsAdded"),
                    (Long) json.get("sourceRecordsExpected"),
                    (Long) json.get("tableMb"),
                    (Long) json.get("databaseMb"),
                    (Double) json.get("writeSeconds"));
        }
        return json;
    }

    /** The reports' synthetic patients: the 98 range, no source record and no unified record. */
    private static long dropReportPatients(Statement sql) throws SQLException {
        String synthetic = """
                nhs_number LIKE '98%%' AND NOT EXISTS (SELECT 1 FROM source_record r WHERE r.nhs_number = %1$s.nhs_number)
                AND NOT EXISTS (SELECT 1 FROM unified_record u WHERE u.nhs_number = %1$s.nhs_number)""";
        sql.executeUpdate("DELETE FROM patient_summary s WHERE " + synthetic.formatted("s"));
        sql.executeUpdate("DELETE FROM source_patient_stats s WHERE " + synthetic.formatted("s"));
        return sql.executeUpdate("DELETE FROM patient p WHERE " + synthetic.formatted("p"));
    }

    /** One chunk of copies: their patient rows, source records and summary rows; returns the rows written. */
    private static long copy(Statement sql, long from, long to) throws SQLException {
        String chunk = "n.seq >= " + from + " AND n.seq < " + to;
        long rows = sql.executeUpdate("""
                INSERT INTO patient (nhs_number, gender, birth_date, asserted_at, received_seq, resource, updated_at)
                SELECT n.nhs_number, o.gender, o.birth_date, o.asserted_at, o.received_seq, %s, o.updated_at
                FROM bench_source_new n JOIN patient o ON o.nhs_number = n.original
                WHERE %s
                ON CONFLICT DO NOTHING""".formatted(nhsInJson("o.resource"), chunk));
        rows += sql.executeUpdate("""
                INSERT INTO source_record (logical_id, source_id, resource_type, business_key, resource_id, nhs_number,
                    medication, medication_text, status, intent, category, dosage, encounter_class, dosage_text,
                    effective_start, effective_end, date_asserted, based_on, group_identifier, identifiers,
                    last_updated, version_number, received_seq, content_sha256, version, resource, stored_at,
                    status_reason, indication)
                SELECT CASE WHEN o.logical_id = o.resource_id THEN u.resource_id
                            ELSE substr(encode(sha256(convert_to(o.source_id || E'\\n'
                                || upper(regexp_replace(o.resource_type, '([a-z])([A-Z])', '\\1_\\2', 'g'))
                                || E'\\n' || k.business_key, 'UTF8')), 'hex'), 1, 32) END,
                       o.source_id, o.resource_type, k.business_key, u.resource_id, n.nhs_number,
                       o.medication, o.medication_text, o.status, o.intent, o.category, o.dosage, o.encounter_class,
                       o.dosage_text, o.effective_start, o.effective_end, o.date_asserted,
                       %s, %s, %s,
                       o.last_updated, o.version_number, o.received_seq, h.sha, o.version, r.resource, o.stored_at,
                       o.status_reason, o.indication
                FROM bench_source_new n
                JOIN source_record o ON o.nhs_number = n.original
                CROSS JOIN LATERAL (SELECT %s AS resource_id, %s AS business_key,
                    CASE WHEN %s THEN right(o.business_key, 36) END AS key_uuid,
                    CASE WHEN %s THEN right(o.based_on ->> 0, 36) END AS based_on_uuid) u
                CROSS JOIN LATERAL (SELECT %s AS resource) r
                CROSS JOIN LATERAL (SELECT encode(sha256(convert_to(r.resource, 'UTF8')), 'hex') AS sha) h
                CROSS JOIN LATERAL (SELECT CASE WHEN o.business_key = 'content:' || o.content_sha256
                                                THEN 'content:' || h.sha ELSE u.business_key END AS business_key) k
                WHERE %s
                ON CONFLICT DO NOTHING""".formatted(
                        owns("o.based_on"),
                        own("o.group_identifier"),
                        owns("o.identifiers"),
                        own("o.resource_id"),
                        own("o.business_key"),
                        endsWithUuid("o.business_key"),
                        endsWithUuid("o.based_on ->> 0"),
                        // the resource's own id, identifier and basedOn, as the columns now say them
                        replaced(
                                replaced(
                                        replaced(nhsInJson("o.resource"), "o.resource_id", "u.resource_id"),
                                        "u.key_uuid",
                                        own("u.key_uuid")),
                                "u.based_on_uuid",
                                own("u.based_on_uuid")),
                        chunk));
        rows += sql.executeUpdate("""
                INSERT INTO patient_summary (nhs_number, gender, birth_date, gp_source_id, acb_score, acb_medicines,
                    valproate_sources, admitted, admitting_source_id, admitted_since, omission_since, alerts,
                    content_sha256, updated_at)
                SELECT n.nhs_number, o.gender, o.birth_date, o.gp_source_id, o.acb_score, o.acb_medicines,
                    o.valproate_sources, o.admitted, o.admitting_source_id, o.admitted_since, o.omission_since,
                    o.alerts, o.content_sha256, o.updated_at
                FROM bench_source_new n JOIN patient_summary o ON o.nhs_number = n.original
                WHERE %s
                ON CONFLICT DO NOTHING""".formatted(chunk));
        rows += sql.executeUpdate("""
                INSERT INTO source_patient_stats (nhs_number, source_id, records, medicines, unmapped,
                    no_structured_dose, text_only)
                SELECT n.nhs_number, o.source_id, o.records, o.medicines, o.unmapped, o.no_structured_dose, o.text_only
                FROM bench_source_new n JOIN source_patient_stats o ON o.nhs_number = n.original
                WHERE %s
                ON CONFLICT DO NOTHING""".formatted(chunk));
        return rows;
    }

    /** True when the text ends with a UUID (8-4-4-4-12; a LIKE, not a regular expression: cheap per row). */
    private static String endsWithUuid(String text) {
        return "right(%s, 36) LIKE '________-____-____-____-____________'".formatted(text);
    }

    /**
     * An identifier, resource id, reference or business key as the copy's own: its NHS number the copy's,
     * then a UUID's last eight hex digits the copy's tag (else the tag appended): unique per copy, and the
     * copy's keys sort as its original's.
     */
    private static String own(String text) {
        String nhs = "replace(%s, n.original, n.nhs_number)".formatted(text);
        return "CASE WHEN %s THEN left(%s, -8) || n.tag ELSE %s || '-' || n.tag END"
                .formatted(endsWithUuid(text), nhs, nhs);
    }

    /** A JSONB array of identifiers or references, each the copy's own ({@link #own}). */
    private static String owns(String array) {
        return ("CASE WHEN %1$s = '[]'::jsonb THEN %1$s ELSE (SELECT jsonb_agg(%2$s ORDER BY i)"
                        + " FROM jsonb_array_elements_text(%1$s) WITH ORDINALITY AS a(e, i)) END")
                .formatted(array, own("e"));
    }

    /** A resource (JSON) with the NHS number the copy's where it is a JSON string. */
    private static String nhsInJson(String json) {
        return "replace(%s, '\"' || n.original || '\"', '\"' || n.nhs_number || '\"')".formatted(json);
    }

    /** {@code text} with {@code was} replaced by {@code now}; unchanged where {@code was} is null. */
    private static String replaced(String text, String was, String now) {
        return "replace(%s, coalesce(%s, '\"'), coalesce(%s, '\"'))".formatted(text, was, now);
    }
}
