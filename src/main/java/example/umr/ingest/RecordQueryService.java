package example.umr.ingest;

import example.umr.domain.NhsNumber;
import example.umr.store.PatientRepository;
import example.umr.store.RecordSearch;
import example.umr.store.SourceRecordRepository;
import example.umr.store.StoredResource;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Reads source records and patients back as they were received. */
@ApplicationScoped
public class RecordQueryService {

    private final SourceRecordRepository records;
    private final PatientRepository patients;

    public RecordQueryService(SourceRecordRepository records, PatientRepository patients) {
        this.records = records;
        this.patients = patients;
    }

    public Optional<StoredResource> findRecord(String resourceType, String logicalId) {
        return records.findByLogicalId(resourceType, logicalId);
    }

    public List<StoredResource> search(RecordSearch search) {
        return records.search(search);
    }

    /** The newest Patient resource received for an NHS number. */
    public Optional<String> findPatientResource(NhsNumber nhsNumber) {
        return patients.findResource(nhsNumber);
    }
}
