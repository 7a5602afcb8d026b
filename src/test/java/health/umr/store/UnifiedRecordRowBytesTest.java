package health.umr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.domain.PatientRecord;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A stored unified record is read from the bytes pgjdbc gives of the {@code json} column ({@code
 * getBytes}, not a decoded String): for records with every kind of text (control characters, accents,
 * symbols, emoji, a lone surrogate, which PostgreSQL holds as '?'), what the repository reads is what
 * data binding reads of the text {@code getString} gives of the same row.
 */
@QuarkusTest
class UnifiedRecordRowBytesTest {

    @Inject
    DataSource dataSource;

    @Inject
    UnifiedRecordRepository records;

    @Test
    void aRecordIsReadFromTheRowsBytesAsDataBindingReadsItsText() throws SQLException {
        for (long seed = 1; seed <= 25; seed++) {
            PatientRecord record = new RandomPatientRecords(seed).patientRecord();
            String nhs = record.nhsNumber().value();
            try (Connection connection = dataSource.getConnection()) {
                Jdbc.update(connection, "DELETE FROM unified_record WHERE nhs_number = ?", nhs);
                Jdbc.update(
                        connection,
                        """
                        INSERT INTO unified_record (nhs_number, version, recorded_at, fingerprint, content)
                        VALUES (?, 1, ?, 'f', CAST(? AS json))""",
                        nhs,
                        java.sql.Timestamp.from(Instant.parse("2026-12-01T12:00:00Z")),
                        RecordJson.write(record));
                String text = Jdbc.query(
                                connection,
                                "SELECT content FROM unified_record WHERE nhs_number = ?",
                                row -> row.getString(1),
                                nhs)
                        .get(0);
                PatientRecord bound = RecordJson.read(text, PatientRecord.class);
                try {
                    assertEquals(
                            bound,
                            records.current(record.nhsNumber()).orElseThrow().record(),
                            "seed " + seed);
                    assertEquals(
                            bound,
                            records.currentStamped(record.nhsNumber())
                                    .orElseThrow()
                                    .version()
                                    .record());
                    assertEquals(
                            bound,
                            records.records(java.util.Map.of(record.nhsNumber(), 1))
                                    .get(record.nhsNumber()));
                } finally {
                    Jdbc.update(connection, "DELETE FROM unified_record WHERE nhs_number = ?", nhs);
                }
            }
        }
    }
}
