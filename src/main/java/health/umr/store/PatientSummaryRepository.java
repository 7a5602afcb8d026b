package health.umr.store;

import com.fasterxml.jackson.core.type.TypeReference;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientSummary;
import jakarta.enterprise.context.ApplicationScoped;
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

    /**
     * Writes many summaries, in the caller's transaction, in one statement for the whole list: each
     * column is an array (element i is summary i, rows written in the order given), and the per-source
     * counts and valproate sources are flat arrays keyed by their summary's position. The rows are
     * those {@link #save} one after the other would leave: a patient named twice keeps the last.
     */
    public void saveAll(List<Save> saves, Instant now) {
        if (saves.isEmpty()) {
            return;
        }
        Map<NhsNumber, Save> last = new LinkedHashMap<>();
        for (Save save : saves) {
            last.put(save.summary().nhsNumber(), save);
        }
        int n = last.size();
        String[] nhs = new String[n];
        String[] gender = new String[n];
        String[] born = new String[n];
        String[] gp = new String[n];
        Integer[] acb = new Integer[n];
        String[] acbMedicines = new String[n];
        Boolean[] admitted = new Boolean[n];
        String[] admitting = new String[n];
        String[] admittedSince = new String[n];
        String[] omissionSince = new String[n];
        String[] alerts = new String[n];
        String[] sha = new String[n];
        List<Integer> valproateRow = new ArrayList<>();
        List<String> valproateSource = new ArrayList<>();
        List<Integer> statRow = new ArrayList<>();
        List<String> statSource = new ArrayList<>();
        List<Integer> records = new ArrayList<>();
        List<Integer> medicines = new ArrayList<>();
        List<Integer> unmapped = new ArrayList<>();
        List<Integer> noStructuredDose = new ArrayList<>();
        List<Integer> textOnly = new ArrayList<>();
        int row = 0;
        for (Save save : last.values()) {
            PatientSummary summary = save.summary();
            nhs[row] = summary.nhsNumber().value();
            gender[row] = summary.gender();
            born[row] = summary.birthDate() == null ? null : summary.birthDate().toString();
            gp[row] = summary.gpSourceId();
            acb[row] = summary.acbScore();
            acbMedicines[row] = RecordJson.write(summary.acbMedicines());
            admitted[row] = summary.admitted();
            admitting[row] = summary.admittingSourceId();
            admittedSince[row] = summary.admittedSince();
            Instant omission = summary.omissionSince();
            // as the driver sends a Timestamp: to the microsecond, rounded half up
            omissionSince[row] = omission == null
                    ? null
                    : AuditEventRepository.toMicros(omission).toString();
            alerts[row] = RecordJson.write(summary.alerts());
            sha[row] = save.contentSha256();
            for (String source : summary.valproateSources()) {
                valproateRow.add(row);
                valproateSource.add(source);
            }
            for (PatientSummary.SourceStats stats : summary.sources()) {
                statRow.add(row);
                statSource.add(stats.sourceId());
                records.add(stats.records());
                medicines.add(stats.medicines());
                unmapped.add(stats.unmapped());
                noStructuredDose.add(stats.noStructuredDose());
                textOnly.add(stats.textOnly());
            }
            row++;
        }
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(
                    connection,
                    SAVE_ALL,
                    connection.createArrayOf("text", nhs),
                    connection.createArrayOf("text", gender),
                    connection.createArrayOf("text", born),
                    connection.createArrayOf("text", gp),
                    connection.createArrayOf("int4", acb),
                    connection.createArrayOf("text", acbMedicines),
                    connection.createArrayOf("bool", admitted),
                    connection.createArrayOf("text", admitting),
                    connection.createArrayOf("text", admittedSince),
                    connection.createArrayOf("text", omissionSince),
                    connection.createArrayOf("text", alerts),
                    connection.createArrayOf("text", sha),
                    connection.createArrayOf("int4", valproateRow.toArray(Integer[]::new)),
                    connection.createArrayOf("text", valproateSource.toArray(String[]::new)),
                    Timestamp.from(now),
                    connection.createArrayOf("int4", statRow.toArray(Integer[]::new)),
                    connection.createArrayOf("text", statSource.toArray(String[]::new)),
                    connection.createArrayOf("int4", records.toArray(Integer[]::new)),
                    connection.createArrayOf("int4", medicines.toArray(Integer[]::new)),
                    connection.createArrayOf("int4", unmapped.toArray(Integer[]::new)),
                    connection.createArrayOf("int4", noStructuredDose.toArray(Integer[]::new)),
                    connection.createArrayOf("int4", textOnly.toArray(Integer[]::new)));
        } catch (SQLException e) {
            throw new StoreException("could not store patient summaries", e);
        }
    }

    /**
     * The summaries ({@code s}, positions from 0) and their per-source counts ({@code st}, keyed by
     * position): each summary upserted; each patient's counts of sources it no longer names deleted,
     * the others upserted (the delete and the inserts see the rows as they were, and touch different
     * ones).
     */
    private static final String SAVE_ALL = """
                    WITH s AS (
                        SELECT * FROM unnest(?::bpchar[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[],
                            ?::bool[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                            AS s(nhs_number, gender, born, gp, acb, acb_medicines, admitted, admitting, admitted_since,
                                omission_since, alerts, sha, ord)),
                    v AS (SELECT * FROM unnest(?::int4[], ?::text[]) WITH ORDINALITY AS v(k, source, ord)),
                    summary AS (
                        INSERT INTO patient_summary (nhs_number, gender, birth_date, gp_source_id, acb_score,
                            acb_medicines, valproate_sources, admitted, admitting_source_id, admitted_since,
                            omission_since, alerts, content_sha256, updated_at)
                        SELECT nhs_number, gender, CAST(born AS date), gp, acb, CAST(acb_medicines AS jsonb),
                            (SELECT array_agg(v.source ORDER BY v.ord) FROM v WHERE v.k = s.ord - 1), admitted,
                            admitting, admitted_since, CAST(omission_since AS timestamptz), CAST(alerts AS jsonb), sha,
                            CAST(? AS timestamptz)
                        FROM s ORDER BY ord
                        ON CONFLICT (nhs_number) DO UPDATE SET gender = EXCLUDED.gender,
                            birth_date = EXCLUDED.birth_date, gp_source_id = EXCLUDED.gp_source_id,
                            acb_score = EXCLUDED.acb_score, acb_medicines = EXCLUDED.acb_medicines,
                            valproate_sources = EXCLUDED.valproate_sources, admitted = EXCLUDED.admitted,
                            admitting_source_id = EXCLUDED.admitting_source_id, admitted_since = EXCLUDED.admitted_since,
                            omission_since = EXCLUDED.omission_since, alerts = EXCLUDED.alerts,
                            content_sha256 = EXCLUDED.content_sha256, updated_at = EXCLUDED.updated_at),
                    st AS (
                        SELECT s.nhs_number, t.source, t.records, t.medicines, t.unmapped, t.no_structured_dose,
                            t.text_only, s.ord, t.ord AS stat_ord
                        FROM unnest(?::int4[], ?::text[], ?::int4[], ?::int4[], ?::int4[], ?::int4[], ?::int4[])
                            WITH ORDINALITY AS t(k, source, records, medicines, unmapped, no_structured_dose,
                                text_only, ord)
                        JOIN s ON s.ord = t.k + 1),
                    gone AS (
                        DELETE FROM source_patient_stats d USING s WHERE d.nhs_number = s.nhs_number
                            AND NOT EXISTS (SELECT 1 FROM st WHERE st.ord = s.ord AND st.source = d.source_id))
                    INSERT INTO source_patient_stats (nhs_number, source_id, records, medicines, unmapped,
                        no_structured_dose, text_only)
                    SELECT nhs_number, source, records, medicines, unmapped, no_structured_dose, text_only
                    FROM st ORDER BY ord, stat_ord
                    ON CONFLICT (nhs_number, source_id) DO UPDATE SET records = EXCLUDED.records,
                        medicines = EXCLUDED.medicines, unmapped = EXCLUDED.unmapped,
                        no_structured_dose = EXCLUDED.no_structured_dose, text_only = EXCLUDED.text_only""";

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
