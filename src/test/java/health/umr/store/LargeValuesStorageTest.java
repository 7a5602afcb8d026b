package health.umr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * V25 and V26: a logged message's body is stored out of line without compression, a unified
 * record version compressed, and each reads back exactly as written (a 9 kB version and a 5 kB
 * body, the sizes a Kafka batch writes). Written in a transaction that is rolled back.
 */
@QuarkusTest
class LargeValuesStorageTest {

    @Inject
    DataSource dataSource;

    @Test
    void versionsAreStoredCompressed_bodiesUncompressed_bothReadBackAsWritten() throws SQLException {
        StringBuilder json = new StringBuilder("{\"items\":[");
        for (int i = 0; json.length() < 9_000; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"item-")
                    .append(i)
                    .append("\",\"text\":\"Amlodipine 5 mg tablets, one daily\"}");
        }
        String content = json.append("]}").toString();
        byte[] body = content.substring(0, 5_000).getBytes(StandardCharsets.UTF_8);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // x: compressed when large (V26); e: out of line, never compressed (V25)
                for (String[] column : List.of(
                        new String[] {"unified_record", "content", "x"},
                        new String[] {"inbound_message", "body", "e"})) {
                    assertEquals(
                            column[2],
                            Jdbc.query(
                                            connection,
                                            "SELECT attstorage::text FROM pg_attribute WHERE attrelid = CAST(? AS regclass)"
                                                    + " AND attname = ?",
                                            row -> row.getString(1),
                                            column[0],
                                            column[1])
                                    .get(0),
                            column[0] + "." + column[1]);
                }
                // rows no other test holds: the next version of a test patient, a fresh log hash
                int version = Jdbc.query(
                                connection,
                                """
                                INSERT INTO unified_record (nhs_number, version, recorded_at, fingerprint, content)
                                SELECT '9999999999', coalesce(max(version), 0) + 1, ?, 'f', CAST(? AS json)
                                FROM unified_record WHERE nhs_number = '9999999999'
                                RETURNING version""",
                                row -> row.getInt(1),
                                Timestamp.from(Instant.parse("2026-12-02T12:00:00Z")),
                                content)
                        .get(0);
                String sha = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
                Jdbc.update(connection, """
                        INSERT INTO inbound_message (transport, interaction, content_type, received_at, sha256, body, outcome)
                        VALUES ('kafka', 'kafka', 'application/fhir+json', now(), ?, ?, '{}')""", sha, body);
                Jdbc.query(
                        connection,
                        """
                        SELECT content::text, pg_column_compression(content), pg_column_size(content)
                        FROM unified_record WHERE nhs_number = '9999999999' AND version = ?""",
                        row -> {
                            assertEquals(content, row.getString(1));
                            assertEquals("pglz", row.getString(2), "the version is compressed");
                            assertTrue(row.getInt(3) < content.length() / 2, "stored compressed");
                            return null;
                        },
                        version);
                Jdbc.query(
                        connection,
                        """
                        SELECT body, pg_column_compression(body), pg_column_size(body)
                        FROM inbound_message WHERE sha256 = ?""",
                        row -> {
                            assertArrayEquals(body, row.getBytes(1));
                            assertNull(row.getString(2), "the body is not compressed");
                            assertTrue(row.getInt(3) >= body.length, "stored at full size");
                            return null;
                        },
                        sha);
            } finally {
                connection.rollback();
            }
        }
    }
}
