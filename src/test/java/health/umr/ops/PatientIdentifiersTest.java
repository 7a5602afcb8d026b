package health.umr.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PatientIdentifiersTest {

    /** The one-pass redaction gives what the split/regex one it replaced gave (PatientIdentifiersBefore, the oracle). */
    @Property(tries = 3_000)
    void sameRedactionAsBefore(@ForAll("uris") String uri) {
        assertEquals(PatientIdentifiersBefore.redactUri(uri), PatientIdentifiers.redactUri(uri));
    }

    @Property(tries = 3_000)
    void theScannerFindsWhatThePatternFinds(@ForAll("uris") String text) {
        assertEquals(PatientIdentifiers.NHS_LIKE.matcher(text).find(), PatientIdentifiers.nhsLike(text), text);
    }

    @Provide
    Arbitrary<String> uris() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(
                        "/",
                        "/",
                        "/",
                        "?",
                        "&",
                        "=",
                        "patients",
                        "Patient",
                        "PATIENTS",
                        "patient",
                        "pat\u0130ents",
                        "patient\u017f",
                        "$unified-medications",
                        "api",
                        "fhir",
                        "identifier",
                        "_count",
                        "status",
                        "|",
                        "%20",
                        "%7C",
                        "%2F",
                        "%3",
                        "%zz",
                        "+",
                        "-",
                        " ",
                        "\t",
                        "\u000b",
                        "\u00e9"),
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings()
                        .withChars("0123456789 -+%\t")
                        .ofMinLength(1)
                        .ofMaxLength(14),
                Arbitraries.strings().all().ofMaxLength(3));
        return piece.list().ofMaxSize(14).map(pieces -> String.join("", pieces));
    }

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
