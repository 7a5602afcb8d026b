package health.umr.fhir;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.umr.dmd.Dmd;
import health.umr.dmd.DmdConcept;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/** CodeSystem/$lookup over dm+d: a concept's name, class and its parents up to the VTM. */
@Singleton
public class CodeSystemProvider implements IResourceProvider {

    private final Dmd dmd;

    public CodeSystemProvider(Dmd dmd) {
        this.dmd = dmd;
    }

    @Override
    public Class<CodeSystem> getResourceType() {
        return CodeSystem.class;
    }

    @Operation(name = "$lookup", idempotent = true)
    public Parameters lookup(
            @OperationParam(name = "system") UriType system,
            @OperationParam(name = "code") CodeType code,
            @OperationParam(name = "coding") Coding coding) {
        String systemValue = coding != null ? coding.getSystem() : system == null ? null : system.getValue();
        String codeValue = coding != null ? coding.getCode() : code == null ? null : code.getValue();
        if (codeValue == null || codeValue.isBlank()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER, "$lookup needs code (with system=https://dmd.nhs.uk) or coding");
        }
        if (systemValue != null && !Dmd.isDmdSystem(systemValue)) {
            throw new InvalidInputException(
                    ErrorCode.NOT_FOUND,
                    "UMR looks up dm+d only (https://dmd.nhs.uk or " + "http://snomed.info/sct), not " + systemValue);
        }
        DmdConcept concept = dmd.lookup(codeValue)
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.NOT_FOUND,
                        "code " + codeValue + " is not in the loaded dm+d release " + dmd.releaseId()
                                + "; load a newer release with POST /api/admin/dmd if it is new"));
        Parameters answer = new Parameters();
        answer.addParameter("name", new StringType("dm+d"));
        answer.addParameter("version", new StringType(dmd.releaseId()));
        answer.addParameter("display", new StringType(concept.name()));
        property(answer, "class", new CodeType(concept.level().name()));
        if (!concept.id().equals(codeValue)) {
            property(answer, "current-code", new CodeType(concept.id()));
        }
        property(answer, "inactive", new org.hl7.fhir.r4.model.BooleanType(concept.invalid()));
        for (DmdConcept parent : dmd.ancestors(concept.id())) {
            Parameters.ParametersParameterComponent property =
                    answer.addParameter().setName("property");
            property.addPart().setName("code").setValue(new CodeType("parent"));
            property.addPart().setName("value").setValue(new CodeType(parent.id()));
            property.addPart()
                    .setName("description")
                    .setValue(new StringType(parent.level().name() + ": " + parent.name()));
        }
        return answer;
    }

    private static void property(Parameters answer, String code, org.hl7.fhir.r4.model.Type value) {
        Parameters.ParametersParameterComponent property = answer.addParameter().setName("property");
        property.addPart().setName("code").setValue(new CodeType(code));
        property.addPart().setName("value").setValue(value);
    }
}
