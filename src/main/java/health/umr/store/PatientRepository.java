package health.umr.store;

import health.umr.domain.Gender;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Patients by NHS number: the gender and birth date the newest Patient resource gave. */
@ApplicationScoped
public class PatientRepository {

    private final DataSource dataSource;

    public PatientRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Keeps the facts if they are newer (meta.lastUpdated, then arrival) than what is held; answers whether it did. */
    public boolean upsert(PatientFacts facts, String resourceJson, long receivedSequence) {
        try (Connection connection = dataSource.getConnection()) {
            return 1
                    == Jdbc.update(
                            connection,
                            """
                    INSERT INTO patient (nhs_number, gender, birth_date, asserted_at, received_seq, resource)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (nhs_number) DO UPDATE SET gender = EXCLUDED.gender, birth_date = EXCLUDED.birth_date,
                        asserted_at = EXCLUDED.asserted_at, received_seq = EXCLUDED.received_seq,
                        resource = EXCLUDED.resource, updated_at = now()
                    WHERE (COALESCE(EXCLUDED.asserted_at, '-infinity'::timestamptz), EXCLUDED.received_seq)
                        > (COALESCE(patient.asserted_at, '-infinity'::timestamptz), patient.received_seq)
                      AND patient.resource IS DISTINCT FROM EXCLUDED.resource""",
                            facts.nhsNumber().value(),
                            facts.gender() == null
                                    ? Jdbc.NULL_TEXT
                                    : facts.gender().name().toLowerCase(Locale.ROOT),
                            facts.birthDate() == null
                                    ? new Jdbc.Null(java.sql.Types.DATE)
                                    : Date.valueOf(facts.birthDate()),
                            Jdbc.timestamp(facts.assertedAt()),
                            receivedSequence,
                            resourceJson);
        } catch (SQLException e) {
            throw new StoreException("could not store a patient", e);
        }
    }

    /** A Patient to keep: its facts, the resource as received, and the log entry that brought it. */
    public record Upsert(PatientFacts facts, String resourceJson, long receivedSequence) {}

