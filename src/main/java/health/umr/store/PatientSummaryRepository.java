package health.umr.store;

import com.fasterxml.jackson.core.type.TypeReference;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The per-patient summary rows the population reports read (table {@code patient_summary}, with
 * {@code source_patient_stats}), and the report queries over them: each a keyset page over an
 * index, never a scan of the records.
 */
@ApplicationScoped
public class PatientSummaryRepository {

    private static final TypeReference<List<PatientSummary.AlertSince>> ALERTS = new TypeReference<>() {};
    private static final TypeReference<List<PatientSummary.AcbMedicine>> ACB = new TypeReference<>() {};

    /**
     * What a refresh needs: the stored row's fingerprint (null when there is none) and when its
     * alerts were raised, and the patient's stored sex and birth date.
     */
    public record Stored(String contentSha256, Map<String, Instant> raised, String gender, LocalDate birthDate) {}

    /** A valproate report row before the report works out age and alert. */
    public record ValproateRow(
            String nhsNumber,
            LocalDate birthDate,
            String practice,
            List<String> sources,
            List<PatientSummary.AlertSince> alerts) {}

    public record AcbRow(String nhsNumber, String practice, int acbScore, List<PatientSummary.AcbMedicine> medicines) {}

    public record OmissionRow(
            String nhsNumber,
            String practice,
            String admittingSourceId,
            String admittedSince,
            Instant since,
            List<PatientSummary.AlertSince> alerts) {}

    /** A page of rows and how many match in all. */
    public record Rows<T>(List<T> rows, long total) {}

    private final DataSource dataSource;

