package health.umr.fhir;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a PUT named in its URL: {@code Type/id}, or the conditional {@code Type?identifier=system|value}.
 * Kept in the inbound log with the body, so a rebuild reads the update exactly as it was meant.
 */
record UpdateTarget(String resourceType, String id, String identifierSystem, String identifierValue) {

    static UpdateTarget parse(String target) {
        int question = target.indexOf('?');
        if (question < 0) {
            String[] parts = target.split("/");
            return new UpdateTarget(parts[0], parts.length > 1 ? parts[1] : null, null, null);
        }
        String type = target.substring(0, question);
        for (String pair : target.substring(question + 1).split("&")) {
            String[] nameValue = pair.split("=", 2);
            if (nameValue.length == 2 && nameValue[0].equals("identifier")) {
                String token = URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8);
                int bar = token.indexOf('|');
                return bar < 0
                        ? new UpdateTarget(type, null, null, token)
                        : new UpdateTarget(type, null, token.substring(0, bar), token.substring(bar + 1));
            }
        }
        throw new InvalidInputException(
                ErrorCode.INVALID_PARAMETER,
                "a conditional update needs ?identifier=system|value; UMR matches records by business identifier only");
    }

    static String of(String resourceType, String id, String conditionalUrl) {
        if (conditionalUrl != null && !conditionalUrl.isBlank()) {
            return conditionalUrl.startsWith(resourceType) ? conditionalUrl : resourceType + "?" + conditionalUrl;
        }
        return resourceType + "/" + id;
    }

    /** Checks the body against the URL, and gives an id-less body the id its URL names. */
    void applyTo(Resource resource) {
        if (!resource.fhirType().equals(resourceType)) {
            throw new InvalidInputException(
                    ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                    "this URL takes a " + resourceType + ", but the body holds a " + resource.fhirType());
        }
        if (id != null) {
            String bodyId = resource.getIdElement().getIdPart();
            if (bodyId != null && !bodyId.equals(id)) {
                throw new InvalidInputException(
                        ErrorCode.ID_MISMATCH,
                        "the body's id '" + bodyId + "' differs from the id in the URL '" + id
                                + "'; FHIR requires them to match",
                        List.of(resourceType + ".id"));
            }
            resource.setId(id);
            return;
        }
        boolean carries = identifiers(resource).stream()
                .anyMatch(i -> identifierValue.equals(i.getValue())
                        && (identifierSystem == null || identifierSystem.equals(i.getSystem())));
        if (!carries) {
            throw new InvalidInputException(
                    ErrorCode.ID_MISMATCH,
                    "the body does not carry the identifier "
                            + (identifierSystem == null ? "" : identifierSystem + "|") + identifierValue
                            + " named in the URL; add it to " + resourceType + ".identifier",
                    List.of(resourceType + ".identifier"));
        }
    }

    private static List<Identifier> identifiers(Resource resource) {
        if (resource instanceof MedicationStatement statement) {
            return statement.getIdentifier();
        }
        if (resource instanceof MedicationRequest request) {
            return request.getIdentifier();
        }
        if (resource instanceof Encounter encounter) {
            return encounter.getIdentifier();
        }
        if (resource instanceof Patient patient) {
            return patient.getIdentifier();
        }
        return List.of();
    }
}