    /**
     * Keeps each as {@link #upsert} would one after the other, in arrival order, in one statement
     * per round (a round holds each NHS number once; nearly every batch is one round), rows in
     * NHS-number order.
     *
     * @return for each, in the order given, whether it was kept
     */
    public List<Boolean> upsertAll(List<Upsert> upserts) {
        Boolean[] kept = new Boolean[upserts.size()];
        Map<String, Integer> lastRound = new HashMap<>();
        List<List<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < upserts.size(); i++) {
            int round = lastRound.merge(upserts.get(i).facts().nhsNumber().value(), 0, (a, b) -> a + 1);
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(i);
        }
        try (Connection connection = dataSource.getConnection()) {
            for (List<Integer> round : rounds) {
                round.sort(Comparator.comparing(
                        i -> upserts.get(i).facts().nhsNumber().value()));
                String[] nhs = new String[round.size()];
                Columns columns = new Columns(round.size());
                for (int row = 0; row < round.size(); row++) {
                    Upsert upsert = upserts.get(round.get(row));
                    nhs[row] = upsert.facts().nhsNumber().value();
                    columns.put(row, upsert);
                }
                Set<String> written = new HashSet<>(Jdbc.query(
                        connection,
                        """
                        INSERT INTO patient (nhs_number, gender, birth_date, asserted_at, received_seq, resource)
                        SELECT nhs, gender, CAST(born AS date), CAST(asserted AS timestamptz), seq, resource
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[]) WITH ORDINALITY
                            AS u(nhs, gender, born, asserted, seq, resource, ord)
                        ORDER BY ord
                        ON CONFLICT (nhs_number) DO UPDATE SET gender = EXCLUDED.gender, birth_date = EXCLUDED.birth_date,
                            asserted_at = EXCLUDED.asserted_at, received_seq = EXCLUDED.received_seq,
                            resource = EXCLUDED.resource, updated_at = now()
                        WHERE (COALESCE(EXCLUDED.asserted_at, '-infinity'::timestamptz), EXCLUDED.received_seq)
                            > (COALESCE(patient.asserted_at, '-infinity'::timestamptz), patient.received_seq)
                          AND patient.resource IS DISTINCT FROM EXCLUDED.resource
                        RETURNING nhs_number""",
                        row -> row.getString(1),
                        columns.bind(connection, connection.createArrayOf("text", nhs))));
                for (int i : round) {
                    kept[i] =
                            written.contains(upserts.get(i).facts().nhsNumber().value());
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not store patients", e);
        }
        return Arrays.asList(kept);
    }

    /**
     * Notes that these patients exist and locks their rows until the transaction ends, in NHS-number
     * order (the one order every writer locks patients in), then keeps the upserts as {@link #upsertAll}
     * does; but a patient not yet known whose first upsert here carries a resource gets its facts
     * with its insert, instead of a bare row then an update: the row and the answers are the ones
     * the two steps give (that upsert would be kept over the bare row: its sequence number is above
     * the bare row's 0 and its resource distinct from null), and one row version fewer is written.
     *
     * @return for each upsert, in the order given, whether it was kept
     */
    public List<Boolean> ensureKnownLockAndUpsert(Collection<NhsNumber> nhsNumbers, List<Upsert> upserts) {
        if (nhsNumbers.isEmpty()) {
            return upsertAll(upserts);
        }
        Map<String, Integer> firstUpsert = new HashMap<>();
        for (int i = 0; i < upserts.size(); i++) {
            if (upserts.get(i).resourceJson() != null) {
                firstUpsert.putIfAbsent(upserts.get(i).facts().nhsNumber().value(), i);
            } else {
                firstUpsert.putIfAbsent(upserts.get(i).facts().nhsNumber().value(), -1);
            }
        }
        String[] nhs =
                nhsNumbers.stream().map(NhsNumber::value).sorted().distinct().toArray(String[]::new);
        Columns columns = new Columns(nhs.length);
        for (int row = 0; row < nhs.length; row++) {
            Integer first = firstUpsert.get(nhs[row]);
            if (first != null && first >= 0) {
                columns.put(row, upserts.get(first));
            }
        }
        Set<String> inserted;
        try (Connection connection = dataSource.getConnection()) {
            Object sorted = connection.createArrayOf("text", nhs);
            inserted = new HashSet<>(
                    Jdbc.query(connection, """
                    INSERT INTO patient (nhs_number, gender, birth_date, asserted_at, received_seq, resource)
                    SELECT n, gender, CAST(born AS date), CAST(asserted AS timestamptz), seq, resource
                    FROM unnest(?::bpchar[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[]) WITH ORDINALITY
                        AS u(n, gender, born, asserted, seq, resource, ord)
                    ORDER BY ord ON CONFLICT DO NOTHING
                    RETURNING nhs_number""", row -> row.getString(1), columns.bind(connection, sorted)));
            lock(connection, sorted);
        } catch (SQLException e) {
            throw new StoreException("could not lock patients", e);
        }
        List<Integer> rest = new ArrayList<>();
        Boolean[] kept = new Boolean[upserts.size()];
        for (int i = 0; i < upserts.size(); i++) {
            String patient = upserts.get(i).facts().nhsNumber().value();
            if (firstUpsert.get(patient) == i && inserted.contains(patient)) {
                kept[i] = true; // written by its insert
            } else {
                rest.add(i);
            }
        }
        List<Boolean> restKept = upsertAll(rest.stream().map(upserts::get).toList());
        for (int r = 0; r < rest.size(); r++) {
            kept[rest.get(r)] = restKept.get(r);
        }
        return Arrays.asList(kept);
    }

    /** Locks these patients' rows until the transaction ends, in NHS-number order, in one statement. */
    public void lockAll(Collection<NhsNumber> nhsNumbers) {
        if (nhsNumbers.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            lock(
                    connection,
                    connection.createArrayOf(
                            "text",
                            nhsNumbers.stream()
                                    .map(NhsNumber::value)
                                    .sorted()
                                    .distinct()
                                    .toArray(String[]::new)));
        } catch (SQLException e) {
            throw new StoreException("could not lock patients", e);
        }
    }

    private static void lock(Connection connection, Object sortedNhsNumbers) throws SQLException {
        Jdbc.query(
                connection,
                "SELECT 1 FROM patient WHERE nhs_number = ANY (?::bpchar[]) ORDER BY nhs_number FOR UPDATE",
                row -> 1,
                sortedNhsNumbers);
    }

    /** The facts held for each of these patients (those without a row are absent), in one query. */
    public Map<NhsNumber, PatientFacts> findAll(Collection<NhsNumber> nhsNumbers) {
        Map<NhsNumber, PatientFacts> found = new HashMap<>();
        if (nhsNumbers.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.query(
                    connection,
                    "SELECT nhs_number, gender, birth_date, asserted_at FROM patient WHERE nhs_number = ANY (?::bpchar[])",
                    row -> {
                        NhsNumber nhsNumber = new NhsNumber(row.getString(1));
                        return found.put(nhsNumber, facts(nhsNumber, row));
                    },
                    connection.createArrayOf(
                            "text", nhsNumbers.stream().map(NhsNumber::value).toArray(String[]::new)));
            return found;
        } catch (SQLException e) {
            throw new StoreException("could not read patients", e);
        }
    }

    private static PatientFacts facts(NhsNumber nhsNumber, java.sql.ResultSet row) throws SQLException {
        return new PatientFacts(
                nhsNumber,
                row.getString("gender") == null
                        ? null
                        : Gender.valueOf(row.getString("gender").toUpperCase(Locale.ROOT)),
                row.getDate("birth_date") == null
                        ? null
                        : row.getDate("birth_date").toLocalDate(),
                Jdbc.instant(row, "asserted_at"));
    }

    /** Notes that a patient exists (a medicines record named them) without asserting any facts. */
    public void ensureKnown(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.update(
                    connection,
                    "INSERT INTO patient (nhs_number) VALUES (?) ON CONFLICT DO NOTHING",
                    nhsNumber.value());
        } catch (SQLException e) {
            throw new StoreException("could not store a patient", e);
        }
    }

