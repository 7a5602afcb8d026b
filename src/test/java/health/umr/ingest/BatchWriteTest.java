package health.umr.ingest;

import static health.umr.support.FhirJson.DMD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.Feeds;
import health.umr.support.FhirJson;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The set-based write path: a batch is written as its messages would be one after the other, and
 * what is stored is the text as it arrived.
 */
@QuarkusTest
class BatchWriteTest {

    private static final String VMP = "318136009";

    @Inject
    IngestService ingest;

    @Inject
    DatabaseState database;

    @Test
    void aBatch_isWrittenAsItsMessagesOneAfterTheOther_withOneVersionPerPatient() {
        String system = Feeds.source("batch-gp", "gp");
        String nhs = "9449304424";
        String first = statement(system, "b-1", nhs, "2026-11-01T09:00:00Z", "one daily");
        String second = statement(system, "b-1", nhs, "2026-11-02T09:00:00Z", "two daily");
        String entry = statement(system, "b-2", nhs, "2026-11-01T09:00:00Z", "at night");
        // pretty-printed, as a sender might: the entry is stored as its span of the Bundle, not re-encoded
        String bundle =
                "{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n  \"entry\": [\n    {\"resource\": "
                        + entry + "  }\n  ]\n}";
        long logBefore = database.count("SELECT count(*) FROM inbound_message");

        IngestService.BatchOutcome outcome =
                ingest.ingest(List.of(message(first), message(second), message(first), message(bundle)));

        assertEquals(List.of(), outcome.refused());
        assertEquals(4, outcome.taken().size(), "every message taken, each naming its patient");
        assertEquals(
                3,
                database.count("SELECT count(*) FROM inbound_message") - logBefore,
                "the resend of identical bytes is the first one's log entry");
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM source_record WHERE source_id = 'batch-gp' AND business_key LIKE '%b-1'"
                                + " AND version = 2 AND resource = ?",
                        second),
                "the newer version won, the older resend changed nothing, stored as received");
        assertEquals(
                1,
                database.count(
                        "SELECT count(*) FROM source_record WHERE source_id = 'batch-gp' AND resource = ?"
                                + " AND content_sha256 = encode(sha256(convert_to(?, 'UTF8')), 'hex')",
                        entry,
                        entry),
                "a Bundle entry is stored and hashed as its span of the Bundle");
        assertEquals(
                1,
                database.count("SELECT count(*) FROM unified_record WHERE nhs_number = ?", nhs),
                "the batch refreshed the patient once");
        assertEquals(1, database.count("SELECT count(*) FROM record_changed_outbox WHERE nhs_number = ?", nhs));
        assertEquals(2, database.count("SELECT count(*) FROM source_record WHERE nhs_number = ?", nhs), "two records");
    }

    @Test
    void identicalBytes_storeAByteIdenticalResourceAndHash_howeverOftenAndInWhateverBatch() {
        String system = Feeds.source("batch-same", "gp");
        String entry = statement(system, "s-1", "9449305331", "2026-11-01T09:00:00Z", "one daily");
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:0a\","
                + "\"resource\":" + entry + "}]}";
        ingest.ingest(List.of(message(bundle)));
        String stored =
                "SELECT count(*) FROM source_record WHERE source_id = 'batch-same' AND resource = ? AND version = 1";
        assertEquals(1, database.count(stored, entry));

        ingest.ingest(List.of(message(entry), message(bundle)));

        assertEquals(1, database.count(stored, entry), "the same text from a lone resource or an entry is one version");
        assertTrue(database.count("SELECT count(*) FROM source_record WHERE source_id = 'batch-same'") == 1);
    }

    private static String statement(String system, String id, String nhs, String lastUpdated, String dosage) {
        return FhirJson.statement(
                system, id, nhs, DMD, VMP, "Co-amilofruse 5mg/40mg tablets", "active", lastUpdated, dosage, null);
    }

    private static InboundMessage message(String json) {
        return new InboundMessage(
                InboundMessage.Transport.KAFKA,
                InboundMessage.Interaction.KAFKA,
                "application/fhir+json",
                json.getBytes(StandardCharsets.UTF_8),
                null,
                null,
                Instant.parse("2026-11-03T10:00:00Z"));
    }
}
