package health.umr.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Speed work on the Kafka batch write must leave every row it stores as it was: a fixed series of
 * batches (new patients with and without a Patient resource, a Bundle with a refused entry, a copy
 * within a batch, a resend of a logged message, a newer version, a Patient update, entered-in-error)
 * goes through {@link IngestService#ingest(List)}, and every row it left (the inbound log with its
 * outcomes, the patients, the source records, the record versions with their fingerprints, the
 * outbox, the summaries and statistics) is dumped and compared, text for text, with the dump the
 * write path gave before the change (src/test/resources/golden/kafka-batch-write.txt, made at
 * 324a249). Ids are shown relative to the first of the test's own (gaps included: a sequence number
 * the old path spent is spent again), but for {@code patient.id}, an internal surrogate no answer,
 * export, report or fingerprint carries (only a rebuild's list of skipped rows names a row by it):
 * it is shown as its rank among the test's patients, so the order in which patients were first
 * stored is compared and the identity's gaps are not (a new patient's facts written with its insert
 * offer the identity fewer rows, so it leaves fewer gaps). The instants the database or the clock
 * gave today are shown as {@code <today>} (the summary row's digest, which covers such an instant,
 * is left out).
 */
@QuarkusTest
class KafkaBatchWriteGoldenTest {

    private static final String GOLDEN = "golden/kafka-batch-write.txt";
    private static final String SOURCE = "golden-kafka-gp";
    private static final Instant RECEIVED = Instant.parse("2026-11-20T09:00:00Z");

    @Inject
    IngestService ingest;

    @Inject
    DataSource dataSource;

