package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import health.umr.records.RecordQueryService;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Encounter;

@Singleton
public class EncounterResourceProvider extends SourceRecordResourceProvider {

    public EncounterResourceProvider(RestIngestion ingestion, RecordQueryService queries, FhirContext fhir) {
        super(ingestion, queries, fhir);
    }

    @Override
    public Class<Encounter> getResourceType() {
        return Encounter.class;
    }
}
