package health.umr.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.ClinicalRecord;
import health.umr.domain.Dosage;
import health.umr.domain.EncounterRecord;
import health.umr.domain.MedicationCode;
import health.umr.domain.NhsNumber;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.Sha256;
import health.umr.domain.SourceRecord;
import health.umr.domain.VersionStamp;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Source records: one row per (source, kind, business key) holding the newest version.
 * The upsert is one statement, so any number of concurrent senders of one resource end
 * with one row and all succeed.
 */
@ApplicationScoped
public class SourceRecordRepository {

    /** What storing a version did. */
    public enum Change {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /**
     * @param movedFrom the NHS number the record belonged to before this write, when the write moved
     *                  it to another patient (whose unified records both change); otherwise null
     */
    public record Stored(String logicalId, int version, Change change, String movedFrom) {

        public Stored(String logicalId, int version, Change change) {
            this(logicalId, version, change, null);
        }
    }

    /*
     * The held row's NHS number is read in the same statement (the CTE sees the row as it was before
     * the upsert), so a record a resend moves to another patient names the patient it left.
     */
    private static final String UPSERT_TEMPLATE = """
            WITH held AS (
                SELECT nhs_number FROM source_record WHERE source_id = ? AND resource_type = ? AND business_key = ?),
            written AS (
            INSERT INTO source_record (logical_id, source_id, resource_type, business_key, resource_id, nhs_number,
                medication, medication_text, status, intent, category, dosage, dosage_text, encounter_class,
                effective_start, effective_end, date_asserted, based_on, group_identifier, identifiers,
                last_updated, version_number, received_seq, content_sha256, resource, status_reason,
                indication)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, CAST(? AS jsonb), ?,
                CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT ON CONSTRAINT source_record_once DO UPDATE SET
                resource_id = EXCLUDED.resource_id, nhs_number = EXCLUDED.nhs_number,
                medication = EXCLUDED.medication, medication_text = EXCLUDED.medication_text,
                status = EXCLUDED.status, intent = EXCLUDED.intent, category = EXCLUDED.category,
                dosage = EXCLUDED.dosage, dosage_text = EXCLUDED.dosage_text, encounter_class = EXCLUDED.encounter_class,
                effective_start = EXCLUDED.effective_start, effective_end = EXCLUDED.effective_end,
                date_asserted = EXCLUDED.date_asserted, based_on = EXCLUDED.based_on,
                group_identifier = EXCLUDED.group_identifier, identifiers = EXCLUDED.identifiers,
                last_updated = EXCLUDED.last_updated, version_number = EXCLUDED.version_number,
                received_seq = EXCLUDED.received_seq, content_sha256 = EXCLUDED.content_sha256,
                resource = EXCLUDED.resource, status_reason = EXCLUDED.status_reason,
                indication = EXCLUDED.indication, stored_at = now(),
                version = source_record.version + CASE WHEN source_record.content_sha256 = EXCLUDED.content_sha256 THEN 0 ELSE 1 END
            WHERE %s
            RETURNING logical_id, version, (xmax = 0) AS created, nhs_number)
            SELECT written.logical_id, written.version, written.created,
                (SELECT held.nhs_number FROM held WHERE held.nhs_number <> written.nhs_number)
            FROM written""";

    private static final String NEW_STAMP =
            "(COALESCE(EXCLUDED.last_updated, '-infinity'::timestamptz), COALESCE(EXCLUDED.version_number, -1), EXCLUDED.received_seq)";
    private static final String HELD_STAMP =
            "(COALESCE(source_record.last_updated, '-infinity'::timestamptz), COALESCE(source_record.version_number, -1), source_record.received_seq)";

    /** Ingest: a different content with a newer version stamp replaces what is held; anything else changes nothing. */
    private static final String UPSERT = UPSERT_TEMPLATE.formatted(
            "source_record.content_sha256 <> EXCLUDED.content_sha256 AND " + NEW_STAMP + " > " + HELD_STAMP);

    /**
     * On rebuild the same version is written again (its columns re-derived from the log by today's
     * mapper), but never over a newer one.
     */
    private static final String REBUILD_UPSERT = UPSERT_TEMPLATE.formatted(NEW_STAMP + " >= " + HELD_STAMP);

    private final DataSource dataSource;
    private final ObjectMapper json;

