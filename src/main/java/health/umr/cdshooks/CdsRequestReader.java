package health.umr.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.config.UmrConfig;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.http.ParserMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

/**
 * JSON → {@link CdsRequest}. Everything a client can get wrong is refused here with a message
 * naming the field (never a 5xx): not JSON, no hook or an unknown one, no hookInstance, no context, a draftOrders
 * that is not a FHIR Bundle, a prefetch.patient that is not a Patient.
 */
@ApplicationScoped
class CdsRequestReader {

    static final Set<String> HOOKS = Set.of("order-select", "order-sign");

    /**
     * The most draft orders one call checks. A prescriber signs a handful at once; the checks compare
     * the drafts with each other, so thousands (a 10 MB body holds some 40,000) kept a request thread
     * busy for over ten seconds before this bound.
     */
    static final int MAX_DRAFT_ORDERS = 500;

    private final ObjectMapper json;
    private final FhirContext fhir;
    private final UmrConfig config;

    CdsRequestReader(ObjectMapper json, FhirContext fhir, UmrConfig config) {
        this.json = json;
        this.fhir = fhir;
        this.config = config;
    }

    CdsRequest read(String body) {
        long limit = config.fhir().maxBodyBytes();
        // Characters are a lower bound on UTF-8 bytes: enough to refuse the oversized before parsing.
        if (body != null && body.length() > limit) {
            throw new InvalidInputException(
                    ErrorCode.BODY_TOO_LARGE,
                    "the body is over " + limit
                            + " bytes, the most UMR takes a request: send fewer draft orders a call");
        }
        JsonNode root = parse(body);
        String hook = text(root, "hook");
        if (hook == null) {
            throw refuse("hook is required: order-select or order-sign", "hook");
        }
        if (!HOOKS.contains(hook)) {
            throw refuse(
                    "hook '" + hook + "' is not one umr-medicines-check answers: order-select or order-sign", "hook");
        }
        // required by the CDS Hooks specification (as hook and context are): the id a client and UMR's
        // logs share for this one call
        String hookInstance = text(root, "hookInstance");
        if (hookInstance == null) {
            throw refuse(
                    "hookInstance is required: a string (a UUID the client makes) naming this call", "hookInstance");
        }
        JsonNode context = root.get("context");
        if (context == null || !context.isObject()) {
            throw refuse(
                    "context is required: an object with patientId and draftOrders (a FHIR Bundle of MedicationRequests)",
                    "context");
        }
        int drafts = context.path("draftOrders").path("entry").size();
        if (drafts > MAX_DRAFT_ORDERS) {
            throw refuse(
                    "context.draftOrders holds " + drafts + " entries; one call checks at most " + MAX_DRAFT_ORDERS
                            + " draft orders (each is checked against every other): send them in several calls",
                    "context.draftOrders");
        }
        Bundle draftOrders = resource(context.get("draftOrders"), "context.draftOrders", Bundle.class)
                .orElseThrow(() -> refuse(
                        "context.draftOrders is required: a FHIR Bundle of MedicationRequests", "context.draftOrders"));
        Optional<Patient> patient = prefetchPatient(root.get("prefetch"));
        return new CdsRequest(
                hook,
                hookInstance,
                text(context, "patientId"),
                draftOrders,
                selections(context.get("selections")),
                patient);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw refuse("the body is empty; send a CDS Hooks request (JSON with hook, hookInstance, context)", "");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw refuse("the body must be a JSON object (a CDS Hooks request)", "");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "the body is not JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at line " + e.getLocation().getLineNr() + ", column "
                                            + e.getLocation().getColumnNr()));
        }
    }

    /** prefetch.patient may be absent or null (the client could not prefetch); a searchset Bundle is taken too. */
    private Optional<Patient> prefetchPatient(JsonNode prefetch) {
        if (prefetch == null || prefetch.isNull()) {
            return Optional.empty();
        }
        if (!prefetch.isObject()) {
            throw refuse("prefetch must be an object whose patient is a FHIR Patient", "prefetch");
        }
        JsonNode patient = prefetch.get("patient");
        if (patient != null && patient.isObject() && "Bundle".equals(text(patient, "resourceType"))) {
            return resource(patient, "prefetch.patient", Bundle.class)
                    .flatMap(bundle -> bundle.getEntry().stream()
                            .map(Bundle.BundleEntryComponent::getResource)
                            .filter(Patient.class::isInstance)
                            .map(Patient.class::cast)
                            .findFirst());
        }
        return resource(patient, "prefetch.patient", Patient.class);
    }

    private <T extends IBaseResource> Optional<T> resource(JsonNode node, String path, Class<T> type) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String expected = type.getSimpleName();
        if (!node.isObject() || !expected.equals(text(node, "resourceType"))) {
            throw refuse(
                    path + " must be a FHIR " + expected + " (JSON with \"resourceType\": \"" + expected + "\")", path);
        }
        try {
            return Optional.of(fhir.newJsonParser().parseResource(type, node.toString()));
        } catch (DataFormatException | ClassCastException | IllegalArgumentException e) {
            throw refuse(
                    path + " is not a valid FHIR R4 " + expected + ": " + ParserMessage.clean(e.getMessage()), path);
        } catch (NullPointerException e) {
            // HAPI's parser fails this way on a Bundle entry whose resource is null, a number or a string
            throw refuse(
                    path + " is not a valid FHIR R4 " + expected + ": an entry's resource is not a resource", path);
        }
    }

    private Set<String> selections(JsonNode node) {
        Set<String> selections = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return selections;
        }
        if (!node.isArray()) {
            throw refuse(
                    "context.selections must be an array of references such as \"MedicationRequest/abc\"",
                    "context.selections");
        }
        node.forEach(s -> {
            if (s.isTextual()) {
                selections.add(s.asText());
            }
        });
        return selections;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    static InvalidInputException refuse(String message, String path) {
        return new InvalidInputException(
                ErrorCode.INVALID_PARAMETER, message, path.isEmpty() ? List.of() : List.of(path));
    }
}