    @Test
    void theBatchesStoreExactlyWhatTheyStoredBefore() throws Exception {
        String system = Feeds.source(SOURCE, "gp");
        List<String> nhs = Feeds.validNhsNumbers("975100", 5);

        String patient0 = patient(system, nhs.get(0), "female", "1950-06-04", "2026-11-01T08:00:00Z");
        String patient1 = patient(system, nhs.get(1), "male", "1941-05-25", "2026-11-01T08:00:00Z");
        String s0 = statement(system, "g-0", nhs.get(0), "active", "2026-11-01T10:00:00Z", "10mg at night");
        String s1 = statement(system, "g-1", nhs.get(1), "active", "2026-11-01T10:00:00Z", "25mg at night");
        String s2 = statement(system, "g-2", nhs.get(2), "active", "2026-11-01T10:00:00Z", "10mg twice a day");
        String bundle = """
                {"resourceType":"Bundle","type":"collection","meta":{"source":"%s"},"entry":[
                 {"resource":%s},
                 {"resource":%s}]}""".formatted(
                        system,
                        patient(system, nhs.get(3), "female", "1988-07-01", "2026-11-01T08:00:00Z"),
                        statement(system, "g-3", nhs.get(3), "active", "2026-11-01T10:00:00Z", "5mg daily"));
        String refused = """
                {"resourceType":"MedicationStatement","meta":{"source":"%s"},
                 "identifier":[{"system":"https://fhir.test.example/medication-statement","value":"g-no-status"}],
                 "medicationCodeableConcept":{"text":"something"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(system, nhs.get(3));

        take(patient0, s0, patient1, s1, refused, s2, s1, bundle);
        take(
                s0, // a resend of a logged message
                statement(system, "g-0", nhs.get(0), "stopped", "2026-11-02T10:00:00Z", "10mg at night"),
                patient(system, nhs.get(1), "male", "1941-05-24", "2026-11-02T08:00:00Z"),
                statement(system, "g-4", nhs.get(4), "active", "2026-11-02T10:00:00Z", "1 tablet daily"),
                patient0);
        take(statement(system, "g-2", nhs.get(2), "entered-in-error", "2026-11-03T10:00:00Z", "10mg twice a day"));
        take(statement(system, "g-5", nhs.get(0), "active", "2026-11-03T10:00:00Z", "20mg at night"), s2);

        String dump = dump(nhs);
        Path written = Path.of("target", "kafka-batch-write.txt");
        Files.createDirectories(written.getParent());
        Files.writeString(written, dump);
        try (InputStream golden = getClass().getClassLoader().getResourceAsStream(GOLDEN)) {
            if (golden == null) {
                throw new AssertionError("no " + GOLDEN + ": this run's dump is in " + written.toAbsolutePath());
            }
            assertEquals(
                    new String(golden.readAllBytes(), StandardCharsets.UTF_8),
                    dump,
                    "the rows differ from the golden dump; this run's is in " + written.toAbsolutePath());
        }
    }

    private void take(String... bodies) {
        List<InboundMessage> batch = new ArrayList<>();
        for (String body : bodies) {
            batch.add(new InboundMessage(
                    InboundMessage.Transport.KAFKA,
                    InboundMessage.Interaction.KAFKA,
                    "application/fhir+json",
                    body.getBytes(StandardCharsets.UTF_8),
                    SOURCE,
                    null,
                    RECEIVED));
        }
        ingest.ingest(batch);
    }

    /** Every row the batches left, one JSON object a line, table by table, in a fixed order. */
    private String dump(List<String> nhs) throws Exception {
        String mine = "ANY (?::bpchar[])";
        StringBuilder out = new StringBuilder();
        try (Connection connection = dataSource.getConnection()) {
            Object patients = connection.createArrayOf("text", nhs.toArray(String[]::new));
            long base = single(connection, "SELECT min(id) FROM inbound_message WHERE source_hint = ?", SOURCE);
            long recordBase = single(connection, "SELECT min(id) FROM source_record WHERE source_id = ?", SOURCE);
            long outboxBase = single(
                    connection, "SELECT min(id) FROM record_changed_outbox WHERE nhs_number = " + mine, patients);
            String seq = "CASE WHEN %s = 0 THEN 0 ELSE %s - " + base + " + 1 END";
            section(
                    out,
                    connection,
                    "inbound_message",
                    "SELECT to_jsonb(m) || jsonb_build_object('id', m.id - " + base
                            + " + 1) FROM inbound_message m WHERE source_hint = ? ORDER BY id",
                    SOURCE);
            section(
                    out,
                    connection,
                    "patient",
                    "SELECT to_jsonb(p) - 'updated_at' - 'rank' || jsonb_build_object('id', p.rank, 'received_seq', "
                            + seq.formatted("p.received_seq", "p.received_seq")
                            + ") FROM (SELECT *, rank() OVER (ORDER BY id) - 1 AS rank FROM patient WHERE nhs_number = "
                            + mine + ") p ORDER BY nhs_number",
                    patients);
            section(
                    out,
                    connection,
                    "source_record",
                    "SELECT to_jsonb(r) - 'stored_at' || jsonb_build_object('id', r.id - " + recordBase
                            + ", 'received_seq', " + seq.formatted("r.received_seq", "r.received_seq")
                            + ") FROM source_record r WHERE source_id = ? ORDER BY id",
                    SOURCE);
            section(
                    out,
                    connection,
                    "unified_record",
                    "SELECT to_jsonb(u) FROM unified_record u WHERE nhs_number = " + mine
                            + " ORDER BY nhs_number, version",
                    patients);
            section(
                    out,
                    connection,
                    "record_changed_outbox",
                    "SELECT to_jsonb(o) - 'created_at' - 'published_at' || jsonb_build_object('id', o.id - "
                            + outboxBase + ") FROM record_changed_outbox o WHERE nhs_number = " + mine
                            + " ORDER BY id",
                    patients);
            section(
                    out,
                    connection,
                    "patient_summary",
                    "SELECT to_jsonb(s) - 'content_sha256' FROM patient_summary s WHERE nhs_number = " + mine
                            + " ORDER BY nhs_number",
                    patients);
            section(
                    out,
                    connection,
                    "source_patient_stats",
                    "SELECT to_jsonb(s) FROM source_patient_stats s WHERE nhs_number = " + mine
                            + " ORDER BY nhs_number, source_id",
                    patients);
        }
        return today(out.toString());
    }

    private static void section(StringBuilder out, Connection connection, String name, String sql, Object argument)
            throws Exception {
        out.append("## ").append(name).append('\n');
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, argument);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.append(rows.getString(1)).append('\n');
                }
            }
        }
    }

    private static long single(Connection connection, String sql, Object argument) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, argument);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** An instant of today or yesterday (the database's now(), the service's clock) becomes {@code <today>}. */
    private static String today(String dump) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day : List.of(today, today.minusDays(1), today.plusDays(1))) {
            dump = Pattern.compile(Pattern.quote(day.toString()) + "[T ][0-9:.]+(Z|[+-][0-9:]+)?")
                    .matcher(dump)
                    .replaceAll("<today>");
        }
        return dump;
    }

    private static String patient(String system, String nhs, String gender, String born, String lastUpdated) {
        return """
                {"resourceType":"Patient","meta":{"source":"%s","lastUpdated":"%s"},
                 "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}],
                 "gender":"%s","birthDate":"%s"}""".formatted(system, lastUpdated, nhs, gender, born);
    }

    private static String statement(
            String system, String identifier, String nhs, String status, String lastUpdated, String dosage) {
        return Feeds.statement(system, identifier, nhs, status, lastUpdated, dosage);
    }
}
