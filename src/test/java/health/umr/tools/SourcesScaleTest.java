package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.ingest.UnifiedRecordService;
import health.umr.records.PatientRecordBuilder;
import health.umr.support.DatabaseState;
import health.umr.support.EmbeddedPostgresResource;
import health.umr.support.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench-load grow-sources} makes copies a rebuild treats as real patients: each copied
 * patient, recomputed as the rebuild recomputes each chunk of patients, derives the record of its
 * original, with its own NHS number and identifiers.
 */
@QuarkusTest
class SourcesScaleTest {

    /** A UUID's last eight hex digits, which the copy makes its own. */
    private static final String UUID_TAIL =
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4})[0-9a-fA-F]{8}";
    /** Ids UMR derives by hashing (items, alerts, logical ids without a client id): they hash the copy's keys. */
    private static final String HASHED_ID = "\\b[0-9a-f]{32}\\b";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TestHTTPResource("/")
    URL service;

    @Inject
    DatabaseState database;

    @Inject
    UnifiedRecordService unifiedRecords;

    @Inject
    PatientRecordBuilder builder;

    @BeforeAll
    static void theToolsSendTheTestAdminToken() {
        ServiceToken.use(TestTokens.admin());
    }

    @Test
    void aCopiedPatientRebuildsToTheRecordOfItsOriginal_underItsOwnNumberAndIdentifiers(@TempDir Path dir)
            throws Exception {
        new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(25, 29, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
        ReplayCommand.registerSources(Replay.newClient(), service.toString(), dir.resolve("sources.json"));
        for (String file : SyntheticSource.FILES) {
            ReplayTally tally = Replay.run(dir.resolve(file), service.toString(), null);
            assertEquals(0, tally.refused() + tally.httpErrors(), file + ":\n" + tally.format(file));
        }
        String jdbc = EmbeddedPostgresResource.database().jdbcUrl();
        Map<String, String> copies = new LinkedHashMap<>(); // copy -> original
        try (Connection db = DriverManager.getConnection(jdbc);
                Statement sql = db.createStatement()) {
            try {
                List<String> originals = new ArrayList<>();
                List<String> lines = Files.readAllLines(dir.resolve("patients.csv"), StandardCharsets.UTF_8);
                for (String line : lines.subList(1, lines.size())) {
                    String nhs = line.substring(0, 10);
                    if (database.count("SELECT count(*) FROM source_record WHERE nhs_number = ?", nhs) > 0) {
                        originals.add(nhs);
                    }
                }
                // as grow-records leaves it: each copy's new number (97 range, not taken) and its original
                sql.execute("""
                        CREATE UNLOGGED TABLE IF NOT EXISTS bench_record_copy (
                            nhs_number CHAR(10) PRIMARY KEY, original CHAR(10) NOT NULL)""");
                try (ResultSet free = sql.executeQuery("SELECT nhs_number FROM (" + BenchNumbers.candidates("97", 5000)
                                + ") c WHERE NOT EXISTS (SELECT 1 FROM patient p WHERE p.nhs_number = c.nhs_number)"
                                + " ORDER BY g LIMIT " + originals.size());
                        PreparedStatement add = db.prepareStatement("INSERT INTO bench_record_copy VALUES (?, ?)")) {
                    for (String original : originals) {
                        free.next();
                        copies.put(free.getString(1), original);
                        add.setString(1, free.getString(1));
                        add.setString(2, original);
                        add.executeUpdate();
                    }
                }
                long before = database.count("SELECT count(*) FROM patient");

                ByteArrayOutputStream progress = new ByteArrayOutputStream();
                Map<String, Object> grown = SourcesScale.grow(
                        jdbc,
                        (int) before + copies.size(),
                        false,
                        new PrintStream(progress, true, StandardCharsets.UTF_8));

                assertEquals(before + copies.size(), grown.get("patients"), grown.toString());
                assertEquals(grown.get("sourceRecordsExpected"), grown.get("sourceRecordsAdded"), grown.toString());
                assertTrue(progress.toString(StandardCharsets.UTF_8).contains("patients copied"), progress.toString());
                for (Map.Entry<String, String> copy : copies.entrySet()) {
                    String nhs = copy.getKey();
                    String original = copy.getValue();
                    assertEquals(
                            database.count("SELECT count(*) FROM source_record WHERE nhs_number = ?", original),
                            database.count("SELECT count(*) FROM source_record WHERE nhs_number = ?", nhs),
                            "every source record copied");
                    assertEquals(
                            0,
                            database.count("""
                                    SELECT count(*) FROM source_record WHERE nhs_number = ? AND strpos(resource
                                        || identifiers::text || based_on::text || business_key, ?) > 0""", nhs, original),
                            "the original's NHS number is nowhere in the copy's records");
                    assertEquals(
                            0,
                            database.count(
                                    "SELECT count(*) FROM patient WHERE nhs_number = ? AND strpos(resource, ?) > 0",
                                    nhs,
                                    original));
                }

                // what the rebuild does with each chunk of stored patients, for the copies (a rebuild of the
                // whole shared database would also meet what other tests left behind)
                UnifiedRecordService.Recomputed rebuilt = QuarkusTransaction.requiringNew()
                        .call(() -> unifiedRecords.recompute(
                                copies.keySet().stream().map(NhsNumber::new).toList()));
                assertEquals(copies.size(), rebuilt.patients());
                assertEquals(copies.size(), rebuilt.changed(), "a first record for each copy");
                assertEquals(grown.get("sourceRecordsAdded"), rebuilt.records(), "every copied record read");

                ReferenceTime at = ReferenceTime.at(Instant.now());
                for (Map.Entry<String, String> copy : copies.entrySet()) {
                    PatientRecord copied = build(copy.getKey(), at);
                    PatientRecord original = build(copy.getValue(), at);
                    assertTrue(original.unified().items().size()
                                    + original.unified().history().size()
                            > 0);
                    assertSame(original, copied, copy.getKey(), copy.getValue());
                    try (ResultSet head = sql.executeQuery("SELECT fingerprint FROM unified_record WHERE nhs_number = '"
                            + copy.getKey() + "' ORDER BY version DESC LIMIT 1")) {
                        assertTrue(head.next(), "the rebuild stored the copy's record");
                        assertEquals(
                                copied.fingerprint(), head.getString(1), "the rebuild stored the copy's derivation");
                    }
                }
            } finally {
                // other tests share this database: the copies go again
                for (String table : List.of(
                        "source_record",
                        "unified_record",
                        "record_changed_outbox",
                        "patient_summary",
                        "source_patient_stats",
                        "patient")) {
                    sql.execute(
                            "DELETE FROM " + table + " WHERE nhs_number IN (SELECT nhs_number FROM bench_record_copy)");
                }
                sql.execute("DROP TABLE IF EXISTS bench_record_copy, bench_source_new");
            }
        }
    }

    private PatientRecord build(String nhs, ReferenceTime at) {
        return QuarkusTransaction.requiringNew().call(() -> builder.build(new NhsNumber(nhs), at));
    }

    /**
     * The same record apart from the NHS number and what the copy made its own: its UUIDs' last digits
     * and the ids UMR hashes from them; alerts compared as a set (they are listed by their hashed id).
     */
    private static void assertSame(PatientRecord original, PatientRecord copied, String copyNhs, String originalNhs)
            throws Exception {
        JsonNode expected = comparable(JSON.writeValueAsString(original));
        JsonNode actual = comparable(JSON.writeValueAsString(copied).replace(copyNhs, originalNhs));
        assertEquals(alerts(expected), alerts(actual), "alerts of the copy of " + originalNhs);
        assertEquals(expected, actual, "record of the copy of " + originalNhs);
    }

    private static JsonNode comparable(String json) throws Exception {
        return JSON.readTree(json.replaceAll(UUID_TAIL, "$1########").replaceAll(HASHED_ID, "#hashed"));
    }

    private static List<String> alerts(JsonNode record) {
        List<String> alerts = new ArrayList<>();
        record.path("alerts").forEach(alert -> alerts.add(alert.toString()));
        ((ObjectNode) record).remove("alerts");
        alerts.sort(null);
        return alerts;
    }
}
