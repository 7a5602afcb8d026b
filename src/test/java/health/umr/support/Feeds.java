package health.umr.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import health.umr.domain.NhsNumber;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;

/** Builds the resources and sources the tests send, in the shapes real feeds use. */
public final class Feeds {

    public static final String NHS_NUMBER = "9449306680";
    public static final String FHIR_JSON = "application/fhir+json";

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PATIENT =
            new java.util.concurrent.atomic.AtomicInteger();

    private Feeds() {}

    /**
     * A valid NHS number no other caller in this run gets: a stream of its own patient, so the unified
     * record each batch refreshes is that stream's, not every test's records on {@link #NHS_NUMBER}.
     */
    public static String newNhsNumber() {
        for (long prefix = 940_000_000L + 13L * NEXT_PATIENT.incrementAndGet(); ; prefix++) {
            String valid = withCheckDigit(Long.toString(prefix));
            if (valid != null) {
                return valid;
            }
        }
    }

    /** The first {@code count} valid NHS numbers (Modulus 11) after a prefix: numbers no other test uses. */
    public static List<String> validNhsNumbers(String prefix, int count) {
        List<String> found = new ArrayList<>();
        for (int n = 0; found.size() < count; n++) {
            String valid = withCheckDigit(prefix + String.format("%0" + (9 - prefix.length()) + "d", n));
            if (valid != null) {
                found.add(valid);
            }
        }
        return List.copyOf(found);
    }

    /** Nine digits with the check digit the domain accepts, or null when none does (Modulus 11 gives 10). */
    private static String withCheckDigit(String nine) {
        for (int check = 0; check <= 9; check++) {
            if (NhsNumber.isValid(nine + check)) {
                return nine + check;
            }
        }
        return null;
    }

    /** Registers (or re-registers) a source; answers its system. */
    public static String source(String id, String setting) {
        String system = "https://fhir." + id + ".health/umr-test";
        given().contentType(ContentType.JSON)
                .body("{\"setting\":\"" + setting + "\",\"name\":\"" + id + "\",\"system\":\"" + system + "\"}")
                .put("/api/sources/" + id)
                .then()
                .statusCode(anyOf(is(200), is(201)));
        return system;
    }

    /** A GP-style MedicationStatement with a dm+d coding, keyed by a business identifier. */
    public static String statement(
            String system, String identifier, String nhsNumber, String status, String lastUpdated, String dosage) {
        return """
                {"resourceType":"MedicationStatement",
                 "meta":{"source":"%s","lastUpdated":"%s"},
                 "identifier":[{"system":"https://fhir.test.example/medication-statement","value":"%s"}],
                 "status":"%s",
                 "medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"776556004","display":"Amitriptyline"}]},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "dateAsserted":"2026-11-01",
                 "dosage":[{"text":"%s"}]}""".formatted(system, lastUpdated, identifier, status, nhsNumber, dosage);
    }

    public static String statement(String system, String identifier) {
        return statement(system, identifier, NHS_NUMBER, "active", "2026-11-01T10:00:00Z", "10mg at night");
    }
}
