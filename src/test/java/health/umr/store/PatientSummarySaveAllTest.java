package health.umr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import health.umr.domain.AlertType;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientSummary;
import health.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PatientSummaryRepository#saveAll} writes a batch of summaries in one statement; the rows
 * it leaves must be the ones the statement it replaced left, run once per summary in order (its text
 * and bindings are kept here as the reference). Seeded random summaries (valproate sources or none,
 * admissions, omission alerts raised at instants whose nanoseconds round either way, per-source
 * counts of 0 to 3 sources), then a second round that changes, shrinks and empties them and names a
 * patient twice, are written both ways for two sets of patients and compared column for column.
 */
@QuarkusTest
class PatientSummarySaveAllTest {

    private static final int PATIENTS = 40;

    @Inject
    PatientSummaryRepository summaries;

    @Inject
    DataSource dataSource;

    @Test
    void oneStatementForTheBatch_leavesTheRowsOfOneStatementPerSummary() throws Exception {
        List<String> setWise = Feeds.validNhsNumbers("975300", PATIENTS);
        List<String> rowWise = Feeds.validNhsNumbers("975400", PATIENTS);
        Random random = new Random(20261202);
        Instant now = Instant.parse("2026-12-02T08:00:00.123456789Z");
        for (int round = 0; round < 3; round++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < PATIENTS; i++) {
                if (round == 0 || random.nextInt(3) > 0) {
                    order.add(i);
                }
            }
            if (round > 0) {
                order.add(order.get(random.nextInt(order.size()))); // a patient named twice: the last counts
            }
            List<PatientSummaryRepository.Save> a = new ArrayList<>();
            List<PatientSummaryRepository.Save> b = new ArrayList<>();
            for (int i : order) {
                long seed = random.nextLong();
                a.add(save(setWise.get(i), new Random(seed), round));
                b.add(save(rowWise.get(i), new Random(seed), round));
            }
            summaries.saveAll(a, now);
            try (Connection connection = dataSource.getConnection()) {
                for (PatientSummaryRepository.Save save : b) {
                    try (PreparedStatement statement = Jdbc.prepare(
                            connection, OLD_SAVE, oldValues(connection, save.summary(), save.contentSha256(), now))) {
                        statement.executeUpdate();
                    }
                }
            }
            now = now.plusSeconds(60);
            String setRows = dump(setWise);
            assertFalse(setRows.isBlank());
            assertEquals(dump(rowWise), setRows, "round " + round);
        }
    }

    private static PatientSummaryRepository.Save save(String nhs, Random random, int round) {
        List<String> valproate = new ArrayList<>();
        for (int v = random.nextInt(3); v > 0; v--) {
            valproate.add("src-" + random.nextInt(5));
        }
        List<PatientSummary.AlertSince> alerts = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
            // nanoseconds that round up and down, and exact halves of a microsecond (the driver rounds them up)
            Instant since = Instant.ofEpochSecond(
                    1_790_000_000L + random.nextInt(1_000_000),
                    switch (random.nextInt(4)) {
                        case 0 -> 1_000 * random.nextInt(1_000_000) + 500;
                        case 1 -> random.nextInt(1_000_000_000);
                        case 2 -> 1_000 * random.nextInt(1_000_000);
                        default -> 0;
                    });
            String type = random.nextBoolean()
                    ? AlertType.CRITICAL_MEDICINE_OMISSION.code()
                    : AlertType.values()[random.nextInt(AlertType.values().length)].code();
            alerts.add(new PatientSummary.AlertSince("alert-" + k, type, "high", since, List.of("Med " + k)));
        }
        List<PatientSummary.SourceStats> sources = new ArrayList<>();
        int count = random.nextInt(round == 0 ? 4 : 3);
        for (int s = 0; s < count; s++) {
            sources.add(new PatientSummary.SourceStats(
                    "src-" + s, random.nextInt(9), random.nextInt(9), random.nextInt(3), random.nextInt(3), s));
        }
        boolean admitted = random.nextBoolean();
        PatientSummary summary = new PatientSummary(
                new NhsNumber(nhs),
                random.nextBoolean() ? null : (random.nextBoolean() ? "female" : "male"),
                random.nextBoolean() ? null : LocalDate.of(1920 + random.nextInt(100), 1 + random.nextInt(12), 3),
                random.nextBoolean() ? null : "gp-" + random.nextInt(3),
                random.nextInt(6),
                random.nextBoolean()
                        ? List.of()
                        : List.of(new PatientSummary.AcbMedicine("vtm-" + random.nextInt(9), "Name \"quoted\"", 2)),
                valproate,
                admitted,
                admitted ? "ward-" + random.nextInt(3) : null,
                admitted ? "2026-11-" + (10 + random.nextInt(9)) : null,
                alerts,
                sources);
        return new PatientSummaryRepository.Save(summary, "%064x".formatted(random.nextLong() & Long.MAX_VALUE));
    }

    /** Both tables' rows of these patients, by position in the list, without the NHS number. */
    private String dump(List<String> nhs) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT 'summary ' || array_position(?::text[], s.nhs_number::text) || ' '
                            || (to_jsonb(s) - 'nhs_number')::text
                        FROM patient_summary s WHERE nhs_number = ANY (?::bpchar[])
                        UNION ALL
                        SELECT 'stats ' || array_position(?::text[], t.nhs_number::text) || ' '
                            || (to_jsonb(t) - 'nhs_number')::text
                        FROM source_patient_stats t WHERE nhs_number = ANY (?::bpchar[])
                        ORDER BY 1""")) {
            Array patients = connection.createArrayOf("text", nhs.toArray());
            for (int i = 1; i <= 4; i++) {
                statement.setArray(i, patients);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.append(rows.getString(1)).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** The statement saveAll ran once per summary before it wrote the batch in one (at 4f79485). */
    private static final String OLD_SAVE = """
                    WITH summary AS (
                        INSERT INTO patient_summary (nhs_number, gender, birth_date, gp_source_id, acb_score,
                            acb_medicines, valproate_sources, admitted, admitting_source_id, admitted_since,
                            omission_since, alerts, content_sha256, updated_at)
                        VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)
                        ON CONFLICT (nhs_number) DO UPDATE SET gender = EXCLUDED.gender,
                            birth_date = EXCLUDED.birth_date, gp_source_id = EXCLUDED.gp_source_id,
                            acb_score = EXCLUDED.acb_score, acb_medicines = EXCLUDED.acb_medicines,
                            valproate_sources = EXCLUDED.valproate_sources, admitted = EXCLUDED.admitted,
                            admitting_source_id = EXCLUDED.admitting_source_id, admitted_since = EXCLUDED.admitted_since,
                            omission_since = EXCLUDED.omission_since, alerts = EXCLUDED.alerts,
                            content_sha256 = EXCLUDED.content_sha256, updated_at = EXCLUDED.updated_at),
                    gone AS (
                        DELETE FROM source_patient_stats WHERE nhs_number = ? AND NOT (source_id = ANY (?)))
                    INSERT INTO source_patient_stats (nhs_number, source_id, records, medicines, unmapped,
                        no_structured_dose, text_only)
                    SELECT ?, * FROM unnest(?::varchar[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[])
                    ON CONFLICT (nhs_number, source_id) DO UPDATE SET records = EXCLUDED.records,
                        medicines = EXCLUDED.medicines, unmapped = EXCLUDED.unmapped,
                        no_structured_dose = EXCLUDED.no_structured_dose, text_only = EXCLUDED.text_only""";

    /** The old statement's bindings, as PatientSummaryRepository.saveValues made them. */
    private static Object[] oldValues(Connection connection, PatientSummary summary, String sha, Instant now)
            throws SQLException {
        String nhs = summary.nhsNumber().value();
        List<PatientSummary.SourceStats> stats = summary.sources();
        Object[] sources =
                stats.stream().map(PatientSummary.SourceStats::sourceId).toArray();
        return new Object[] {
            nhs,
            Jdbc.text(summary.gender()),
            summary.birthDate() == null ? new Jdbc.Null(java.sql.Types.DATE) : Date.valueOf(summary.birthDate()),
            Jdbc.text(summary.gpSourceId()),
            summary.acbScore(),
            RecordJson.write(summary.acbMedicines()),
            summary.valproateSources().isEmpty()
                    ? new Jdbc.Null(java.sql.Types.ARRAY)
                    : connection.createArrayOf(
                            "text", summary.valproateSources().toArray()),
            summary.admitted(),
            Jdbc.text(summary.admittingSourceId()),
            Jdbc.text(summary.admittedSince()),
            Jdbc.timestamp(summary.omissionSince()),
            RecordJson.write(summary.alerts()),
            sha,
            Timestamp.from(now),
            nhs,
            connection.createArrayOf("varchar", sources),
            nhs,
            connection.createArrayOf("varchar", sources),
            ints(connection, stats.stream().mapToInt(PatientSummary.SourceStats::records)),
            ints(connection, stats.stream().mapToInt(PatientSummary.SourceStats::medicines)),
            ints(connection, stats.stream().mapToInt(PatientSummary.SourceStats::unmapped)),
            ints(connection, stats.stream().mapToInt(PatientSummary.SourceStats::noStructuredDose)),
            ints(connection, stats.stream().mapToInt(PatientSummary.SourceStats::textOnly))
        };
    }

    private static Array ints(Connection connection, java.util.stream.IntStream values) throws SQLException {
        return connection.createArrayOf("int4", values.boxed().toArray());
    }
}
