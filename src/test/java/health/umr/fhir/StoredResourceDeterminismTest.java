package health.umr.fhir;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.domain.Sha256;
import health.umr.ingest.Entry;
import health.umr.ingest.InboundMessage;
import health.umr.support.Feeds;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The inbound log is the truth (DESIGN.md rule 1): what UMR stores "as received" must be a function
 * of the received bytes alone. An EPS-style message Bundle (homecare, drug teams) names its Patient by
 * a urn:uuid fullUrl; reading it twice must give the same stored resource, byte for byte, and the
 * same content hash.
 */
@QuarkusTest
class StoredResourceDeterminismTest {

    private static final String PATIENT = "8f1c2d3e-0000-4000-8000-000000000001";
    private static final String REQUEST = "8f1c2d3e-0000-4000-8000-000000000002";

    @Inject
    FhirMessageReader reader;

    @Inject
    DataSource dataSource;

    @Test
    void aMessageBundleReadTwice_givesByteIdenticalResources() {
        String system = Feeds.source("homecare-determinism", "homecare");
        byte[] body = messageBundle(system, "hc-order-1").getBytes(StandardCharsets.UTF_8);

        List<String> first = storedResources(body);
        List<String> second = storedResources(body);

        assertEquals(first, second, "the same bytes read twice");
        assertEquals(2, first.size(), "the Patient and the MedicationRequest");
        for (String json : first) {
            assertFalse(json.contains("\"contained\""), "nothing contained under an id of UMR's making: " + json);
        }
        assertTrue(first.get(1).contains("\"subject\":{\"reference\":\"urn:uuid:" + PATIENT + "\"}"), first.get(1));
    }

    @Test
    void theStoredResourceAndItsHash_areWhatTheBytesGive() throws Exception {
        String system = Feeds.source("homecare-determinism", "homecare");
        String message = messageBundle(system, "hc-order-2");
        String expected =
                storedResources(message.getBytes(StandardCharsets.UTF_8)).get(1);

        given().contentType(Feeds.FHIR_JSON)
                .body(message)
                .post("/fhir/$ingest")
                .then()
                .statusCode(200)
                .body("issue[0].diagnostics", startsWith("taken"));

        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT resource, content_sha256 FROM source_record WHERE business_key LIKE '%|hc-order-2'")) {
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "stored");
                assertEquals(expected, row.getString(1), "stored as the bytes give it");
                assertEquals(Sha256.hex(expected), row.getString(2), "its hash is the hash of those bytes");
            }
        }
    }

    private List<String> storedResources(byte[] body) {
        List<Entry> entries = reader.read(new InboundMessage(
                InboundMessage.Transport.REST,
                InboundMessage.Interaction.INGEST,
                Feeds.FHIR_JSON,
                body,
                null,
                null,
                Instant.parse("2026-11-01T10:00:00Z")));
        return entries.stream()
                .map(e -> e instanceof Entry.OfRecord r
                        ? r.resourceJson()
                        : e instanceof Entry.OfPatient p ? p.resourceJson() : null)
                .filter(json -> json != null)
                .toList();
    }

    /** The shape homecare providers send (PopulationGenerator's epsMessage): MessageHeader, Patient, MedicationRequest. */
    static String messageBundle(String system, String orderItem) {
        return """
                {"resourceType":"Bundle","id":"3c0a1b2c-0000-4000-8000-00000000000a","type":"message",
                 "timestamp":"2026-11-01T10:00:00Z",
                 "entry":[
                  {"fullUrl":"urn:uuid:3c0a1b2c-0000-4000-8000-00000000000b",
                   "resource":{"resourceType":"MessageHeader","id":"3c0a1b2c-0000-4000-8000-00000000000b",
                    "eventCoding":{"system":"https://fhir.nhs.uk/CodeSystem/message-event","code":"prescription-order"},
                    "source":{"endpoint":"%1$s"},
                    "focus":[{"reference":"urn:uuid:%3$s"}]}},
                  {"fullUrl":"urn:uuid:%2$s",
                   "resource":{"resourceType":"Patient","id":"%2$s",
                    "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9449306680"}],
                    "gender":"female","birthDate":"1990-04-01"}},
                  {"fullUrl":"urn:uuid:%3$s",
                   "resource":{"resourceType":"MedicationRequest","id":"%3$s",
                    "meta":{"source":"%1$s","lastUpdated":"2026-11-01T10:00:00Z"},
                    "identifier":[{"system":"https://fhir.nhs.uk/Id/prescription-order-item-number","value":"%4$s"}],
                    "status":"active","intent":"original-order",
                    "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"776556004","display":"Amitriptyline"}]},
                    "subject":{"reference":"urn:uuid:%2$s"},
                    "authoredOn":"2026-11-01"}}]}""".formatted(system, PATIENT, REQUEST, orderItem);
    }
}
