package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import health.umr.domain.NhsNumber;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Makes the CapabilityStatement HAPI generates tell the truth about UMR: its name and version, the
 * formats it really writes, batch as well as transaction, each type's search parameters as they
 * are served (HAPI's from the annotated providers, without the paging cursor; declared by hand
 * for the two providers that read their parameters themselves), the conditional interactions, the
 * profiles in fhir-profiles/, the operations' parameters, and SMART bearer-token security.
 */
@Singleton
public class CapabilityCustomiser {

    private static final List<String> PROFILED = List.of("MedicationStatement", "MedicationRequest", "Encounter");
    private static final Set<String> NOT_SEARCH_PARAMETERS = Set.of(SearchLinks.CURSOR, "_total", "_count", "_sort");
    private static final String PATIENT_DOCUMENTATION = "the patient: patient:identifier=" + NhsNumber.SYSTEM
            + "|{nhs number} (the R4 :identifier modifier) or patient=Patient/{nhs number}";

    private final Map<String, String> profileByType = new LinkedHashMap<>();
    private final String version;

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
        this.version = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class)
                .orElse("unknown");
    }

    Map<String, String> profiles() {
        return profileByType;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void customise(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        statement.setName("UMR").setTitle("UMR unified medicines record").setPublisher("UMR");
        statement
                .getText()
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">UMR unified medicines record " + version
                        + "</div>");
        statement.getSoftware().setName("UMR unified medicines record").setVersion(version);
        statement
                .getImplementation()
                .setDescription("UMR: medicines records from every source (FHIR R4 REST, Bundles, NDJSON, Kafka), "
                        + "reconciled into one medicines record per NHS number");
        statement.getFormat().clear();
        for (String format : List.of("application/fhir+json", "json", "application/fhir+xml", "xml")) {
            statement.addFormat(format);
        }
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            security(rest);
            if (rest.getInteraction().stream()
                    .noneMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH)) {
                rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
            }
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                customise(resource);
            }
        }
    }

    private void customise(CapabilityStatementRestResourceComponent resource) {
        String type = resource.getType();
        String profile = profileByType.get(type);
        if (profile != null && resource.getSupportedProfile().stream().noneMatch(p -> profile.equals(p.getValue()))) {
            resource.getSupportedProfile().add(new CanonicalType(profile));
        }
        List<CapabilityStatementRestResourceSearchParamComponent> params = resource.getSearchParam();
        switch (type) {
            case "MedicationStatement", "MedicationRequest", "Encounter" -> {
                params.removeIf(p -> NOT_SEARCH_PARAMETERS.contains(p.getName())
                        || "Encounter".equals(type) && "code".equals(p.getName()));
                for (CapabilityStatementRestResourceSearchParamComponent param : params) {
                    param.setDocumentation(documentation(param.getName()));
                }
                resource.setConditionalCreate(true)
                        .setConditionalUpdate(true)
                        .setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED)
                        .setReadHistory(false)
                        .setUpdateCreate(true)
                        .setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
            }
            case "DetectedIssue" -> {
                params.clear();
                add(resource, "patient", SearchParamType.REFERENCE, PATIENT_DOCUMENTATION);
                add(resource, "status", SearchParamType.TOKEN, "the alert's status");
                add(
                        resource,
                        "code",
                        SearchParamType.TOKEN,
                        "the alert type (https://fhir.umr.example/CodeSystem/alert-type)");
            }
            case "AuditEvent" -> {
                params.clear();
                add(resource, "patient", SearchParamType.REFERENCE, PATIENT_DOCUMENTATION);
                add(
                        resource,
                        "date",
                        SearchParamType.DATE,
                        "when the event was recorded: the prefixes eq, gt, ge, lt, le (sa, eb as gt, lt)");
                add(resource, "agent", SearchParamType.REFERENCE, "the client (or user) that acted");
            }
            case "CodeSystem", "OperationDefinition" -> params.clear();
            default -> {
                // Patient: HAPI's own (identifier, the NHS number) is the truth
            }
        }
    }

    private static String documentation(String name) {
        return switch (name) {
            case "patient", "subject" -> PATIENT_DOCUMENTATION;
            case "identifier" -> "the record's business identifier: system|value, system| or value";
            case "code" ->
                "a dm+d code (https://dmd.nhs.uk or http://snomed.info/sct) at any level: the records coded with it "
                        + "or with any code below it (a VTM finds its VMPs, AMPs and packs)";
            case "_lastUpdated" ->
                "when UMR stored the version: every FHIR date form, the prefixes eq, gt, ge, lt, le (sa, eb as gt, lt)";
            case "_id" -> "UMR's logical id";
            case "status" -> "the record's status as sent";
            default -> null;
        };
    }

    private static void add(
            CapabilityStatementRestResourceComponent resource, String name, SearchParamType type, String doc) {
        resource.addSearchParam().setName(name).setType(type).setDocumentation(doc);
    }

    /** Bearer JWTs under SMART App Launch scopes (docs/contract.md, "Security and audit"). */
    private static void security(CapabilityStatementRestComponent rest) {
        CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
        security.setCors(false);
        security.getService().clear();
        security.addService(new CodeableConcept()
                .addCoding(new org.hl7.fhir.r4.model.Coding(
                        "http://terminology.hl7.org/CodeSystem/restful-security-service",
                        "SMART-on-FHIR",
                        "SMART-on-FHIR"))
                .setText("OAuth2 bearer tokens (JWT) with SMART v1 or v2 scopes"));
        security.setDescription("Every interaction but GET /fhir/metadata needs Authorization: Bearer <JWT> from the "
                + "configured OpenID Connect issuer (or UMR's local issuer); scopes system/, user/ and patient/ "
                + "{Type}.read|write (or .rs/.cud), umr.admin, umr.audit. See /.well-known/smart-configuration.");
    }

    /** The operations' OperationDefinitions, as HAPI generates them but with their parameters. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean describeOperations(RequestDetails request, ResponseDetails response) {
        if (!(response.getResponseResource() instanceof OperationDefinition operation)) {
            return true;
        }
        switch (operation.getCode()) {
            case "ingest" -> {
                operation.setDescription("Takes every MedicationStatement, MedicationRequest, Encounter (and Patient) "
                        + "in any Bundle, a single resource, or NDJSON (Content-Type application/fhir+ndjson, one "
                        + "resource or Bundle a line); answers an OperationOutcome counting what was taken and "
                        + "naming what was refused and why (422 when nothing could be taken)");
                parameter(
                        operation,
                        "source",
                        OperationParameterUse.IN,
                        "string",
                        0,
                        "the registered source's id, "
                                + "for resources whose meta.source (or their Bundle's) names none");
                parameter(
                        operation,
                        "return",
                        OperationParameterUse.OUT,
                        "OperationOutcome",
                        1,
                        "what was taken and refused");
            }
            case "unified-medications" -> {
                operation.setDescription("The patient's unified medicines record: a collection Bundle of a List, "
                        + "one MedicationStatement per item, the active DetectedIssues and a Provenance");
                parameter(
                        operation,
                        "identifier",
                        OperationParameterUse.IN,
                        "string",
                        1,
                        NhsNumber.SYSTEM + "|{nhs number}");
                parameter(operation, "_at", OperationParameterUse.IN, "instant", 0, "the record as it stood then");
                parameter(operation, "return", OperationParameterUse.OUT, "Bundle", 1, "the unified record");
            }
            default -> {
                // $lookup: HAPI's definition lists its parameters already
            }
        }
        return true;
    }

    private static void parameter(
            OperationDefinition operation, String name, OperationParameterUse use, String type, int min, String doc) {
        if (operation.getParameter().stream().anyMatch(p -> p.getName().equals(name) && p.getUse() == use)) {
            return;
        }
        operation
                .addParameter()
                .setName(name)
                .setUse(use)
                .setMin(min)
                .setMax("1")
                .setType(type)
                .setDocumentation(doc);
    }
}
