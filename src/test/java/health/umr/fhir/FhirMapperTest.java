package health.umr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import health.umr.config.FhirContextProducer;
import health.umr.domain.Coding;
import health.umr.domain.ErrorCode;
import health.umr.domain.MedicationCode;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.SourceSetting;
import health.umr.ingest.Entry;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FhirMapper on its own: plain JUnit, no Quarkus, no database. The registered sources are a list
 * handed in, as the reader hands in the registry's lookup.
 */
class FhirMapperTest {

    private static final String NHS = "9449306680";
    private static final Source GP = new Source(
            "gp-a81001", SourceSetting.GP, "Example GP", "https://fhir.gp.example/practice/A81001", "A81001");
    private static final SourceLookup SOURCES = SourceLookup.of(List.of(GP));

    private static final FhirContext FHIR = new FhirContextProducer().fhirContext();
    private final FhirMapper mapper = new FhirMapper(FHIR);

    // --- statuses -------------------------------------------------------------------------------

    @ParameterizedTest(name = "MedicationStatement.status {0} is kept")
    @CsvSource({"active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"})
    void everyMedicationStatementStatusIsKeptAsSent(String status) {
        SourceRecord record = taken(statement("\"status\":\"" + status + "\",", dmdConcept("https://dmd.nhs.uk")));

        assertEquals(status, record.status());
    }

    @ParameterizedTest(name = "MedicationRequest.status {0} is kept")
    @CsvSource({"active", "on-hold", "cancelled", "completed", "entered-in-error", "stopped", "draft", "unknown"})
    void everyMedicationRequestStatusIsKeptAsSent(String status) {
        SourceRecord record =
                taken(resource("""
                {"resourceType":"MedicationRequest","meta":{"source":"%s"},"status":"%s","intent":"order",
                 %s,"subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(GP.system(), status, dmdConcept("https://dmd.nhs.uk"), NHS)));

        assertEquals(status, record.status());
        assertEquals("order", record.intent());
    }

    @Test
    void aStatementWithoutStatusIsRefused() {
        assertRefused(ErrorCode.MISSING_STATUS, statement("", dmdConcept("https://dmd.nhs.uk")));
    }

    // --- code systems ---------------------------------------------------------------------------

    @ParameterizedTest(name = "a coding under {0} is kept with its system and code")
    @CsvSource({"https://dmd.nhs.uk", "https://dmd.nhs.uk/", "http://snomed.info/sct"})
    void aDmdCodeUnderAnyOfItsSystemsIsKept(String system) {
        SourceRecord record = taken(statement("\"status\":\"active\",", dmdConcept(system)));

        assertEquals(
                new MedicationCode(List.of(new Coding(system, "318136009", "Atorvastatin 20mg tablets")), null)
                        .codings(),
                record.medication().codings());
        assertEquals("Atorvastatin 20mg tablets", record.medication().text(), "the display stands in for text");
    }

    @Test
    void aCodingWithoutACodeIsDropped_andItsDisplayIsTheText() {
        SourceRecord record = taken(statement("\"status\":\"active\",", """
                "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","display":"Some tablets"}]}"""));

        assertEquals(List.of(), record.medication().codings());
        assertEquals("Some tablets", record.medication().text());
        assertTrue(record.medication().isTextOnly());
    }

    // --- the medicine: concept, contained, referenced, text only --------------------------------

    @Test
    void aTextOnlyMedicineIsKeptAsText() {
        SourceRecord record = taken(statement("\"status\":\"active\",", """
                "medicationCodeableConcept":{"text":"St John's Wort (own supply)"}"""));

        assertTrue(record.medication().isTextOnly());
        assertEquals("St John's Wort (own supply)", record.medication().text());
    }

    @Test
    void aContainedMedicationIsRead() {
        SourceRecord record = taken(resource("""
                {"resourceType":"MedicationStatement","meta":{"source":"%s"},"status":"active",
                 "contained":[{"resourceType":"Medication","id":"med1",%s}],
                 "medicationReference":{"reference":"#med1"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(GP.system(), codeOfMedication(), NHS)));

