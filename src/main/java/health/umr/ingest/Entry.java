package health.umr.ingest;

import health.umr.domain.ClinicalRecord;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One resource of a message, as read: taken, refused with a reason, or context only. */
public sealed interface Entry permits Entry.OfRecord, Entry.OfPatient, Entry.Refusal, Entry.Context {

    /** Position in the message: the Bundle entry index, the NDJSON line (from 0), or 0 for a lone resource. */
    int index();

    String resourceType();

    /** The patients these entries name (their records' and Patient resources' NHS numbers). */
    static Set<NhsNumber> patientsNamed(List<Entry> entries) {
        Set<NhsNumber> patients = new TreeSet<>();
        for (Entry entry : entries) {
            if (entry instanceof OfRecord record) {
                patients.add(record.record().nhsNumber());
            } else if (entry instanceof OfPatient patient) {
                patients.add(patient.facts().nhsNumber());
            }
        }
        return patients;
    }

    /** A MedicationStatement, MedicationRequest or Encounter, normalised. */
    record OfRecord(int index, ClinicalRecord record, String resourceJson) implements Entry {
        @Override
        public String resourceType() {
            return record.key().kind().resourceType();
        }
    }

    /** A Patient: demographic facts for an NHS number. */
    record OfPatient(int index, PatientFacts facts, String resourceJson) implements Entry {
        @Override
        public String resourceType() {
            return "Patient";
        }
    }

    record Refusal(int index, String resourceType, InvalidInputException reason) implements Entry {}

    /** A resource that only gives context (Medication, Organization, MessageHeader ...): read, not stored. */
    record Context(int index, String resourceType) implements Entry {}
}
