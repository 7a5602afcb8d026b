package health.umr.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    private static final String COLUMNS = """
            logical_id, source_id, resource_type, business_key, resource_id, nhs_number,
            medication, medication_text, status, intent, category, dosage, dosage_text, encounter_class,
            effective_start, effective_end, date_asserted, based_on, group_identifier, identifiers,
            last_updated, version_number, received_seq, content_sha256, resource, status_reason, indication""";

    /**
     * Many rows in one statement: each column is an array (element i is row i), inserted in the
     * arrays' order, which is the lock order the caller sorted them in. The held rows' NHS numbers
     * are read in the same statement (a CTE sees the rows as they were before the upsert), so a
     * record a resend moves to another patient names the patient it left. Only an updated row is looked
     * up there: a created row had no row under its key before (source records are never deleted), so
     * it left no patient, and a batch of new records (most Kafka batches) skips one index probe a row.
     */
    private static final String UPSERT_TEMPLATE = """
            WITH r AS (
                SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::varchar[], ?::varchar[],
                    ?::text[], ?::text[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[], ?::varchar[],
                    ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
                    ?::bigint[], ?::varchar[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS r(%1$s, ord)),
            held AS (
                SELECT s.source_id, s.resource_type, s.business_key, s.nhs_number FROM source_record s
                JOIN r ON s.source_id = r.source_id AND s.resource_type = r.resource_type
                    AND s.business_key = r.business_key),
            written AS (
            INSERT INTO source_record (%1$s)
            SELECT logical_id, source_id, resource_type, business_key, resource_id, nhs_number,
                CAST(medication AS jsonb), medication_text, status, intent, category, CAST(dosage AS jsonb),
                dosage_text, encounter_class, effective_start, effective_end, date_asserted, CAST(based_on AS jsonb),
                group_identifier, CAST(identifiers AS jsonb), CAST(last_updated AS timestamptz), version_number,
                received_seq, content_sha256, resource, status_reason, indication
            FROM r
            ORDER BY ord
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
            WHERE %2$s
            RETURNING source_id, resource_type, business_key, logical_id, version, (xmax = 0) AS created, nhs_number)
            SELECT w.source_id, w.resource_type, w.business_key, w.logical_id, w.version, w.created,
                CASE WHEN NOT w.created THEN (SELECT h.nhs_number FROM held h WHERE h.source_id = w.source_id
                    AND h.resource_type = w.resource_type AND h.business_key = w.business_key
                    AND h.nhs_number <> w.nhs_number) END
            FROM written w""";

    private static final String NEW_STAMP =
            "(COALESCE(EXCLUDED.last_updated, '-infinity'::timestamptz), COALESCE(EXCLUDED.version_number, -1), EXCLUDED.received_seq)";
    private static final String HELD_STAMP =
            "(COALESCE(source_record.last_updated, '-infinity'::timestamptz), COALESCE(source_record.version_number, -1), source_record.received_seq)";

    /** Ingest: a different content with a newer version stamp replaces what is held; anything else changes nothing. */
    private static final String UPSERT = UPSERT_TEMPLATE.formatted(
            COLUMNS, "source_record.content_sha256 <> EXCLUDED.content_sha256 AND " + NEW_STAMP + " > " + HELD_STAMP);

    /**
     * On rebuild the same version is written again (its columns re-derived from the log by today's
     * mapper), but never over a newer one.
     */
    private static final String REBUILD_UPSERT = UPSERT_TEMPLATE.formatted(COLUMNS, NEW_STAMP + " >= " + HELD_STAMP);

    /** One record to store: the record as mapped, the resource as received, and the log entry that brought it. */
    public record Upsert(ClinicalRecord record, String resourceJson, long receivedSequence) {}

    private final DataSource dataSource;
    private final ObjectMapper json;

    public SourceRecordRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
        // the readers' own copy of the mapper, with Jackson's per-thread buffer pool: the shared
        // mapper's pool (Vert.x's) cost about 4% of a rebuild's Java time in its profile
        ObjectMapper readers = json.copy();
        readers.getFactory().setRecyclerPool(JsonRecyclerPools.threadLocalPool());
        this.stringsReader = readers.readerFor(new TypeReference<List<String>>() {});
        this.medicationReader = readers.readerFor(MedicationCode.class);
        this.dosageReader = readers.readerFor(Dosage.class);
    }

    /**
     * Stores the record if it is new or newer than what is held (VersionStamp order) and its
     * content differs; otherwise changes nothing. Runs inside the caller's transaction.
     *
     * @param rebuild re-derive the held version's columns too (see {@link #REBUILD_UPSERT})
     */
    public Stored upsert(ClinicalRecord record, String resourceJson, long receivedSequence, boolean rebuild) {
        return upsertAll(List.of(new Upsert(record, resourceJson, receivedSequence)), rebuild)
                .get(0);
    }

    /**
     * Stores many records as {@link #upsert} would one after the other, in arrival order, but in a
     * few statements: one upsert (and one look-up of ids, one of unchanged rows) per round, where a
     * round holds at most one version of each record and one claimant of each resource id. Nearly
     * every batch is one round; a later version of a record already in the batch waits for the next,
     * so it meets what the earlier one left, exactly as it would have one by one. Within a round
     * rows are written in lock order (kind, source, business key), so concurrent batches cannot
     * deadlock on them.
     *
     * @return what became of each, in the order given
     */
    public List<Stored> upsertAll(List<Upsert> upserts, boolean rebuild) {
        Stored[] results = new Stored[upserts.size()];
        List<List<Integer>> rounds = rounds(upserts);
        try (Connection connection = dataSource.getConnection()) {
            for (List<Integer> round : rounds) {
                round.sort(Comparator.comparing(
                        i -> lockOrder(upserts.get(i).record().key())));
                upsertRound(connection, upserts, round, rebuild, results);
            }
        } catch (SQLException e) {
            throw new StoreException("could not store source records", e);
        }
        return Arrays.asList(results);
    }

    /** Arrival positions split so that no round holds one record key, or one claimed resource id, twice. */
    private static List<List<Integer>> rounds(List<Upsert> upserts) {
        Map<String, Integer> keyRound = new HashMap<>();
        Map<String, Integer> claimRound = new HashMap<>();
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < upserts.size(); i++) {
            ClinicalRecord record = upserts.get(i).record();
            String key = record.key().text();
            String claim =
                    record.resourceId() == null ? null : record.key().kind().resourceType() + "/" + record.resourceId();
            int round = keyRound.getOrDefault(key, -1) + 1;
            if (claim != null) {
                round = Math.max(round, claimRound.getOrDefault(claim, -1) + 1);
                claimRound.put(claim, round);
            }
            keyRound.put(key, round);
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        return rounds;
    }

    private static String lockOrder(RecordKey key) {
        return key.kind() + "|" + key.sourceId() + "|" + key.businessKey();
    }

    private void upsertRound(
            Connection connection, List<Upsert> upserts, List<Integer> round, boolean rebuild, Stored[] results)
            throws SQLException {
        Map<String, String> logicalIds = chooseLogicalIds(connection, upserts, round);
        int n = round.size();
        Object[][] columns = new Object[27][];
        for (int c = 0; c < 27; c++) {
            columns[c] = c == 21 || c == 22 ? new Long[n] : new String[n];
        }
        for (int row = 0; row < n; row++) {
            Upsert upsert = upserts.get(round.get(row));
            Object[] values = columns(
                    upsert.record(),
                    logicalIds.get(upsert.record().key().text()),
                    upsert.resourceJson(),
                    upsert.receivedSequence(),
                    Sha256.hex(upsert.resourceJson()));
            for (int c = 0; c < values.length; c++) {
                columns[c][row] = values[c];
            }
        }
        Object[] arrays = new Object[27];
        for (int c = 0; c < 27; c++) {
            arrays[c] = connection.createArrayOf(c == 21 || c == 22 ? "int8" : "text", columns[c]);
        }
        Map<String, Stored> written = new HashMap<>();
        Jdbc.query(
                connection,
                rebuild ? REBUILD_UPSERT : UPSERT,
                row -> written.put(
                        row.getString(1) + "|" + row.getString(2) + "|" + row.getString(3),
                        new Stored(
                                row.getString(4),
                                row.getInt(5),
                                row.getBoolean(6) ? Change.CREATED : Change.UPDATED,
                                row.getString(7))),
                arrays);
        List<Integer> unchanged = new ArrayList<>();
        for (int i : round) {
            Stored stored = written.get(upserts.get(i).record().key().text());
            if (stored != null) {
                results[i] = stored;
            } else {
                unchanged.add(i);
            }
        }
        if (unchanged.isEmpty()) {
            return;
        }
        Map<String, Stored> held = new HashMap<>();
        Jdbc.query(
                connection,
                """
                SELECT s.source_id, s.resource_type, s.business_key, s.logical_id, s.version
                FROM unnest(?::varchar[], ?::varchar[], ?::text[]) AS k(source_id, resource_type, business_key)
                JOIN source_record s ON s.source_id = k.source_id AND s.resource_type = k.resource_type
                    AND s.business_key = k.business_key""",
                row -> held.put(
                        row.getString(1) + "|" + row.getString(2) + "|" + row.getString(3),
                        new Stored(row.getString(4), row.getInt(5), Change.UNCHANGED)),
                keyArrays(
                        connection,
                        unchanged.stream()
                                .map(i -> upserts.get(i).record().key())
                                .toList()));
        for (int i : unchanged) {
            results[i] = held.get(upserts.get(i).record().key().text());
        }
    }

    private static Object[] keyArrays(Connection connection, List<RecordKey> keys) throws SQLException {
        return new Object[] {
            connection.createArrayOf(
                    "text", keys.stream().map(RecordKey::sourceId).toArray(String[]::new)),
            connection.createArrayOf(
                    "text", keys.stream().map(k -> k.kind().resourceType()).toArray(String[]::new)),
            connection.createArrayOf(
                    "text", keys.stream().map(RecordKey::businessKey).toArray(String[]::new))
        };
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

    /** Every current source record of each of these patients, in one query; a patient with none is absent. */
    public Map<String, List<Loaded>> findByPatients(Collection<String> nhsNumbers) {
        Map<String, List<Loaded>> byPatient = new LinkedHashMap<>();
        if (nhsNumbers.isEmpty()) {
            return byPatient;
        }
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.query(
                    connection,
                    """
                    SELECT source_id, resource_type, business_key, resource_id, nhs_number, medication, status, intent,
                           category, dosage, encounter_class, effective_start, effective_end, date_asserted, based_on,
                           group_identifier, identifiers, last_updated, version_number, received_seq, logical_id,
                           status_reason, indication
                    FROM source_record WHERE nhs_number = ANY (?::bpchar[])""",
                    row -> {
                        Loaded loaded = toLoaded(row);
                        byPatient
                                .computeIfAbsent(loaded.record().nhsNumber().value(), k -> new ArrayList<>())
                                .add(loaded);
                        return null;
                    },
                    connection.createArrayOf("text", nhsNumbers.toArray(String[]::new)));
            return byPatient;
        } catch (SQLException e) {
            throw new StoreException("could not read patients' source records", e);
        }
    }

    /*
     * The JSON columns of the rows. A medicine's GP statement, plan and orders carry the same
     * medication and dosage text, and so do many patients', so each distinct text is read once and
     * kept (the values are immutable records, shared safely between rows and threads); a memo
     * forgets everything when it reaches MEMO_LIMIT texts, so memory stays bounded.
     */

    private MedicationCode medication(String text) throws SQLException {
        return memo(medications, text, medicationReader);
    }

    private Dosage dosage(String text) throws SQLException {
        return memo(dosages, text, dosageReader);
    }

    /**
     * A list of strings; the empty list (most rows' identifiers and basedOn) without a parse, the
     * plain shape (no escapes) without a JSON parser either.
     */
    private List<String> strings(String text) throws SQLException {
        if ("[]".equals(text)) {
            return List.of();
        }
        List<String> plain = text == null ? null : JsonStringList.readPlain(text);
        return plain != null ? plain : read(text, stringsReader);
    }

    /** Distinct JSON texts kept per column memo. */
    private static final int MEMO_LIMIT = 10_000;

    private final Map<String, MedicationCode> medications = new ConcurrentHashMap<>();
    private final Map<String, Dosage> dosages = new ConcurrentHashMap<>();

    private <T> T memo(Map<String, T> memo, String text, ObjectReader type) throws SQLException {
        if (text == null) {
            return read(text, type);
        }
        T value = memo.get(text);
        if (value == null) {
            value = read(text, type);
            if (memo.size() >= MEMO_LIMIT) {
                memo.clear();
            }
            memo.put(text, value);
        }
        return value;
    }

    Loaded toLoaded(ResultSet row) throws SQLException {
        RecordKey key = new RecordKey(
                row.getString("source_id"),
                RecordKind.ofResourceType(row.getString("resource_type")),
                row.getString("business_key"));
        NhsNumber nhs = new NhsNumber(row.getString("nhs_number"));
        VersionStamp version = new VersionStamp(
                Jdbc.instant(row, "last_updated"),
                row.getObject("version_number") == null ? null : row.getLong("version_number"),
                row.getLong("received_seq"));
        List<String> identifiers = strings(row.getString("identifiers"));
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
                    medication(row.getString("medication")),
                    row.getString("status"),
                    row.getString("intent"),
                    row.getString("category"),
                    dosage(row.getString("dosage")),
                    row.getString("effective_start"),
                    row.getString("effective_end"),
                    row.getString("date_asserted"),
                    strings(row.getString("based_on")),
                    row.getString("group_identifier"),
                    identifiers,
                    version,
                    row.getString("status_reason"),
                    row.getString("indication"));
        }
        return new Loaded(record, row.getString("logical_id"));
    }

    /*
     * Readers made once: ObjectMapper.readValue(text, TypeReference) resolves the type and looks up
     * its deserializer on every call: about 8% of a rebuild's Java time in its profile.
     */
    private final ObjectReader stringsReader;
    private final ObjectReader medicationReader;
    private final ObjectReader dosageReader;

    private <T> T read(String text, ObjectReader type) throws SQLException {
        try {
            return type.readValue(text);
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
     * The id a client sent is kept where it is free (or already this record's), so a client that PUTs
     * /MedicationStatement/abc reads it back there; otherwise a stable id derived from the record key.
     * A round holds at most one claimant of each id, so one look-up serves the whole round.
     *
     * @return record key text → the logical id to insert it under
     */
    private static Map<String, String> chooseLogicalIds(
            Connection connection, List<Upsert> upserts, List<Integer> round) throws SQLException {
        Map<String, String> chosen = new HashMap<>();
        List<ClinicalRecord> claimants = new ArrayList<>();
        for (int i : round) {
            ClinicalRecord record = upserts.get(i).record();
            RecordKey key = record.key();
            chosen.put(key.text(), derivedId(key));
            if (record.resourceId() != null) {
                claimants.add(record);
            }
        }
        if (claimants.isEmpty()) {
            return chosen;
        }
        Map<String, String> holders = new HashMap<>();
        Jdbc.query(
                connection,
                """
                SELECT s.resource_type, s.logical_id, s.source_id, s.business_key
                FROM unnest(?::varchar[], ?::varchar[]) AS c(resource_type, logical_id)
                JOIN source_record s ON s.resource_type = c.resource_type AND s.logical_id = c.logical_id""",
                row -> holders.put(
                        row.getString(1) + "/" + row.getString(2),
                        row.getString(3) + "|" + row.getString(1) + "|" + row.getString(4)),
                connection.createArrayOf(
                        "text",
                        claimants.stream()
                                .map(r -> r.key().kind().resourceType())
                                .toArray(String[]::new)),
                connection.createArrayOf(
                        "text",
                        claimants.stream().map(ClinicalRecord::resourceId).toArray(String[]::new)));
        for (ClinicalRecord record : claimants) {
            String holder = holders.get(record.key().kind().resourceType() + "/" + record.resourceId());
            if (holder == null || holder.equals(record.key().text())) {
                chosen.put(record.key().text(), record.resourceId());
            }
        }
        return chosen;
    }

    private static String derivedId(RecordKey key) {
        return Sha256.hex(key.sourceId() + "\n" + key.kind() + "\n" + key.businessKey())
                .substring(0, 32);
    }

    /** One row's values, as array elements: plain nulls, timestamps as ISO-8601 text. */
    private Object[] columns(
            ClinicalRecord record, String logicalId, String resourceJson, long receivedSequence, String contentHash)
            throws SQLException {
        RecordKey key = record.key();
        Object medication = null;
        Object medicationText = null;
        Object intent = null;
        Object category = null;
        Object dosage = null;
        Object dosageText = null;
        Object encounterClass = null;
        Object start;
        Object end;
        Object dateAsserted = null;
        Object basedOn = "[]";
        Object group = null;
        Object identifiers = "[]";
        Object statusReason = null;
        Object indication = null;
        if (record instanceof SourceRecord medicine) {
            statusReason = medicine.statusReason();
            indication = medicine.indication();
            medication = write(medicine.medication());
            medicationText = (medicine.medication().text());
            intent = (medicine.intent());
            category = (medicine.category());
            dosage = write(medicine.dosage());
            dosageText = (medicine.dosage().text());
            start = (medicine.effectiveStart());
            end = (medicine.effectiveEnd());
            dateAsserted = (medicine.dateAsserted());
            basedOn = write(medicine.basedOn());
            group = (medicine.groupIdentifier());
            identifiers = write(medicine.identifiers());
        } else {
            EncounterRecord encounter = (EncounterRecord) record;
            encounterClass = (encounter.encounterClass());
            start = (encounter.periodStart());
            end = (encounter.periodEnd());
            identifiers = write(encounter.identifiers());
        }
        return new Object[] {
            logicalId,
            key.sourceId(),
            key.kind().resourceType(),
            key.businessKey(),
            (record.resourceId()),
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
            record.version().lastUpdated() == null
                    ? null
                    : record.version().lastUpdated().toString(),
            record.version().versionNumber(),
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