        assertEquals("318136009", record.medication().codings().get(0).code());
    }

    @Test
    void aMedicationElsewhereInTheBundleIsRead() {
        Bundle bundle = (Bundle) resource("""
                {"resourceType":"Bundle","type":"collection","meta":{"source":"%s"},"entry":[
                  {"fullUrl":"https://fhir.gp.example/Medication/m1","resource":{"resourceType":"Medication","id":"m1",%s}},
                  {"fullUrl":"https://fhir.gp.example/MedicationStatement/s1","resource":{"resourceType":"MedicationStatement",
                   "id":"s1","status":"active","medicationReference":{"reference":"Medication/m1"},
                   "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}}]}""".formatted(GP.system(), codeOfMedication(), NHS));
        MessageContext context = MessageContext.of(bundle, Optional.empty(), false, SOURCES);

        Entry entry = mapper.toEntry(bundle.getEntry().get(1).getResource(), 1, context, true);

        SourceRecord record =
                (SourceRecord) assertInstanceOf(Entry.OfRecord.class, entry).record();
        assertEquals("318136009", record.medication().codings().get(0).code());
        assertEquals(GP.id(), record.key().sourceId(), "the Bundle's meta.source names the source");
    }

    @Test
    void aReferenceToNothingWithADisplayIsTextOnly() {
        SourceRecord record = taken(statement("\"status\":\"active\",", """
                "medicationReference":{"reference":"Medication/elsewhere","display":"Amlodipine 5mg tablets"}"""));

        assertTrue(record.medication().isTextOnly());
        assertEquals("Amlodipine 5mg tablets", record.medication().text());
    }

    @Test
    void aReferenceToNothingWithoutADisplayIsRefused() {
        assertRefused(ErrorCode.MISSING_MEDICATION, statement("\"status\":\"active\",", """
                "medicationReference":{"reference":"Medication/elsewhere"}"""));
    }

    // --- the source -----------------------------------------------------------------------------

    @ParameterizedTest(name = "meta.source {0} → {1}")
    @CsvSource({
        "https://fhir.gp.example/practice/A81001, gp-a81001",
        "https://fhir.gp.example/practice/A81001#v2, gp-a81001",
        "https://fhir.unknown.example, UMR-0005"
    })
    void metaSourceNamesARegisteredSource_orIsRefused(String metaSource, String expected) {
        Resource statement = resource("""
                {"resourceType":"MedicationStatement","meta":{"source":"%s"},"status":"active",%s,
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(metaSource, dmdConcept("https://dmd.nhs.uk"), NHS));

        Entry entry = mapper.toEntry(statement, 0, MessageContext.lone(Optional.empty(), false, SOURCES), false);

        String got = entry instanceof Entry.OfRecord taken
                ? taken.record().key().sourceId()
                : ((Entry.Refusal) entry).reason().code().code();
        assertEquals(expected, got);
    }

    @Test
    void noSourceNamedAnywhereIsRefused() {
        Resource statement = resource("""
                {"resourceType":"MedicationStatement","status":"active",%s,
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(dmdConcept("https://dmd.nhs.uk"), NHS));

        Entry entry = mapper.toEntry(statement, 0, MessageContext.lone(Optional.empty(), false, SOURCES), false);

        assertEquals(
                ErrorCode.MISSING_SOURCE,
                assertInstanceOf(Entry.Refusal.class, entry).reason().code());
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static String dmdConcept(String system) {
        return """
                "medicationCodeableConcept":{"coding":[{"system":"%s","code":"318136009","display":"Atorvastatin 20mg tablets"}]}""".formatted(system);
    }

    private static String codeOfMedication() {
        return """
                "code":{"coding":[{"system":"https://dmd.nhs.uk","code":"318136009","display":"Atorvastatin 20mg tablets"}]}""";
    }

    /** A MedicationStatement from the registered GP: {@code status} is a field with its comma, or nothing. */
    private static Resource statement(String status, String medication) {
        return resource("""
                {"resourceType":"MedicationStatement","meta":{"source":"%s"},%s%s,
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}}}""".formatted(GP.system(), status, medication, NHS));
    }

    private static Resource resource(String json) {
        return (Resource) FHIR.newJsonParser().parseResource(json);
    }

    private SourceRecord taken(Resource resource) {
        Entry entry = mapper.toEntry(resource, 0, MessageContext.lone(Optional.empty(), false, SOURCES), false);
        if (entry instanceof Entry.Refusal refusal) {
            throw new AssertionError("refused: " + refusal.reason().getMessage());
        }
        return (SourceRecord) assertInstanceOf(Entry.OfRecord.class, entry).record();
    }

    private void assertRefused(ErrorCode code, Resource resource) {
        Entry entry = mapper.toEntry(resource, 0, MessageContext.lone(Optional.empty(), false, SOURCES), false);
        assertEquals(code, assertInstanceOf(Entry.Refusal.class, entry).reason().code());
    }
}
