package health.umr.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.NhsNumber;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.ingest.UnifiedRecordService;
import health.umr.records.PatientRecordBuilder;
import health.umr.store.PatientRepository;
import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A rebuild after a change rewrites each changed patient's record in its chunk's set-based writes
 * ({@link UnifiedRecordService#recompute}, the call {@link RebuildService} makes per chunk of patients):
 * one statement per table for the chunk's versions, record-changed events and summaries. Those rows must
 * be exactly the ones the same writes leave when run one patient at a time, with no write dropped or
 * doubled: one new version, one outbox row and one summary row per changed patient, and nothing at all
 * from the settled rebuild that follows. The change is the one {@code bench-load grow-sources} leaves at
 * scale: each patient's stored fingerprint and summary digest no longer match what today's derivation
 * gives, while the record itself is the same.
 */
@QuarkusTest
class RebuildRewriteTest {

    private static final int PATIENTS = 6;
    private static final String VMP = "318136009";

    @Inject
    UnifiedRecordService unifiedRecords;

    @Inject
    PatientRecordBuilder builder;

    @Inject
    PatientRepository patientRows;

    @Inject
    DatabaseState database;

    @Inject
    DataSource dataSource;

    @Test
    void aChunkRewritten_leavesTheRowsOfOnePatientAtATime_andASettledRebuildWritesNothing() throws Exception {
        String gp = Feeds.source("rebuild-rewrite", "gp");
        List<String> numbers = Feeds.validNhsNumbers("975500", PATIENTS);
        for (int i = 0; i < numbers.size(); i++) {
            String nhs = numbers.get(i);
            FhirJson.post(FhirJson.statement(
                    gp,
                    "rw-" + i + "-a",
                    nhs,
                    FhirJson.DMD,
                    VMP,
                    "Co-amilofruse 5mg/40mg tablets",
                    "active",
                    "2026-11-01T09:00:00Z",
                    "one each morning",
                    null));
            if (i % 2 == 0) { // patients of one and of two records
                FhirJson.post(FhirJson.statement(
                        gp,
                        "rw-" + i + "-b",
                        nhs,
                        FhirJson.DMD,
                        null,
                        "Home remedy",
                        "active",
                        "2026-11-0" + (i + 2) + "T09:00:00Z",
                        "as needed",
                        null));
            }
        }
        List<NhsNumber> patients = numbers.stream().map(NhsNumber::new).toList();
        Array group = array(numbers);
        long records = database.count("SELECT count(*) FROM source_record WHERE source_id = 'rebuild-rewrite'");
        int[] firstVersions = new int[PATIENTS];
        for (int i = 0; i < PATIENTS; i++) {
            firstVersions[i] = (int)
                    database.count("SELECT max(version) FROM unified_record WHERE nhs_number = ?", numbers.get(i));
        }
        // the change: stored fingerprints and summary digests that today's derivation does not give
        update(
                "UPDATE unified_record u SET fingerprint = repeat('0', 64) WHERE nhs_number = ANY (?::bpchar[])"
                        + " AND version = (SELECT max(version) FROM unified_record v WHERE v.nhs_number = u.nhs_number)",
                group);
        update(
                "UPDATE patient_summary SET content_sha256 = repeat('0', 64) WHERE nhs_number = ANY (?::bpchar[])",
                group);

        Instant now = Instant.parse("2026-12-02T10:30:00.123456Z");
        // both ways in a transaction rolled back, each from the same stored rows
        String chunkRows = rolledBack(() -> {
            patientRows.lockAll(patients);
            int changed = unifiedRecords.store(builder.buildAll(patients, ReferenceTime.at(now)), now);
            assertEquals(PATIENTS, changed, "every patient of the chunk rewritten");
            return dump(numbers);
        });
        String oneByOne = rolledBack(() -> {
            for (NhsNumber patient : patients) {
                patientRows.lockAll(List.of(patient));
                Map<NhsNumber, PatientRecord> built = builder.buildAll(List.of(patient), ReferenceTime.at(now));
                assertEquals(1, unifiedRecords.store(built, now));
            }
            return dump(numbers);
        });
        assertEquals(oneByOne, chunkRows, "the chunk's set-based writes leave the rows of one patient at a time");
        for (int i = 0; i < PATIENTS; i++) {
            String who = "patient " + i + " ";
            int next = firstVersions[i] + 1;
            assertEquals(1, occurrences(chunkRows, "version " + i + " " + next + " "), who + "one new version");
            assertEquals(0, occurrences(chunkRows, "version " + i + " " + (next + 1) + " "), who + "and no other");
            assertEquals(1, occurrences(chunkRows, "event " + i + " " + next + " "), who + "one record-changed event");
            assertEquals(0, occurrences(chunkRows, "event " + i + " " + (next + 1) + " "), who + "and no other");
            assertEquals(1, occurrences(chunkRows, "summary " + i + " "), who + "one summary row");
        }
        assertEquals(
                0,
                chunkRows
                        .lines()
                        .filter(line -> line.startsWith("summary ") && line.contains("0".repeat(64)))
                        .count(),
                "every summary rewritten by the chunk:\n" + chunkRows);

        // the rebuild's own call, committed: the same rewrite, the records themselves as they were
        UnifiedRecordService.Recomputed rewritten =
                QuarkusTransaction.requiringNew().call(() -> unifiedRecords.recompute(patients));
        assertEquals(new UnifiedRecordService.Recomputed(PATIENTS, records, PATIENTS), rewritten);
        for (int i = 0; i < PATIENTS; i++) {
            assertEquals(
                    content(numbers.get(i), firstVersions[i]),
                    content(numbers.get(i), firstVersions[i] + 1),
                    "patient " + i + "'s new version holds the record it had");
        }
        // settled: the same rebuild again writes nothing
        String settled = dump(numbers);
        assertEquals(
                new UnifiedRecordService.Recomputed(PATIENTS, records, 0),
                QuarkusTransaction.requiringNew().call(() -> unifiedRecords.recompute(patients)));
        assertEquals(settled, dump(numbers), "a settled rebuild writes no row");
    }

    /** What {@code work} answers, run in a transaction that is then rolled back. */
    private static String rolledBack(java.util.concurrent.Callable<String> work) throws Exception {
        QuarkusTransaction.begin();
        try {
            return work.call();
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    private static int occurrences(String rows, String prefix) {
        return (int) rows.lines().filter(line -> line.startsWith(prefix)).count();
    }

    private String content(String nhs, int version) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT content::text FROM unified_record WHERE nhs_number = ? AND version = ?")) {
            statement.setString(1, nhs);
            statement.setInt(2, version);
            try (ResultSet row = statement.executeQuery()) {
                assertTrue(row.next(), "version " + version + " stored");
                return row.getString(1);
            }
        }
    }

    private Array array(List<String> numbers) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.createArrayOf("text", numbers.toArray());
        }
    }

    private void update(String sql, Array group) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, group);
            assertTrue(statement.executeUpdate() > 0, sql);
        }
    }

    /**
     * The rows these patients have, patients named by their place in the list: every version with its
     * content, every record-changed event, the summary row and the per-source counts.
     */
    private String dump(List<String> numbers) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        WITH p AS (SELECT n, ord - 1 AS i FROM unnest(?::text[]) WITH ORDINALITY AS p(n, ord)),
                        v AS (SELECT * FROM unified_record WHERE nhs_number = ANY (?::bpchar[]))
                        SELECT 'version ' || p.i || ' ' || v.version || ' ' || v.recorded_at || ' ' || v.fingerprint
                        FROM v JOIN p ON p.n = v.nhs_number::text
                        UNION ALL
                        SELECT 'content ' || p.i || ' ' || v.version || ' ' || v.content::text
                        FROM v JOIN p ON p.n = v.nhs_number::text
                        UNION ALL
                        SELECT 'event ' || p.i || ' ' || o.version || ' ' || o.payload::text
                        FROM record_changed_outbox o JOIN p ON p.n = o.nhs_number::text
                        UNION ALL
                        SELECT 'summary ' || p.i || ' ' || (to_jsonb(s) - 'nhs_number')::text
                        FROM patient_summary s JOIN p ON p.n = s.nhs_number::text
                        UNION ALL
                        SELECT 'stats ' || p.i || ' ' || (to_jsonb(t) - 'nhs_number')::text
                        FROM source_patient_stats t JOIN p ON p.n = t.nhs_number::text
                        ORDER BY 1""")) {
            Array patients = connection.createArrayOf("text", numbers.toArray());
            statement.setArray(1, patients);
            statement.setArray(2, patients);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.append(rows.getString(1)).append('\n');
                }
            }
        }
        return out.toString();
    }
}