    public SourceRecordRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Stores the record if it is new or newer than what is held (VersionStamp order) and its
     * content differs; otherwise changes nothing. Runs inside the caller's transaction.
     *
     * @param rebuild re-derive the held version's columns too (see {@link #REBUILD_UPSERT})
     */
    public Stored upsert(ClinicalRecord record, String resourceJson, long receivedSequence, boolean rebuild) {
        String contentHash = Sha256.hex(resourceJson);
        RecordKey key = record.key();
        try (Connection connection = dataSource.getConnection()) {
            String logicalId = chooseLogicalId(connection, record);
            List<Stored> changed = Jdbc.query(
                    connection,
                    rebuild ? REBUILD_UPSERT : UPSERT,
                    row -> new Stored(
                            row.getString(1),
                            row.getInt(2),
                            row.getBoolean(3) ? Change.CREATED : Change.UPDATED,
                            row.getString(4)),
                    withHeldKey(key, columns(record, logicalId, resourceJson, receivedSequence, contentHash)));
            if (!changed.isEmpty()) {
                return changed.get(0);
            }
            return Jdbc.query(
                            connection,
                            """
                    SELECT logical_id, version FROM source_record
                    WHERE source_id = ? AND resource_type = ? AND business_key = ?""",
                            row -> new Stored(row.getString(1), row.getInt(2), Change.UNCHANGED),
                            key.sourceId(),
                            key.kind().resourceType(),
                            key.businessKey())
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not store a source record", e);
        }
    }

