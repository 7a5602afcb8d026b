package health.umr.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.IModelVisitor2;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.TextRules;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The rules a resource meets before UMR maps or stores any of it: FHIR's id syntax
 * ({@code [A-Za-z0-9\-.]{1,64}}), and FHIR's rule for strings (no control character but tab, CR
 * and LF) in every element, contained resources and extensions included. PostgreSQL cannot store
 * U+0000 at all, and an id with an ESC in it cannot be read back by URL.
 */
final class ResourceLimits {

    static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private ResourceLimits() {}

    static void check(FhirContext fhir, Resource resource) {
        check(fhir, resource, false);
    }

    /**
     * As {@link #check(FhirContext, Resource)}; {@code plainText} says the resource was parsed from JSON
     * text (the whole message it arrived in) that {@link ReceivedJson#plainText} found free of anything
     * that could decode to a forbidden character. Then no element read from it holds one, and only the
     * id (which a URL may set) is looked at, not every element: the walk cost as much as HAPI's parse.
     */
    static void check(FhirContext fhir, Resource resource, boolean plainText) {
        String id = FhirMapper.resourceId(resource);
        if (id != null && !FHIR_ID.matcher(id).matches()) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_RESOURCE,
                    resource.fhirType() + ".id '" + shown(id)
                            + "' is not a FHIR id: 1 to 64 of A-Z, a-z, 0-9, '-' and '.'",
                    List.of(resource.fhirType() + ".id"));
        }
        if (plainText
                && TextRules.forbiddenCharacter(resource.getIdElement().getValue())
                        .isEmpty()) {
            return;
        }
        fhir.newTerser().visit(resource, new IModelVisitor2() {
            @Override
            public boolean acceptElement(
                    IBase element,
                    List<IBase> containingElementPath,
                    List<BaseRuntimeChildDefinition> childDefinitionPath,
                    List<BaseRuntimeElementDefinition<?>> elementDefinitionPath) {
                if (element instanceof IPrimitiveType<?> primitive) {
                    TextRules.forbiddenCharacter(primitive.getValueAsString()).ifPresent(c -> {
                        String path = path(resource, childDefinitionPath);
                        throw new InvalidInputException(
                                ErrorCode.INVALID_TEXT,
                                path + " holds the control character " + c
                                        + "; FHIR strings allow no character below U+0020 but tab, CR and LF",
                                List.of(path));
                    });
                }
                return true;
            }

            @Override
            public boolean acceptUndeclaredExtension(
                    IBaseExtension<?, ?> extension,
                    List<IBase> containingElementPath,
                    List<BaseRuntimeChildDefinition> childDefinitionPath,
                    List<BaseRuntimeElementDefinition<?>> elementDefinitionPath) {
                return true;
            }
        });
    }

    private static String path(Resource resource, List<BaseRuntimeChildDefinition> children) {
        StringBuilder path = new StringBuilder(resource.fhirType());
        for (BaseRuntimeChildDefinition child : children) {
            if (child != null && child.getElementName() != null) {
                path.append('.').append(child.getElementName().replace("[x]", ""));
            }
        }
        return path.toString();
    }

    static String shown(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
