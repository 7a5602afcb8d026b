package health.umr.audit;

import health.umr.domain.NhsNumber;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * An {@link AuditRecord} as a FHIR R4 AuditEvent in the IHE Basic Audit Log Patterns (BALP) shape:
 * type {@code rest}, subtype the interaction, the client (and user) as agents with the network
 * address, UMR as the source, the patient and the query as entities.
 */
@ApplicationScoped
public class AuditEvents {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";

    /** The record as a FHIR AuditEvent with this id. */
    AuditEvent toAuditEvent(UUID id, AuditRecord event) {
        AuditEvent audit = new AuditEvent();
        audit.setId(id.toString());
        audit.getMeta().addProfile("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientRead");
        audit.setType(
                new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
        audit.addSubtype(new Coding(INTERACTION, event.interaction(), null));
        audit.setAction(AuditEvent.AuditEventAction.fromCode(String.valueOf(event.action())));
        audit.setRecorded(Date.from(event.recorded()));
        audit.setOutcome(AuditEvent.AuditEventOutcome.fromCode(event.outcome()));
        audit.setOutcomeDesc("HTTP " + event.status() + (event.reason() == null ? "" : ": " + event.reason()));

        AuditEvent.AuditEventAgentComponent client = audit.addAgent()
                .setRequestor(event.user() == null)
                .setWho(new Reference()
                        .setIdentifier(
                                new Identifier().setSystem("urn:umr:client").setValue(event.client())));
        client.getType().addCoding(new Coding(DCM, "110153", "Source Role ID"));
        if (event.clientAddress() != null) {
            client.getNetwork().setAddress(event.clientAddress()).setType(AuditEvent.AuditEventAgentNetworkType._2);
        }
        if (event.user() != null) {
            AuditEvent.AuditEventAgentComponent user = audit.addAgent()
                    .setRequestor(true)
                    .setWho(new Reference()
                            .setIdentifier(
                                    new Identifier().setSystem("urn:umr:user").setValue(event.user())));
            user.getType()
                    .addCoding(new Coding(
                            "http://terminology.hl7.org/CodeSystem/extra-security-role-type",
                            "humanuser",
                            "human user"));
        }
        AuditEvent.AuditEventAgentComponent server = audit.addAgent().setRequestor(false);
        server.getType().addCoding(new Coding(DCM, "110152", "Destination Role ID"));
        server.setWho(new Reference().setDisplay("UMR"));

        audit.getSource()
                .setSite("UMR")
                .setObserver(new Reference().setDisplay("UMR, the unified medicines record"))
                .addType(new Coding(
                        "http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server"));

        if (event.nhsNumber() != null) {
            AuditEvent.AuditEventEntityComponent patient = audit.addEntity()
                    .setWhat(new Reference()
                            .setIdentifier(
                                    new Identifier().setSystem(NhsNumber.SYSTEM).setValue(event.nhsNumber())));
            patient.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"));
            patient.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
        }
        if (event.what() != null) {
            AuditEvent.AuditEventEntityComponent data = audit.addEntity().setWhat(new Reference(event.what()));
            data.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
            data.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"));
        }
        AuditEvent.AuditEventEntityComponent query = audit.addEntity();
        query.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"));
        query.setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "24", "Query"));
        query.setDescription(event.request());
        query.setQuery(event.request().getBytes(StandardCharsets.UTF_8));
        return audit;
    }
}
