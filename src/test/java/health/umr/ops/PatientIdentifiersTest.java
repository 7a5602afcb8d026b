package health.umr.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PatientIdentifiersTest {

    @Test
    void thePatientSegmentOfAPath_isRedacted() {
        assertEquals(
                "/api/patients/***/medications", PatientIdentifiers.redactUri("/api/patients/9449306680/medications"));
        assertEquals("/patients/***", PatientIdentifiers.redactUri("/patients/not-even-a-number"));
        assertEquals("/fhir/Patient/***", PatientIdentifiers.redactUri("/fhir/Patient/abc-123"));
        assertEquals(
                "/fhir/Patient/$unified-medications",
                PatientIdentifiers.redactUri("/fhir/Patient/$unified-medications"));
    }

    @Test
    void queryValues_areRedacted_butTheParametersAndPagingStay() {
        assertEquals(
                "/fhir/MedicationStatement?patient:identifier=***&_count=20&status=active",
                PatientIdentifiers.redactUri(
                        "/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9449306680&_count=20&status=active"));
        assertEquals(
                "/fhir/Patient/$unified-medications?identifier=***",
                PatientIdentifiers.redactUri(
                        "/fhir/Patient/$unified-medications?identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9449306680"));
        assertEquals(
                "/fhir/Patient?name=***&birthdate=***",
                PatientIdentifiers.redactUri("/fhir/Patient?name=Smith&birthdate=1970-01-01"));
    }

    @Test
    void anyTenDigitRun_anywhereElse_isRedacted_spacedEncodedOrDashed() {
        assertEquals("/fhir/AuditEvent/***", PatientIdentifiers.redactUri("/fhir/AuditEvent/9449306680"));
        assertEquals("/x/***", PatientIdentifiers.redactUri("/x/944%20930%206680"));
        assertEquals("/x/***-y", PatientIdentifiers.redactUri("/x/944-930-6680-y"));
        assertEquals("/q?_count=***", PatientIdentifiers.redactUri("/q?_count=9449306680"));
        assertEquals("/api/sources/gp-a81001", PatientIdentifiers.redactUri("/api/sources/gp-a81001"));
        assertEquals("/fhir/MedicationStatement/17", PatientIdentifiers.redactUri("/fhir/MedicationStatement/17"));
    }
}
