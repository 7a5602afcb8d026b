package health.umr.ingest;

import health.umr.domain.ClinicalRecord;
import health.umr.domain.InvalidInputException;
import health.umr.domain.PatientFacts;

/** One resource of a message, as read: taken, refused with a reason, or context only. */
public sealed interface Entry permits Entry.OfRecord, Entry.OfPatient, Entry.Refusal, Entry.Context {

    /** Position in the message: the Bundle entry index, the NDJSON line (from 0), or 0 for a lone resource. */
    int index();

    String resourceType();

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