    public PatientSummaryRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Stored find(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            """
                            SELECT s.content_sha256, s.alerts, p.gender, p.birth_date
                            FROM (SELECT CAST(? AS CHAR(10)) AS nhs_number) n
                            LEFT JOIN patient p ON p.nhs_number = n.nhs_number
                            LEFT JOIN patient_summary s ON s.nhs_number = n.nhs_number""",
                            row -> {
                                Map<String, Instant> raised = new LinkedHashMap<>();
                                if (row.getString(2) != null) {
                                    for (PatientSummary.AlertSince alert : RecordJson.read(row.getString(2), ALERTS)) {
                                        raised.put(alert.id(), alert.since());
                                    }
                                }
                                Date born = row.getDate(4);
                                return new Stored(
                                        row.getString(1),
                                        raised,
                                        row.getString(3),
                                        born == null ? null : born.toLocalDate());
                            },
                            nhsNumber.value())
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not read a patient summary", e);
        }
    }

    /** What a refresh needs of each of these patients (see {@link #find}), in one query. */
    public Map<NhsNumber, Stored> findAll(Collection<NhsNumber> nhsNumbers) {
        Map<NhsNumber, Stored> found = new HashMap<>();
        if (nhsNumbers.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.query(
                    connection,
                    """
                    SELECT n.nhs_number, s.content_sha256, s.alerts, p.gender, p.birth_date
                    FROM unnest(?::bpchar[]) AS n(nhs_number)
                    LEFT JOIN patient p ON p.nhs_number = n.nhs_number
                    LEFT JOIN patient_summary s ON s.nhs_number = n.nhs_number""",
                    row -> {
                        Map<String, Instant> raised = new LinkedHashMap<>();
                        String alerts = row.getString(3);
                        // most patients have no standing alert: no parse for those
                        if (alerts != null && !"[]".equals(alerts)) {
                            for (PatientSummary.AlertSince alert : RecordJson.read(alerts, ALERTS)) {
                                raised.put(alert.id(), alert.since());
                            }
                        }
                        Date born = row.getDate(5);
                        return found.put(
                                new NhsNumber(row.getString(1)),
                                new Stored(
                                        row.getString(2),
                                        raised,
                                        row.getString(4),
                                        born == null ? null : born.toLocalDate()));
                    },
                    connection.createArrayOf(
                            "text", nhsNumbers.stream().map(NhsNumber::value).toArray(String[]::new)));
            return found;
        } catch (SQLException e) {
            throw new StoreException("could not read patient summaries", e);
        }
    }

    /** True when the patient has a summary row. */
    public boolean exists(NhsNumber nhsNumber) {
        return find(nhsNumber).contentSha256() != null;
    }

    /**
     * Writes the patient's summary and per-source counts, in the caller's transaction, in one
     * statement (one round trip on the ingest path).
     */
    public void save(PatientSummary summary, String contentSha256, Instant now) {
        saveAll(List.of(new Save(summary, contentSha256)), now);
    }

    /** A summary to write, with the fingerprint of what it says. */
    public record Save(PatientSummary summary, String contentSha256) {}

    /** Writes many summaries, one statement each sent in one batch, in the caller's transaction. */
    public void saveAll(List<Save> saves, Instant now) {
        if (saves.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            List<Object[]> rows = new ArrayList<>(saves.size());
            for (Save save : saves) {
                rows.add(saveValues(connection, save.summary(), save.contentSha256(), now));
            }
            Jdbc.batch(connection, SAVE, rows);
        } catch (SQLException e) {
            throw new StoreException("could not store patient summaries", e);
        }
    }

    private static final String SAVE = """
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

    private static Object[] saveValues(Connection connection, PatientSummary summary, String contentSha256, Instant now)
            throws SQLException {
        String nhs = summary.nhsNumber().value();
        List<PatientSummary.SourceStats> stats = summary.sources();
        Object valproate = summary.valproateSources().isEmpty()
                ? new Jdbc.Null(java.sql.Types.ARRAY)
                : connection.createArrayOf("text", summary.valproateSources().toArray());
        return new Object[] {
            nhs,
            Jdbc.text(summary.gender()),
            summary.birthDate() == null ? new Jdbc.Null(java.sql.Types.DATE) : Date.valueOf(summary.birthDate()),
            Jdbc.text(summary.gpSourceId()),
            summary.acbScore(),
            RecordJson.write(summary.acbMedicines()),
            valproate,
            summary.admitted(),
            Jdbc.text(summary.admittingSourceId()),
            Jdbc.text(summary.admittedSince()),
            Jdbc.timestamp(summary.omissionSince()),
            RecordJson.write(summary.alerts()),
            contentSha256,
            Timestamp.from(now),
            nhs,
            connection.createArrayOf(
                    "varchar",
                    stats.stream().map(PatientSummary.SourceStats::sourceId).toArray()),
            nhs,
            connection.createArrayOf(
                    "varchar",
                    stats.stream().map(PatientSummary.SourceStats::sourceId).toArray()),
            ints(connection, stats, PatientSummary.SourceStats::records),
            ints(connection, stats, PatientSummary.SourceStats::medicines),
            ints(connection, stats, PatientSummary.SourceStats::unmapped),
            ints(connection, stats, PatientSummary.SourceStats::noStructuredDose),
            ints(connection, stats, PatientSummary.SourceStats::textOnly)
        };
    }

    private static Array ints(
            Connection connection,
            List<PatientSummary.SourceStats> stats,
            java.util.function.ToIntFunction<PatientSummary.SourceStats> field)
            throws SQLException {
        return connection.createArrayOf(
                "int4", stats.stream().map(s -> field.applyAsInt(s)).toArray(Integer[]::new));
    }

    /**
     * For each alert id, when the unbroken run of stored versions holding it began: the recorded
     * instant of the first version after the newest one without it.
     */
    public Map<String, Instant> raisedFromHistory(NhsNumber nhsNumber, List<String> alertIds) {
        if (alertIds.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Instant> raised = new LinkedHashMap<>();
            Jdbc.query(
                    connection,
                    """
                    SELECT a.id, min(u.recorded_at) FROM unnest(?) AS a(id)
                    JOIN unified_record u ON u.nhs_number = ? AND u.version > COALESCE(
                        (SELECT max(w.version) FROM unified_record w WHERE w.nhs_number = ?
                           AND NOT ((w.content -> 'alerts')::jsonb @> jsonb_build_array(jsonb_build_object('id', a.id)))), 0)
                    GROUP BY a.id""",
                    row -> raised.put(row.getString(1), Jdbc.instant(row, "min")),
                    connection.createArrayOf("text", alertIds.toArray()),
                    nhsNumber.value(),
                    nhsNumber.value());
            return raised;
        } catch (SQLException e) {
            throw new StoreException("could not read when alerts were raised", e);
        }
    }

    /** Up to {@code limit} patients with a unified record and no summary row yet, in NHS-number order. */
    public List<NhsNumber> withoutSummary(String after, int limit) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, """
                    SELECT p.nhs_number FROM patient p
                    WHERE p.nhs_number > ?
                      AND EXISTS (SELECT 1 FROM unified_record u WHERE u.nhs_number = p.nhs_number)
                      AND NOT EXISTS (SELECT 1 FROM patient_summary s WHERE s.nhs_number = p.nhs_number)
                    ORDER BY p.nhs_number LIMIT ?""", row -> new NhsNumber(row.getString(1)), after, limit);
        } catch (SQLException e) {
            throw new StoreException("could not find patients without a summary", e);
        }
    }

    // --- the reports ---------------------------------------------------------------------------

    /**
     * Patients with active valproate whose stored sex is female and birth date falls in
     * ({@code bornAfter}, {@code bornOnOrBefore}], by NHS number after {@code afterNhs}.
     */
    public Rows<ValproateRow> valproate(
            LocalDate bornAfter, LocalDate bornOnOrBefore, String practice, String afterNhs, int limit) {
        String where = """
                FROM patient_summary s LEFT JOIN source g ON g.id = s.gp_source_id
                WHERE s.valproate_sources IS NOT NULL AND s.gender = 'female'
                  AND s.birth_date > ? AND s.birth_date <= ?""" + practiceClause(practice);
        List<Object> values = new ArrayList<>(List.of(Date.valueOf(bornAfter), Date.valueOf(bornOnOrBefore)));
        if (practice != null) {
            values.add(practice);
        }
        return page(
                "SELECT s.nhs_number, s.birth_date, g.ods, s.valproate_sources, s.alerts " + where
                        + " AND s.nhs_number > ? ORDER BY s.nhs_number LIMIT ?",
                "SELECT count(*) " + where,
                values,
                List.of(afterNhs == null ? "" : afterNhs),
                limit,
                row -> new ValproateRow(
                        row.getString(1),
                        row.getDate(2).toLocalDate(),
                        row.getString(3),
                        Arrays.asList((String[]) row.getArray(4).getArray()),
                        RecordJson.read(row.getString(5), ALERTS)));
    }

    /** Patients whose ACB total is at least {@code min}: highest first, then NHS number descending. */
    public Rows<AcbRow> acb(int min, String practice, Integer afterScore, String afterNhs, int limit) {
        String where = "FROM patient_summary s LEFT JOIN source g ON g.id = s.gp_source_id "
                + "WHERE s.acb_score > 0 AND s.acb_score >= ?" + practiceClause(practice);
        List<Object> values = new ArrayList<>(List.of(min));
        if (practice != null) {
            values.add(practice);
        }
        boolean after = afterScore != null;
        return page(
                "SELECT s.nhs_number, g.ods, s.acb_score, s.acb_medicines " + where
                        + (after ? " AND (s.acb_score, s.nhs_number) < (?, ?)" : "")
                        + " ORDER BY s.acb_score DESC, s.nhs_number DESC LIMIT ?",
                "SELECT count(*) " + where,
                values,
                after ? List.of(afterScore, afterNhs) : List.of(),
                limit,
                row -> new AcbRow(
                        row.getString(1), row.getString(2), row.getInt(3), RecordJson.read(row.getString(4), ACB)));
    }

    /** Admitted patients with a standing critical-medicine-omission alert, the longest-standing first. */
    public Rows<OmissionRow> omissions(String practice, Instant afterSince, String afterNhs, int limit) {
        String where = "FROM patient_summary s LEFT JOIN source g ON g.id = s.gp_source_id "
                + "WHERE s.omission_since IS NOT NULL AND s.admitted" + practiceClause(practice);
        List<Object> values = new ArrayList<>();
        if (practice != null) {
            values.add(practice);
        }
        boolean after = afterSince != null;
        return page(
                "SELECT s.nhs_number, g.ods, s.admitting_source_id, s.admitted_since, s.omission_since, s.alerts "
                        + where + (after ? " AND (s.omission_since, s.nhs_number) > (?, ?)" : "")
                        + " ORDER BY s.omission_since, s.nhs_number LIMIT ?",
                "SELECT count(*) " + where,
                values,
                after ? List.of(Timestamp.from(afterSince), afterNhs) : List.of(),
                limit,
                row -> new OmissionRow(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        Jdbc.instant(row, "omission_since"),
                        RecordJson.read(row.getString(6), ALERTS)));
    }

    private static String practiceClause(String practice) {
        return practice == null ? "" : " AND s.gp_source_id IN (SELECT id FROM source WHERE ods = ?)";
    }

    private <T> Rows<T> page(
            String select,
            String count,
            List<Object> filter,
            List<Object> cursor,
            int limit,
            Jdbc.RowMapper<T> mapper) {
        List<Object> values = new ArrayList<>(filter);
        values.addAll(cursor);
        values.add(limit);
        try (Connection connection = dataSource.getConnection()) {
            List<T> rows = Jdbc.query(connection, select, mapper, values.toArray());
            long total = Jdbc.query(connection, count, (ResultSet row) -> row.getLong(1), filter.toArray())
                    .get(0);
            return new Rows<>(rows, total);
        } catch (SQLException e) {
            throw new StoreException("could not read a population report", e);
        }
    }
}
