package health.umr.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The patient's name from a FHIR Patient resource, as NHS screens show it: "FAMILY, Given". */
final class PatientNames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PatientNames() {}

    /** The official (else usual, else first) name, or null when the resource names nobody. */
    static String of(String patientJson) {
        if (patientJson == null) {
            return null;
        }
        try {
            JsonNode names = JSON.readTree(patientJson).path("name");
            if (!names.isArray() || names.isEmpty()) {
                return null;
            }
            JsonNode chosen = names.get(0);
            for (String use : List.of("usual", "official")) {
                for (JsonNode name : names) {
                    if (use.equals(name.path("use").asText())) {
                        chosen = name;
                    }
                }
            }
            List<String> given = new ArrayList<>();
            chosen.path("given").forEach(g -> given.add(g.asText()));
            String family = chosen.path("family").asText("");
            if (family.isBlank() && given.isEmpty()) {
                return chosen.path("text").asText(null);
            }
            String givenText = String.join(" ", given);
            if (family.isBlank()) {
                return givenText;
            }
            return family.toUpperCase(Locale.UK) + (givenText.isBlank() ? "" : ", " + givenText);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
