package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.http.ParserMessage;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_30_40;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus;
import org.hl7.fhir.r4.model.Resource;

/**
 * GP Connect Access Record Structured responses (FHIR STU3) as R4 (docs/contract.md, "GP Connect").
 * HAPI's STU3 parser reads the message as published, HL7's version convertor turns each resource into
 * R4; what is ours is knowing a GP Connect message when one comes and the few places where the
 * convertor's R4 does not say what GP Connect meant (below). The result goes through the one R4 path
 * ({@link FhirMapper}), so the plan/issue chain ({@code MedicationRequest} intent {@code plan}, its
 * issues intent {@code order} {@code basedOn} it, the {@code MedicationStatement} {@code basedOn} the
 * plan) is read as it is for any GP record.
 */
final class GpConnectStu3 {

    /** The profiles GP Connect puts in {@code meta.profile}; extensions (Extension-CareConnect-GPC-...) do not match. */
    private static final Pattern GP_CONNECT_PROFILE =
            Pattern.compile("/StructureDefinition/(CareConnect-GPC-|GPConnect-)[A-Za-z0-9.-]+");

    private static final Pattern FHIR_VERSION = Pattern.compile("fhirversion\\s*=\\s*\"?([0-9][0-9.]*)");

    /** What the 3.0→4.0 convertor files STU3 MedicationStatement.status and .taken under. */
    private static final String CONVERTOR_STATEMENT_EXTENSIONS =
            "http://hl7.org/fhir/3.0/StructureDefinition/extension-MedicationStatement.";

    private static final FhirContext STU3 = FhirContext.forDstu3Cached();

    private GpConnectStu3() {}

    /**
     * A message is STU3 when its content type says {@code fhirVersion=3.0} (3.x), or, with no
     * fhirVersion named, when it carries a GP Connect profile.
     */
    static boolean isStu3(String contentType, String body) {
        Matcher version = FHIR_VERSION.matcher(contentType == null ? "" : contentType.toLowerCase(Locale.ROOT));
        if (version.find()) {
            return version.group(1).startsWith("3");
        }
        return GP_CONNECT_PROFILE.matcher(body).find();
    }

    /**
     * Parses an STU3 resource (normally the response Bundle) and converts it to R4.
     *
     * @throws InvalidInputException a body that is not STU3 FHIR (400), or a resource the convertor
     *     cannot take (422, naming the Bundle entry); nothing of the message is then taken
     */
    static Resource toR4(String body, boolean xml) {
        IParser parser = xml ? STU3.newXmlParser() : STU3.newJsonParser();
        IBaseResource parsed;
        try {
            parsed = parser.parseResource(body);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidInputException(
                    ErrorCode.MALFORMED_BODY,
                    "the body is not a FHIR STU3 resource in " + (xml ? "XML" : "JSON")
                            + " (it was read as STU3, as GP Connect sends it): "
                            + ParserMessage.clean(e.getMessage()));
        }
        if (!(parsed instanceof org.hl7.fhir.dstu3.model.Bundle stu3Bundle)) {
            return convert((org.hl7.fhir.dstu3.model.Resource) parsed, parsed.fhirType());
        }
        Bundle bundle = new Bundle();
        if (stu3Bundle.hasType()) {
            try {
                bundle.setType(Bundle.BundleType.fromCode(stu3Bundle.getType().toCode()));
            } catch (FHIRException unknownType) {
                // $ingest takes a Bundle of any type; one it cannot name is read as one without a type
            }
        }
        List<org.hl7.fhir.dstu3.model.Bundle.BundleEntryComponent> entries = stu3Bundle.getEntry();
        for (int i = 0; i < entries.size(); i++) {
            org.hl7.fhir.dstu3.model.Bundle.BundleEntryComponent entry = entries.get(i);
            Bundle.BundleEntryComponent converted = bundle.addEntry();
            if (entry.hasFullUrl()) {
                converted.setFullUrl(entry.getFullUrl());
            }
            if (entry.getResource() != null) {
                converted.setResource(convert(entry.getResource(), "Bundle.entry[" + i + "].resource"));
            }
        }
        return bundle;
    }

    private static Resource convert(org.hl7.fhir.dstu3.model.Resource stu3, String path) {
        Resource r4;
        try {
            r4 = VersionConvertorFactory_30_40.convertResource(stu3);
        } catch (RuntimeException e) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_RESOURCE,
                    path + " (" + stu3.fhirType() + ") cannot be converted from STU3 to R4, so nothing of the "
                            + "message was taken: " + ParserMessage.clean(e.getMessage()),
                    List.of(path));
        }
        if (r4 == null) {
            throw new InvalidInputException(
                    ErrorCode.UNSUPPORTED_RESOURCE_TYPE,
                    path + " is a " + stu3.fhirType()
                            + ", which has no R4 counterpart; nothing of the message was taken",
                    List.of(path));
        }
        // an R4 resource cannot conform to an STU3 profile; the inbound log keeps the message as sent
        r4.getMeta()
                .getProfile()
                .removeIf(p -> p.getValue() != null && p.getValue().contains("/STU3/"));
        if (stu3 instanceof org.hl7.fhir.dstu3.model.MedicationStatement statement
                && r4 instanceof org.hl7.fhir.r4.model.MedicationStatement converted) {
            keepStatementStatus(statement, converted);
        }
        return r4;
    }

    /**
     * The convertor answers every STU3 MedicationStatement with status {@code unknown} and files the
     * real status (and {@code taken}) in extensions. GP Connect's statuses (active, completed, stopped,
     * entered-in-error ...) are R4 codes too, and UMR reads whether a medicine is current from the
     * status, so the status is kept; {@code taken = n} is R4's {@code not-taken}.
     */
    private static void keepStatementStatus(
            org.hl7.fhir.dstu3.model.MedicationStatement stu3, org.hl7.fhir.r4.model.MedicationStatement r4) {
        r4.getExtension().removeIf(e -> e.getUrl() != null && e.getUrl().startsWith(CONVERTOR_STATEMENT_EXTENSIONS));
        if (!stu3.hasStatus()) {
            r4.setStatus(null);
            return;
        }
        MedicationStatementStatus status =
                MedicationStatementStatus.fromCode(stu3.getStatus().toCode());
        if (stu3.getTaken() == org.hl7.fhir.dstu3.model.MedicationStatement.MedicationStatementTaken.N
                && status != MedicationStatementStatus.ENTEREDINERROR) {
            status = MedicationStatementStatus.NOTTAKEN;
        }
        r4.setStatus(status);
    }
}
