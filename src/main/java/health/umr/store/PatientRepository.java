package health.umr.store;

import health.umr.domain.Gender;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
}
