package health.umr.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;

import io.restassured.response.ValidatableResponse;

/** FHIR R4 JSON in the shapes real feeds send (UK Core, GP Connect, EPS), for the API tests. */
public final class FhirJson {

    public static final String DMD = "https://dmd.nhs.uk";
    public static final String SCT = "http://snomed.info/sct";

    private FhirJson() {}

    public static String statement(
            String system,
            String id,
            String nhs,
            String codeSystem,
            String code,
            String display,
            String status,
            String lastUpdated,
            String dosage,
            String basedOn) {
        return """
                {"resourceType":"MedicationStatement","id":"%s",
                 "meta":{"source":"%s","lastUpdated":"%s"},
                 "identifier":[{"system":"%s/ms","value":"%s"}],
                 "status":"%s",%s
                 "medicationCodeableConcept":%s,
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "dateAsserted":"%s",
                 "dosage":[{"text":"%s"}]}""".formatted(
                        id,
                        system,
                        lastUpdated,
                        system,
                        id,
                        status,
                        basedOn == null ? "" : "\"basedOn\":[{\"reference\":\"" + basedOn + "\"}],",
                        concept(codeSystem, code, display),
                        nhs,
                        lastUpdated.substring(0, 10),
                        dosage);
    }

    public static String request(
            String system,
            String id,
            String nhs,
            String code,
            String display,
            String status,
            String intent,
            String category,
            String lastUpdated,
            String dosage,
            String basedOn) {
        return """
                {"resourceType":"MedicationRequest","id":"%s",
                 "meta":{"source":"%s","lastUpdated":"%s"},
                 "identifier":[{"system":"%s/mr","value":"%s"}],
                 "status":"%s","intent":"%s",%s%s
                 "medicationCodeableConcept":%s,
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "authoredOn":"%s",
                 "dosageInstruction":[{"text":"%s"}]}""".formatted(
                        id,
                        system,
                        lastUpdated,
                        system,
                        id,
                        status,
                        intent,
                        category == null
                                ? ""
                                : "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/medicationrequest-category\",\"code\":\""
                                        + category + "\"}]}],",
                        basedOn == null ? "" : "\"basedOn\":[{\"reference\":\"" + basedOn + "\"}],",
                        concept(DMD, code, display),
                        nhs,
                        lastUpdated,
                        dosage);
    }

    public static String encounter(
            String system,
            String id,
            String nhs,
            String encounterClass,
            String status,
            String start,
            String lastUpdated) {
        return """
                {"resourceType":"Encounter","id":"%s","meta":{"source":"%s","lastUpdated":"%s"},
                 "identifier":[{"system":"%s/enc","value":"%s"}],
                 "status":"%s","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"%s"},
                 "subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}},
                 "period":{"start":"%s"}}""".formatted(id, system, lastUpdated, system, id, status, encounterClass, nhs, start);
    }

    public static String patient(String nhs, String gender, String birthDate, String lastUpdated) {
        return """
                {"resourceType":"Patient","meta":{"lastUpdated":"%s"},
                 "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"%s"}],
                 "gender":"%s","birthDate":"%s"}""".formatted(lastUpdated, nhs, gender, birthDate);
    }

    private static String concept(String system, String code, String display) {
        if (code == null) {
            return "{\"text\":\"" + display + "\"}";
        }
        return "{\"coding\":[{\"system\":\"" + system + "\",\"code\":\"" + code + "\",\"display\":\"" + display
                + "\"}]}";
    }

    /**
     * Sertraline from {@code gp} and, unless {@code mentalHealth} is null, citalopram from it, both
     * active since 2026-11-01 (ids {@code idPrefix-s}, {@code idPrefix-c}): two SSRIs from two
     * sources, the ordinary therapeutic-duplication case (synthetic dm+d, {@link SyntheticCodes}).
     */
    public static void postSsris(String gp, String mentalHealth, String nhs, String idPrefix) {
        post(statement(
                gp,
                idPrefix + "-s",
                nhs,
                DMD,
                SyntheticCodes.SERTRALINE_50,
                "Sertraline 50mg tablets",
                "active",
                "2026-11-01T09:00:00Z",
                "1 od",
                null));
        if (mentalHealth != null) {
            post(statement(
                    mentalHealth,
                    idPrefix + "-c",
                    nhs,
                    DMD,
                    SyntheticCodes.CITALOPRAM_20,
                    "Citalopram 20mg tablets",
                    "active",
                    "2026-11-01T09:00:00Z",
                    "1 od",
                    null));
        }
    }

    /** Posts one resource to its type's endpoint; expects success. */
    public static ValidatableResponse post(String json) {
        String type = json.replaceAll("(?s).*?\"resourceType\":\"(\\w+)\".*", "$1");
        return given().contentType("application/fhir+json")
                .body(json)
                .post("/fhir/" + type)
                .then()
                .statusCode(lessThan(300));
    }
}
