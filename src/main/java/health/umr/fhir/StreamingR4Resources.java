package health.umr.fhir;

import static health.umr.fhir.StreamingR4Types.array;
import static health.umr.fhir.StreamingR4Types.concept;
import static health.umr.fhir.StreamingR4Types.date;
import static health.umr.fhir.StreamingR4Types.dateTime;
import static health.umr.fhir.StreamingR4Types.dosage;
import static health.umr.fhir.StreamingR4Types.duration;
import static health.umr.fhir.StreamingR4Types.extension;
import static health.umr.fhir.StreamingR4Types.identifier;
import static health.umr.fhir.StreamingR4Types.integer;
import static health.umr.fhir.StreamingR4Types.meta;
import static health.umr.fhir.StreamingR4Types.nextField;
import static health.umr.fhir.StreamingR4Types.period;
import static health.umr.fhir.StreamingR4Types.reference;
import static health.umr.fhir.StreamingR4Types.string;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;

/**
 * The four hot resource types (MedicationStatement, MedicationRequest, Patient, Medication) read from
 * Jackson's streaming parser into HAPI's R4 model, with the elements UMR's feeds send; any other
 * element, or a second value of a choice (medication[x], effective[x]), throws {@link NotOnFastPath}.
 * The parser is on the field after {@code resourceType}'s value; each reader consumes the object's END_OBJECT.
 */
final class StreamingR4Resources {

    private StreamingR4Resources() {}

    static DomainResource read(String type, JsonParser p) throws IOException {
        return switch (type) {
            case "MedicationStatement" -> statement(p);
            case "MedicationRequest" -> request(p);
            case "Patient" -> patient(p);
            case "Medication" -> medication(p);
            default -> throw NotOnFastPath.INSTANCE;
        };
    }

    /** id, meta and extension, common to the four; false for any other field. */
    private static boolean common(String field, JsonParser p, DomainResource resource) throws IOException {
        switch (field) {
            case "id" -> {
                String id = string(p);
                if (!ResourceLimits.FHIR_ID.matcher(id).matches()) {
                    throw NotOnFastPath.INSTANCE; // HAPI's path refuses it, naming the id
                }
                resource.setIdElement(new IdType(id));
            }
            case "meta" -> resource.setMeta(meta(p));
            case "extension" -> array(p, () -> resource.addExtension(extension(p)));
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The id as HAPI's parser leaves a lone resource: {@code Type/id}, with the version of meta.versionId
     * ({@link StreamingR4Reader} replaces it inside a Bundle as HAPI does from the entry's fullUrl).
     */
    private static <T extends DomainResource> T withId(T resource, String type) {
        if (resource.getIdElement().hasIdPart()) {
            resource.setIdElement(new IdType(
                    type,
                    resource.getIdElement().getIdPart(),
                    resource.getMeta().getVersionId()));
        }
        return resource;
    }

    private static MedicationStatement statement(JsonParser p) throws IOException {
        MedicationStatement s = new MedicationStatement();
        for (String f = nextField(p); f != null; f = nextField(p)) {
            if (common(f, p, s)) {
                continue;
            }
            switch (f) {
                case "identifier" -> array(p, () -> s.addIdentifier(identifier(p)));
                case "basedOn" -> array(p, () -> s.addBasedOn(reference(p)));
                case "status" -> s.setStatus(MedicationStatement.MedicationStatementStatus.fromCode(string(p)));
                case "category" -> s.setCategory(concept(p));
                case "medicationCodeableConcept" -> choice(s.hasMedication(), () -> s.setMedication(concept(p)));
                case "medicationReference" -> choice(s.hasMedication(), () -> s.setMedication(reference(p)));
                case "subject" -> s.setSubject(reference(p));
                case "context" -> s.setContext(reference(p));
                case "effectiveDateTime" -> choice(s.hasEffective(), () -> s.setEffective(dateTime(p)));
                case "effectivePeriod" -> choice(s.hasEffective(), () -> s.setEffective(period(p)));
                case "dateAsserted" -> s.setDateAssertedElement(dateTime(p));
                case "informationSource" -> s.setInformationSource(reference(p));
                case "dosage" -> array(p, () -> s.addDosage(dosage(p)));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return withId(s, "MedicationStatement");
    }

    private static MedicationRequest request(JsonParser p) throws IOException {
        MedicationRequest r = new MedicationRequest();
        for (String f = nextField(p); f != null; f = nextField(p)) {
            if (common(f, p, r)) {
                continue;
            }
            switch (f) {
                case "identifier" -> array(p, () -> r.addIdentifier(identifier(p)));
                case "basedOn" -> array(p, () -> r.addBasedOn(reference(p)));
                case "groupIdentifier" -> r.setGroupIdentifier(identifier(p));
                case "status" -> r.setStatus(MedicationRequest.MedicationRequestStatus.fromCode(string(p)));
                case "intent" -> r.setIntent(MedicationRequest.MedicationRequestIntent.fromCode(string(p)));
                case "category" -> array(p, () -> r.addCategory(concept(p)));
                case "medicationCodeableConcept" -> choice(r.hasMedication(), () -> r.setMedication(concept(p)));
                case "medicationReference" -> choice(r.hasMedication(), () -> r.setMedication(reference(p)));
                case "subject" -> r.setSubject(reference(p));
                case "encounter" -> r.setEncounter(reference(p));
                case "authoredOn" -> r.setAuthoredOnElement(dateTime(p));
                case "requester" -> r.setRequester(reference(p));
                case "courseOfTherapyType" -> r.setCourseOfTherapyType(concept(p));
                case "dosageInstruction" -> array(p, () -> r.addDosageInstruction(dosage(p)));
                case "dispenseRequest" -> dispenseRequest(p, r.getDispenseRequest());
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return withId(r, "MedicationRequest");
    }

    private static void dispenseRequest(JsonParser p, MedicationRequest.MedicationRequestDispenseRequestComponent d)
            throws IOException {
        for (String f = StreamingR4Types.firstField(p); f != null; f = nextField(p)) {
            switch (f) {
                case "validityPeriod" -> d.setValidityPeriod(period(p));
                case "numberOfRepeatsAllowed" -> d.setNumberOfRepeatsAllowed(integer(p, 0));
                case "expectedSupplyDuration" -> d.setExpectedSupplyDuration(duration(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
    }

    private static Patient patient(JsonParser p) throws IOException {
        Patient patient = new Patient();
        for (String f = nextField(p); f != null; f = nextField(p)) {
            if (common(f, p, patient)) {
                continue;
            }
            switch (f) {
                case "identifier" -> array(p, () -> patient.addIdentifier(identifier(p)));
                case "gender" -> patient.setGender(AdministrativeGender.fromCode(string(p)));
                case "birthDate" -> patient.setBirthDateElement(date(p));
                default -> throw NotOnFastPath.INSTANCE;
            }
        }
        return withId(patient, "Patient");
    }

    private static Medication medication(JsonParser p) throws IOException {
        Medication medication = new Medication();
        for (String f = nextField(p); f != null; f = nextField(p)) {
            if (common(f, p, medication)) {
                continue;
            }
            if (!"code".equals(f)) {
                throw NotOnFastPath.INSTANCE;
            }
            medication.setCode(concept(p));
        }
        return withId(medication, "Medication");
    }

    private static void choice(boolean alreadySet, StreamingR4Types.Item read) throws IOException {
        if (alreadySet) {
            throw NotOnFastPath.INSTANCE;
        }
        read.read();
    }
}
