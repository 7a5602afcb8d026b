package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Makes the generated CapabilityStatement tell the truth about UMR: the profiles in fhir-profiles/
 * each resource is read against, and the $ingest operation.
 */
@Singleton
public class CapabilityCustomiser {

    private static final List<String> PROFILED = List.of("MedicationStatement", "MedicationRequest", "Encounter");

    private final Map<String, String> profileByType = new LinkedHashMap<>();

    public CapabilityCustomiser(FhirContext fhir) {
        for (String type : PROFILED) {
            String file = "/fhir-profiles/StructureDefinition-UMR-" + type + ".json";
            try (InputStream in = CapabilityCustomiser.class.getResourceAsStream(file)) {
                if (in != null) {
                    profileByType.put(
                            type,
                            fhir.newJsonParser()
                                    .parseResource(StructureDefinition.class, in)
                                    .getUrl());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + file, e);
            }
        }
    }

    Map<String, String> profiles() {
        return profileByType;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void customise(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        statement.setPublisher("UMR").getSoftware().setName("UMR unified medicines record");
        statement
                .getImplementation()
                .setDescription("UMR: MedicationStatement and MedicationRequest feeds from every "
                        + "source, reconciled into one medicines record per NHS number");
        for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
            for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                String profile = profileByType.get(resource.getType());
                if (profile != null
                        && resource.getSupportedProfile().stream().noneMatch(p -> profile.equals(p.getValue()))) {
                    resource.getSupportedProfile().add(new CanonicalType(profile));
                }
                if (!"Patient".equals(resource.getType())) {
                    resource.getSearchParam().removeIf(p -> true);
                    for (String name : List.of("patient:identifier", "subject:identifier")) {
                        resource.addSearchParam()
                                .setName(name)
                                .setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.TOKEN)
                                .setDocumentation("the patient's NHS number: " + health.umr.domain.NhsNumber.SYSTEM
                                        + "|{nhs number}");
                    }
                    resource.addSearchParam()
                            .setName("identifier")
                            .setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.TOKEN);
                    resource.addSearchParam()
                            .setName("status")
                            .setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.TOKEN);
                    resource.addSearchParam()
                            .setName("_lastUpdated")
                            .setType(org.hl7.fhir.r4.model.Enumerations.SearchParamType.DATE);
                }
            }
        }
    }
}