    /**
     * Locks the patient's row until the transaction ends, so one patient's record is recomputed by
     * one transaction at a time (callers lock several patients in NHS-number order: no deadlocks).
     */
    public void lock(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            Jdbc.query(
                    connection, "SELECT 1 FROM patient WHERE nhs_number = ? FOR UPDATE", row -> 1, nhsNumber.value());
        } catch (SQLException e) {
            throw new StoreException("could not lock a patient", e);
        }
    }

    /**
     * A stored patient as a rebuild lists them: the internal id (for reports and logs, which never
     * name the NHS number) and the NHS number exactly as stored, not yet checked: a row written behind
     * UMR's back may hold one that is not valid.
     */
    public record Listed(long id, String nhsNumber) {}

    /** Up to {@code limit} patients after {@code after} in NHS-number order: a rebuild's next chunk. */
    public List<Listed> listAfter(String after, int limit) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    "SELECT id, nhs_number FROM patient WHERE nhs_number > ? ORDER BY nhs_number LIMIT ?",
                    row -> new Listed(row.getLong(1), row.getString(2)),
                    after,
                    limit);
        } catch (SQLException e) {
            throw new StoreException("could not list patients", e);
        }
    }

    public long count() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(connection, "SELECT count(*) FROM patient", row -> row.getLong(1))
                    .get(0);
        } catch (SQLException e) {
            throw new StoreException("could not count patients", e);
        }
    }

    /** Every patient UMR knows, in NHS-number order. */
    public List<NhsNumber> listAll() {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                    connection,
                    "SELECT nhs_number FROM patient ORDER BY nhs_number",
                    row -> new NhsNumber(row.getString(1)));
        } catch (SQLException e) {
            throw new StoreException("could not list patients", e);
        }
    }

    public Optional<PatientFacts> find(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            List<PatientFacts> found = Jdbc.query(
                    connection,
                    "SELECT gender, birth_date, asserted_at FROM patient WHERE nhs_number = ?",
                    row -> new PatientFacts(
                            nhsNumber,
                            row.getString(1) == null
                                    ? null
                                    : Gender.valueOf(row.getString(1).toUpperCase(Locale.ROOT)),
                            row.getDate(2) == null ? null : row.getDate(2).toLocalDate(),
                            Jdbc.instant(row, "asserted_at")),
                    nhsNumber.value());
            return found.stream().findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a patient", e);
        }
    }

    /** The newest Patient resource as received, if one was ever sent. */
    public Optional<String> findResource(NhsNumber nhsNumber) {
        try (Connection connection = dataSource.getConnection()) {
            return Jdbc.query(
                            connection,
                            "SELECT resource FROM patient WHERE nhs_number = ? AND resource IS NOT NULL",
                            row -> row.getString(1),
                            nhsNumber.value())
                    .stream()
                    .findFirst();
        } catch (SQLException e) {
            throw new StoreException("could not read a patient", e);
        }
    }

    /**
     * A multi-row patient write's columns after the NHS number, one array each, bound in the order
     * the unnest statements take them; a row nothing is put in is a bare row (no facts, sequence 0).
     */
    private static final class Columns {
        private final String[] gender;
        private final String[] born;
        private final String[] asserted;
        private final Long[] sequence;
        private final String[] resource;

        Columns(int rows) {
            gender = new String[rows];
            born = new String[rows];
            asserted = new String[rows];
            sequence = new Long[rows];
            resource = new String[rows];
            Arrays.fill(sequence, 0L);
        }

        void put(int row, Upsert upsert) {
            PatientFacts facts = upsert.facts();
            gender[row] = facts.gender() == null ? null : facts.gender().name().toLowerCase(Locale.ROOT);
            born[row] = facts.birthDate() == null ? null : facts.birthDate().toString();
            asserted[row] =
                    facts.assertedAt() == null ? null : facts.assertedAt().toString();
            sequence[row] = upsert.receivedSequence();
            resource[row] = upsert.resourceJson();
        }

        Object[] bind(Connection connection, Object nhsNumbers) throws SQLException {
            return new Object[] {
                nhsNumbers,
                connection.createArrayOf("text", gender),
                connection.createArrayOf("text", born),
                connection.createArrayOf("text", asserted),
                connection.createArrayOf("int8", sequence),
                connection.createArrayOf("text", resource)
            };
        }
    }
}
