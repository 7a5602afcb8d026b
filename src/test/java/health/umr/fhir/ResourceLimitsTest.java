package health.umr.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.umr.config.FhirContextProducer;
import health.umr.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * ResourceLimits skips its walk over every element when the message text is plain
 * (ReceivedJson.plainText): that shortcut must refuse exactly what the walk refuses.
 */
class ResourceLimitsTest {

    private static final FhirContext FHIR = new FhirContextProducer().fhirContext();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void plainTextAnswersFalseForAnythingThatCouldDecodeToAControlCharacter() {
        for (String text : List.of(
                "{\"a\":\"x\u0001\"}",
                "{\"a\":\"x\\u0000\"}",
                "{\"a\":\"x\\u001B\"}",
                "{\"a\":\"x\\u001f\"}",
                "{\"a\":\"x\\b\"}",
                "{\"a\":\"x\\f\"}",
                "{\"a\":\"<div>&#1;</div>\"}",
                "{\"a\":\"x\\u00",
                "{\"a\":\"x\\\\u0001\"}")) {
            assertFalse(ReceivedJson.plainText(text), text);
        }
        for (String text : List.of(
                "{\"a\":\"x\\t\\n\\r\"}\r\n", "{\"a\":\"\\u00e9 \\u2019 \\u0020 & # \\\\ \\\"\"}", "{\"a\":\"\tb\"}")) {
            assertTrue(ReceivedJson.plainText(text), text);
        }
    }

    @Property(tries = 300)
    void theShortcutRefusesExactlyWhatTheWalkRefuses(
            @ForAll("texts") String fullUrl,
            @ForAll("texts") String note,
            @ForAll("texts") String dose,
            @ForAll("texts") String identifier,
            @ForAll("texts") String extension,
            @ForAll boolean lone) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("resourceType", "MedicationStatement");
        statement.put("status", "active");
        statement
                .putArray("extension")
                .addObject()
                .put("url", "https://x.example/e")
                .put("valueString", extension);
        statement
                .putArray("identifier")
                .addObject()
                .put("system", "https://x.example")
                .put("value", identifier);
        statement.putObject("medicationCodeableConcept").put("text", "Amlodipine");
        statement.putArray("note").addObject().put("text", note);
        statement.putArray("dosage").addObject().put("text", dose);
        String text;
        if (lone) {
            text = statement.toString();
        } else {
            ObjectNode bundle = JSON.createObjectNode();
            bundle.put("resourceType", "Bundle");
            bundle.put("type", "collection");
            ObjectNode entry = bundle.putArray("entry").addObject();
            entry.put("fullUrl", "urn:uuid:" + fullUrl);
            entry.set("resource", statement);
            text = bundle.toString();
        }
        List<Resource> resources = new ArrayList<>();
        try {
            Resource parsed = (Resource) FHIR.newJsonParser().parseResource(text);
            if (parsed instanceof Bundle bundle) {
                bundle.getEntry().forEach(e -> resources.add(e.getResource()));
            } else {
                resources.add(parsed);
            }
        } catch (DataFormatException | IllegalArgumentException unreadable) {
            Assume.that(false);
        }
        boolean plain = ReceivedJson.plainText(text);
        for (Resource resource : resources) {
            assertEquals(outcome(resource, false), outcome(resource, plain), text);
        }
    }

    private static String outcome(Resource resource, boolean plainText) {
        try {
            ResourceLimits.check(FHIR, resource, plainText);
            return "taken";
        } catch (InvalidInputException refused) {
            return refused.code() + " " + refused.getMessage();
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withChars("ab-1.é’<&#;\\\"/ \t\r\n\u0000\u0001\u0008\u000c\u001b\u001f\u007f")
                .ofMaxLength(12);
    }
}
