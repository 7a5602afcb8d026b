package health.umr.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue #13: request targets that hung the connection or reached the database undecoded. */
class UriCheckTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/fhir/MedicationStatement?identifier=%", // hung: Undertow's decoder threw on a worker thread
                "/fhir/MedicationStatement?identifier=a%zz", // hung likewise
                "/fhir/MedicationStatement?identifier=%00",
                "/fhir/MedicationStatement?status=%1b",
                "/fhir/MedicationStatement?x=%FF",
                "/fhir/MedicationStatement?x=%C0%AF",
                "/fhir/%25",
                "/fhir/%00",
                "/fhir/a%zz",
                "/fhir\\metadata",
                "/fhir/%5cmetadata",
                "/fhir/..%2f..%2fetc",
                "/fhir/%2e%2e/x",
                "/fhir/x#fragment",
                "fhir/metadata",
                "/fhir//double", // HAPI asserts a request path never starts with '/'
                "/fhir/caf\u00e9",
                "/api/admin/rebuild?x=\\", // java.net.URI (the /api audit) cannot parse it: once a 500
                "/fhir/MedicationStatement?x=<script>"
            })
    void refuses(String target) {
        assertTrue(UriCheck.problem(target).isPresent(), target);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/fhir/metadata",
                "/fhir/MedicationStatement?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|9449306680",
                "/fhir/MedicationStatement?patient%3Aidentifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9449306680",
                "/fhir/Patient/$unified-medications?identifier=x&_at=2026-01-01T10:00:00%2B01:00",
                "/fhir/CodeSystem/$lookup?system=https://dmd.nhs.uk&code=776556004",
                "/api/patients/944%20930%206680/medications",
                "/fhir/MedicationStatement?identifier=caf%C3%A9",
                "http://localhost:8080/fhir/metadata"
            })
    void accepts(String target) {
        assertEquals(Optional.empty(), UriCheck.problem(target), target);
    }

    @org.junit.jupiter.api.Test
    void refusesMoreParametersThanUndertowWouldParse() {
        assertTrue(UriCheck.problem("/fhir/x?" + "p=1&".repeat(UriCheck.MAX_PARAMETERS))
                .isPresent());
    }
}