    public Optional<StoredResource> findByLogicalId(String resourceType, String logicalId) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, """
                    SELECT resource_type, logical_id, version, stored_at, source_id, resource FROM source_record
                    WHERE resource_type = ? AND logical_id = ?""", SourceRecordRepository::toStoredResource, resourceType, logicalId)
                    .stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a source record", e);
        }
    }

    /** The logical id of the record a source holds under a business key, if any. */
    public Optional<String> findLogicalId(RecordKey key) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            """
                    SELECT logical_id FROM source_record WHERE source_id = ? AND resource_type = ? AND business_key = ?""",
                            row -> row.getString(1),
                            key.sourceId(),
                            key.kind().resourceType(),
                            key.businessKey())
                    .stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a source record", e);
        }
    }

    /** A source record with the id UMR serves it under. */
    public record Loaded(ClinicalRecord record, String logicalId) {}

    /** Every current source record of one patient (medicines and encounters), entered-in-error ones included. */
    public List<Loaded> findByPatient(String nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, """
                    SELECT source_id, resource_type, business_key, resource_id, nhs_number, medication, status, intent,
                           category, dosage, encounter_class, effective_start, effective_end, date_asserted, based_on,
                           group_identifier, identifiers, last_updated, version_number, received_seq, logical_id,
                           status_reason, indication
                    FROM source_record WHERE nhs_number = ?""", this::toLoaded, nhsNumber);
        } catch (SQLException e) {
            throw new StoreException("could not read a patient's source records", e);
        }
    }

    private Loaded toLoaded(ResultSet row) throws SQLException {
        RecordKey key = new RecordKey(
                row.getString("source_id"),
                RecordKind.ofResourceType(row.getString("resource_type")),
                row.getString("business_key"));
        NhsNumber nhs = new NhsNumber(row.getString("nhs_number"));
        VersionStamp version = new VersionStamp(
                Jdbc.instant(row, "last_updated"),
                row.getObject("version_number") == null ? null : row.getLong("version_number"),
                row.getLong("received_seq"));
        List<String> identifiers = read(row.getString("identifiers"), STRINGS);
        ClinicalRecord record;
        if (key.kind() == RecordKind.ENCOUNTER) {
            record = new EncounterRecord(
                    key,
                    row.getString("resource_id"),
                    nhs,
                    row.getString("encounter_class"),
                    row.getString("status"),
                    row.getString("effective_start"),
                    row.getString("effective_end"),
                    identifiers,
                    version);
        } else {
            record = new SourceRecord(
                    key,
                    row.getString("resource_id"),
                    nhs,
                    read(row.getString("medication"), MEDICATION),
                    row.getString("status"),
                    row.getString("intent"),
                    row.getString("category"),
                    read(row.getString("dosage"), DOSAGE),
                    row.getString("effective_start"),
                    row.getString("effective_end"),
                    row.getString("date_asserted"),
                    read(row.getString("based_on"), STRINGS),
                    row.getString("group_identifier"),
                    identifiers,
                    version,
                    row.getString("status_reason"),
                    row.getString("indication"));
        }
        return new Loaded(record, row.getString("logical_id"));
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<MedicationCode> MEDICATION = new TypeReference<>() {};
    private static final TypeReference<Dosage> DOSAGE = new TypeReference<>() {};

    private <T> T read(String text, TypeReference<T> type) throws SQLException {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new SQLException("a JSON column does not read back", e);
        }
    }

    /**
     * One page of a search, in the search's order: up to {@code limit + 1} rows from the keyset on
     * (before the keyset they come nearest first, so the caller reverses them).
     */
    public List<FoundRecord> search(RecordSearch search) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, stored_at, logical_id, resource_type, version, source_id, resource FROM source_record");
        List<Object> values = new ArrayList<>();
        where(search, sql, values);
        String key = switch (search.order()) {
            case RECEIVED -> null;
            case LAST_UPDATED -> "stored_at";
            case ID -> "logical_id";
        };
        RecordSearch.Keyset keyset = search.keyset();
        boolean backwards = keyset != null && keyset.before();
        boolean descending = search.descending() != backwards;
        if (keyset != null) {
            String comparison = descending ? "<" : ">";
            if (key == null) {
                sql.append(" AND id ").append(comparison).append(" ?");
            } else {
                sql.append(" AND (")
                        .append(key)
                        .append(", id) ")
                        .append(comparison)
                        .append(" (?, ?)");
                values.add(
                        search.order() == RecordSearch.Order.LAST_UPDATED
                                ? Jdbc.timestamp(microsToInstant(keyset.key()))
                                : keyset.key());
            }
            values.add(keyset.rowId());
        }
        String direction = descending ? " DESC" : " ASC";
        sql.append(" ORDER BY ")
                .append(key == null ? "" : key + direction + ", ")
                .append("id")
                .append(direction)
                .append(" LIMIT ?");
        values.add(search.limit() + 1);
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    sql.toString(),
                    row -> {
                        StoredResource resource = new StoredResource(
                                row.getString(4),
                                row.getString(3),
                                row.getInt(5),
                                Jdbc.instant(row, "stored_at"),
                                row.getString(6),
                                row.getString(7));
                        String sortKey = switch (search.order()) {
                            case RECEIVED -> "";
                            case LAST_UPDATED -> instantToMicros(resource.storedAt());
                            case ID -> resource.logicalId();
                        };
                        return new FoundRecord(row.getLong(1), sortKey, resource);
                    },
                    values.toArray());
        } catch (SQLException e) {
            throw new StoreException("could not search source records", e);
        }
    }

    /** How many records the search's criteria match (its keyset and limit aside). */
    public long count(RecordSearch search) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM source_record");
        List<Object> values = new ArrayList<>();
        where(search, sql, values);
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, sql.toString(), row -> row.getLong(1), values.toArray())
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not count source records", e);
        }
    }

    private static void where(RecordSearch search, StringBuilder sql, List<Object> values) {
        sql.append(" WHERE resource_type = ?");
        values.add(search.resourceType());
        if (search.nhsNumber() != null) {
            sql.append(" AND nhs_number = ?");
            values.add(search.nhsNumber());
        }
        in(sql, values, "status", search.statuses());
        in(sql, values, "logical_id", search.logicalIds());
        if (search.identifier() != null) {
            appendIdentifier(sql, values, search.identifier());
        }
        if (search.medicationCodes() != null) {
            if (search.medicationCodes().isEmpty()) {
                sql.append(" AND false");
            } else {
                sql.append(
                        " AND EXISTS (SELECT 1 FROM jsonb_array_elements(medication -> 'codings') c WHERE c ->> 'code' IN (");
                appendPlaceholders(sql, values, search.medicationCodes());
                sql.append("))");
            }
        }
        if (search.lastUpdatedFrom() != null) {
            sql.append(" AND stored_at >= ?");
            values.add(Jdbc.timestamp(search.lastUpdatedFrom()));
        }
        if (search.lastUpdatedTo() != null) {
            sql.append(" AND stored_at < ?");
            values.add(Jdbc.timestamp(search.lastUpdatedTo()));
        }
    }

    private static void in(StringBuilder sql, List<Object> values, String column, List<String> any) {
        if (any != null && !any.isEmpty()) {
            sql.append(" AND ").append(column).append(" IN (");
            appendPlaceholders(sql, values, any);
            sql.append(')');
        }
    }

    private static void appendPlaceholders(StringBuilder sql, List<Object> values, java.util.Collection<String> items) {
        boolean first = true;
        for (String item : items) {
            sql.append(first ? "?" : ", ?");
            values.add(item);
            first = false;
        }
    }

    /** stored_at as a keyset key: microseconds since the epoch, PostgreSQL's own precision. */
    private static String instantToMicros(java.time.Instant instant) {
        return String.valueOf(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
    }

    private static java.time.Instant microsToInstant(String micros) {
        long value = Long.parseLong(micros);
        return java.time.Instant.ofEpochSecond(
                Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
    }

    public long count() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, "SELECT count(*) FROM source_record", row -> row.getLong(1))
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not count source records", e);
        }
    }

    /**
     * "system|value" matches exactly; "system|" any value under the system; "|value" or "value" the
     * value under any system.
     */
    private static void appendIdentifier(StringBuilder sql, List<Object> values, String identifier) {
        int bar = identifier.indexOf('|');
        if (bar > 0 && bar == identifier.length() - 1) {
            sql.append(
                    " AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(identifiers) i WHERE i LIKE ? ESCAPE '\\')");
            values.add(like(identifier) + "%");
        } else if (bar > 0) {
            sql.append(" AND identifiers @> CAST(? AS jsonb)");
            values.add("[\"" + jsonEscape(identifier) + "\"]");
        } else {
            String value = bar < 0 ? identifier : identifier.substring(1);
            sql.append(
                    " AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(identifiers) i WHERE i LIKE ? ESCAPE '\\')");
            values.add("%|" + like(value));
        }
    }

    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * The id a client sent is kept where it is free, so a client that PUTs /MedicationStatement/abc
     * reads it back there; otherwise a stable id derived from the record key.
     */
    private static Object[] withHeldKey(RecordKey key, Object[] columns) {
        Object[] values = new Object[columns.length + 3];
        values[0] = key.sourceId();
        values[1] = key.kind().resourceType();
        values[2] = key.businessKey();
        System.arraycopy(columns, 0, values, 3, columns.length);
        return values;
    }

    private static String chooseLogicalId(Connection connection, ClinicalRecord record) throws SQLException {
        RecordKey key = record.key();
        String derived = Sha256.hex(key.sourceId() + "\n" + key.kind() + "\n" + key.businessKey())
                .substring(0, 32);
        if (record.resourceId() == null) {
            return derived;
        }
        List<Boolean> holders = Jdbc.query(
                connection,
                """
                SELECT source_id = ? AND business_key = ? FROM source_record WHERE resource_type = ? AND logical_id = ?""",
                row -> row.getBoolean(1),
                key.sourceId(),
                key.businessKey(),
                key.kind().resourceType(),
                record.resourceId());
        return holders.isEmpty() || holders.get(0) ? record.resourceId() : derived;
    }

    private Object[] columns(
            ClinicalRecord record, String logicalId, String resourceJson, long receivedSequence, String contentHash)
            throws SQLException {
        RecordKey key = record.key();
        Object medication = Jdbc.NULL_TEXT;
        Object medicationText = Jdbc.NULL_TEXT;
        Object intent = Jdbc.NULL_TEXT;
        Object category = Jdbc.NULL_TEXT;
        Object dosage = Jdbc.NULL_TEXT;
        Object dosageText = Jdbc.NULL_TEXT;
        Object encounterClass = Jdbc.NULL_TEXT;
        Object start;
        Object end;
        Object dateAsserted = Jdbc.NULL_TEXT;
        Object basedOn = "[]";
        Object group = Jdbc.NULL_TEXT;
        Object identifiers = "[]";
        Object statusReason = Jdbc.NULL_TEXT;
        Object indication = Jdbc.NULL_TEXT;
        if (record instanceof SourceRecord medicine) {
            statusReason = Jdbc.text(medicine.statusReason());
            indication = Jdbc.text(medicine.indication());
            medication = write(medicine.medication());
            medicationText = Jdbc.text(medicine.medication().text());
            intent = Jdbc.text(medicine.intent());
            category = Jdbc.text(medicine.category());
            dosage = write(medicine.dosage());
            dosageText = Jdbc.text(medicine.dosage().text());
            start = Jdbc.text(medicine.effectiveStart());
            end = Jdbc.text(medicine.effectiveEnd());
            dateAsserted = Jdbc.text(medicine.dateAsserted());
            basedOn = write(medicine.basedOn());
            group = Jdbc.text(medicine.groupIdentifier());
            identifiers = write(medicine.identifiers());
        } else {
            EncounterRecord encounter = (EncounterRecord) record;
            encounterClass = Jdbc.text(encounter.encounterClass());
            start = Jdbc.text(encounter.periodStart());
            end = Jdbc.text(encounter.periodEnd());
            identifiers = write(encounter.identifiers());
        }
        return new Object[] {
            logicalId,
            key.sourceId(),
            key.kind().resourceType(),
            key.businessKey(),
            Jdbc.text(record.resourceId()),
            record.nhsNumber().value(),
            medication,
            medicationText,
            record.status(),
            intent,
            category,
            dosage,
            dosageText,
            encounterClass,
            start,
            end,
            dateAsserted,
            basedOn,
            group,
            identifiers,
            Jdbc.timestamp(record.version().lastUpdated()),
            Jdbc.bigint(record.version().versionNumber()),
            receivedSequence,
            contentHash,
            resourceJson,
            statusReason,
            indication
        };
    }

    private String write(Object value) throws SQLException {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("could not write a JSON column", e);
        }
    }

    private static StoredResource toStoredResource(ResultSet row) throws SQLException {
        return new StoredResource(
                row.getString(1),
                row.getString(2),
                row.getInt(3),
                Jdbc.instant(row, "stored_at"),
                row.getString(5),
                row.getString(6));
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
