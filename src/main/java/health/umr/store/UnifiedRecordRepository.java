package health.umr.store;

import health.umr.domain.Acknowledgement;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * What a cached read of the patient's current record is keyed on, without the record itself: the
     * newest version (number, when recorded, fingerprint, and the row's {@code xmin}, which any rewrite of
     * the row changes), and the count and newest sequence number of the patient's alert acknowledgements
     * (appended only, never changed: V17), in one query.
     *
     * @param version     the newest version's number
     * @param recordedAt  when it was recorded
     * @param fingerprint its fingerprint
     * @param row         the row's transaction id ({@code xmin})
     * @param acks        how many acknowledgements the patient's alerts have
     * @param lastAck     the newest acknowledgement's sequence number, 0 for none
     */
    public record Stamp(int version, Instant recordedAt, String fingerprint, long row, long acks, long lastAck) {}

    /**
     * The current version with its {@link Stamp} and the patient's acknowledgements (oldest first, as {@link
     * AcknowledgementRepository#findByPatient} gives them), from one query: what a read that may be cached
     * takes.
     */
    public record Stamped(Version version, Stamp stamp, List<Acknowledgement> acknowledgements) {}

    /**
     * {@link #current} with the version's {@link Stamp} and the patient's acknowledgements, in one statement:
     * a read's miss is one round trip whether or not its record has alerts. On a pooled backend that has
     * been idle a statement costs PostgreSQL ~0.5 ms of CPU whatever it does, twice one sent back to back
     * (bench/results/2026-12-02-read-pg.md), so a second statement for the acknowledgements cost more than
     * aggregating them here, for every patient, does (bench/results/2026-12-03-read-pg3.md). The stamp's
     * count and newest sequence number come from the same rows as the list.
     */
    public Optional<Stamped> currentStamped(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            """
                            SELECT u.version, u.recorded_at, u.fingerprint, u.content, u.xmin::text::bigint,
                                   a.acks, a.last_ack, a.acknowledgements::text
                            FROM (SELECT version, recorded_at, fingerprint, content, xmin, nhs_number
                                  FROM unified_record WHERE nhs_number = ? ORDER BY version DESC LIMIT 1) u
                            CROSS JOIN LATERAL (""" + AcknowledgementRepository.aggregateOf("u.nhs_number") + ") a",
                            row -> {
                                Instant recordedAt = Jdbc.instant(row, "recorded_at");
                                Version version = new Version(
                                        row.getInt(1),
                                        recordedAt,
                                        row.getString(3),
                                        RecordJson.readRecord(row.getBytes(4)));
                                return new Stamped(
                                        version,
                                        new Stamp(
                                                version.version(),
                                                recordedAt,
                                                version.fingerprint(),
                                                row.getLong(5),
                                                row.getLong(6),
                                                row.getLong(7)),
                                        AcknowledgementRepository.fromAggregate(nhsNumber, row.getString(8)));
                            },
                            nhsNumber.value())
                    .stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a unified record", e);
        }
    }

    /** The current version's {@link Stamp}, or empty when the patient has no record. */
    public Optional<Stamp> stamp(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            """
                            SELECT u.version, u.recorded_at, u.fingerprint, u.xmin::text::bigint,
                                   (SELECT count(*) FROM alert_acknowledgement a WHERE a.nhs_number = u.nhs_number),
                                   (SELECT coalesce(max(seq), 0) FROM alert_acknowledgement a
                                    WHERE a.nhs_number = u.nhs_number)
                            FROM unified_record u WHERE u.nhs_number = ? ORDER BY u.version DESC LIMIT 1""",
                            row -> new Stamp(
                                    row.getInt(1),
                                    Jdbc.instant(row, "recorded_at"),
                                    row.getString(3),
                                    row.getLong(4),
                                    row.getLong(5),
                                    row.getLong(6)),
                            nhsNumber.value())
                    .stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a unified record's version", e);
        }
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
                           (SELECT string_agg(alert->>'id', ',') FROM json_array_elements(content->'alerts') alert)
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
                    VALUES (?, ?, ?, ?, CAST(? AS json))""",
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

    /** The number and fingerprint of a patient's current version: what a refresh compares with. */
    public record Head(int version, String fingerprint) {}

    /** The current version's number and fingerprint of each of these patients (none: absent), in one query. */
    public Map<NhsNumber, Head> heads(Collection<NhsNumber> nhsNumbers) {
        Map<NhsNumber, Head> heads = new HashMap<>();
        if (nhsNumbers.isEmpty()) {
            return heads;
        }
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.query(
                    connection,
                    """
                    SELECT DISTINCT ON (nhs_number) nhs_number, version, fingerprint FROM unified_record
                    WHERE nhs_number = ANY (?::bpchar[]) ORDER BY nhs_number, version DESC""",
                    row -> heads.put(new NhsNumber(row.getString(1)), new Head(row.getInt(2), row.getString(3))),
                    nhsArray(connection, nhsNumbers));
            return heads;
        } catch (SQLException e) {
            throw new StoreException("could not read unified record versions", e);
        }
    }

    /** The stored record of each (patient, version) asked for, in one query. */
    public Map<NhsNumber, PatientRecord> records(Map<NhsNumber, Integer> versions) {
        Map<NhsNumber, PatientRecord> records = new HashMap<>();
        if (versions.isEmpty()) {
            return records;
        }
        List<NhsNumber> patients = new ArrayList<>(versions.keySet());
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.query(
                    connection,
                    """
                    SELECT u.nhs_number, u.content FROM unnest(?::bpchar[], ?::int4[]) AS k(nhs_number, version)
                    JOIN unified_record u ON u.nhs_number = k.nhs_number AND u.version = k.version""",
                    row -> records.put(new NhsNumber(row.getString(1)), RecordJson.readRecord(row.getBytes(2))),
                    nhsArray(connection, patients),
                    connection.createArrayOf(
                            "int4", patients.stream().map(versions::get).toArray(Integer[]::new)));
            return records;
        } catch (SQLException e) {
            throw new StoreException("could not read unified records", e);
        }
    }

    /** A new version of a patient's record, with its record-changed event. */
    public record NewVersion(PatientRecord record, int version, String fingerprint, String eventJson) {}

    /** Stores new versions and their record-changed events, in two statements, in the caller's transaction. */
    public void appendAll(List<NewVersion> versions, Instant recordedAt) {
        if (versions.isEmpty()) {
            return;
        }
        List<NhsNumber> patients =
                versions.stream().map(v -> v.record().nhsNumber()).toList();
        try (Connection connection = dataSource.getConnection()) {
            Object nhs = nhsArray(connection, patients);
            Object numbers = connection.createArrayOf(
                    "int4", versions.stream().map(NewVersion::version).toArray(Integer[]::new));
            Jdbc.update(
                    connection,
                    """
                    INSERT INTO unified_record (nhs_number, version, recorded_at, fingerprint, content)
                    SELECT nhs_number, version, ?, fingerprint, CAST(content AS json)
                    FROM unnest(?::bpchar[], ?::int4[], ?::bpchar[], ?::text[]) WITH ORDINALITY
                        AS v(nhs_number, version, fingerprint, content, ord)
                    ORDER BY ord""",
                    Timestamp.from(recordedAt),
                    nhs,
                    numbers,
                    connection.createArrayOf(
                            "text",
                            versions.stream().map(NewVersion::fingerprint).toArray(String[]::new)),
                    connection.createArrayOf(
                            "text",
                            versions.stream()
                                    .map(v -> RecordJson.write(v.record()))
                                    .toArray(String[]::new)));
            Jdbc.update(
                    connection,
                    """
                    INSERT INTO record_changed_outbox (nhs_number, version, payload)
                    SELECT nhs_number, version, CAST(payload AS jsonb)
                    FROM unnest(?::bpchar[], ?::int4[], ?::text[]) WITH ORDINALITY AS e(nhs_number, version, payload, ord)
                    ORDER BY ord""",
                    nhs,
                    numbers,
                    connection.createArrayOf(
                            "text", versions.stream().map(NewVersion::eventJson).toArray(String[]::new)));
        } catch (SQLException e) {
            throw new StoreException("could not store unified record versions", e);
        }
    }

    private static Object nhsArray(Connection connection, Collection<NhsNumber> nhsNumbers) throws SQLException {
        return connection.createArrayOf(
                "text", nhsNumbers.stream().map(NhsNumber::value).toArray(String[]::new));
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
                                    RecordJson.readRecord(row.getBytes(4))),
                            values)
                    .stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a unified record", e);
        }
    }
}
