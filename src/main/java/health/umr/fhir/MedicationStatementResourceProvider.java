package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import health.umr.records.RecordQueryService;
import health.umr.records.RecordSearchService;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.MedicationStatement;

@Singleton
public class MedicationStatementResourceProvider extends SourceRecordResourceProvider {

    public MedicationStatementResourceProvider(
            RestIngestion ingestion, RecordQueryService queries, RecordSearchService searches, FhirContext fhir) {
        super(ingestion, queries, searches, fhir);
    }

    @Override
    public Class<MedicationStatement> getResourceType() {
        return MedicationStatement.class;
    }
}
