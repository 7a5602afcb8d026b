package health.umr.store;

import health.umr.domain.NhsNumber;
import health.umr.domain.PatientRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The versions of each patient's unified record, and the record-changed events beside them. */
@ApplicationScoped
public class UnifiedRecordRepository {

    /** One stored version. */
    public record Version(int version, Instant recordedAt, String fingerprint, PatientRecord record) {}

    /** One stored version without its content: when it was recorded and which alerts it held. */
    public record VersionSummary(int version, Instant recordedAt, List<String> alertIds) {}

    private final DataSource dataSource;

    public UnifiedRecordRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Version> current(NhsNumber nhsNumber) {
        return find(
                "SELECT version, recorded_at, fingerprint, content FROM unified_record WHERE nhs_number = ? "
                        + "ORDER BY version DESC LIMIT 1",
                nhsNumber.value());
    }

    /** The version that was current at an instant. */
    public Optional<Version> at(NhsNumber nhsNumber, Instant instant) {
        return find(
                "SELECT version, recorded_at, fingerprint, content FROM unified_record WHERE nhs_number = ? "
                        + "AND recorded_at <= ? ORDER BY version DESC LIMIT 1",
                nhsNumber.value(),
                Timestamp.from(instant));
    }

    /** Every version of a patient's record, oldest first, without the record itself. */
    public List<VersionSummary> versions(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    """
                    SELECT version, recorded_at,
                           (SELECT string_agg(alert->>'id', ',') FROM jsonb_array_elements(content->'alerts') alert)
                    FROM unified_record WHERE nhs_number = ? ORDER BY version""",
                    row -> new VersionSummary(
                            row.getInt(1),
                            Jdbc.instant(row, "recorded_at"),
                            row.getString(3) == null
                                    ? List.of()
                                    : List.of(row.getString(3).split(","))),
                    nhsNumber.value());
        } catch (SQLException e) {
            throw new StoreException("could not list the versions of a unified record", e);
        }
    }

    /** Stores a new version and its record-changed event, in the caller's transaction. */
    public void append(PatientRecord record, int version, Instant recordedAt, String fingerprint, String eventJson) {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(
                    connection,
                    """
                    INSERT INTO unified_record (nhs_number, version, recorded_at, fingerprint, content)
                    VALUES (?, ?, ?, ?, CAST(? AS jsonb))""",
                    record.nhsNumber().value(),
                    version,
                    Timestamp.from(recordedAt),
                    fingerprint,
                    RecordJson.write(record));
            Jdbc.update(connection, """
                    INSERT INTO record_changed_outbox (nhs_number, version, payload) VALUES (?, ?, CAST(? AS jsonb))""", record.nhsNumber().value(), version, eventJson);
        } catch (SQLException e) {
            throw new StoreException("could not store a unified record version", e);
        }
    }

    /** A fingerprint of every patient's current record, in NHS-number order: what replays compare. */
    public List<String> currentFingerprints() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, """
                    SELECT DISTINCT ON (nhs_number) nhs_number || ':' || fingerprint FROM unified_record
                    ORDER BY nhs_number, version DESC""", row -> row.getString(1));
        } catch (SQLException e) {
            throw new StoreException("could not read the record fingerprints", e);
        }
    }

    private Optional<Version> find(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            sql,
                            row -> new Version(
                                    row.getInt(1),
                                    Jdbc.instant(row, "recorded_at"),
                                    row.getString(3),
                                    RecordJson.read(row.getString(4), PatientRecord.class)),
                            values)
                    .stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a unified record", e);
        }
    }
}
