package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.ingest.EntryOutcome;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.ingest.IngestOutcome;
import health.umr.records.ReceivedRecord;
import health.umr.records.RecordQueryService;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * create, update (plain and conditional), read and search for one type of source record. Thin:
 * each method unpacks the request and calls one use case.
 */
public abstract class SourceRecordResourceProvider implements IResourceProvider {

    private final RestIngestion ingestion;
    private final RecordQueryService queries;
    private final FhirContext fhir;

    protected SourceRecordResourceProvider(RestIngestion ingestion, RecordQueryService queries, FhirContext fhir) {
        this.ingestion = ingestion;
        this.queries = queries;
        this.fhir = fhir;
    }

    private String typeName() {
        return fhir.getResourceType(getResourceType());
    }

    @Create
    public MethodOutcome create(@ResourceParam byte[] body, RequestDetails request) {
        return outcome(ingestion.submit(request, Interaction.CREATE, null, null, typeName()));
    }

    @Update
    public MethodOutcome update(
            @IdParam IdType id,
            @ResourceParam byte[] body,
            @ConditionalUrlParam String conditionalUrl,
            RequestDetails request) {
        String target = UpdateTarget.of(typeName(), id == null ? null : id.getIdPart(), conditionalUrl);
        return outcome(ingestion.submit(request, Interaction.UPDATE, null, target, typeName()));
    }

    @Read
    public IBaseResource read(@IdParam IdType id) {
        return queries.findRecord(typeName(), id.getIdPart())
                .map(this::asResource)
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.NOT_FOUND, typeName() + "/" + id.getIdPart() + " is not known to UMR"));
    }

    @Search(allowUnknownParams = true)
    public List<IBaseResource> search(RequestDetails request) {
        return queries.search(SearchParameters.read(typeName(), request)).stream()
                .map(this::asResource)
                .toList();
    }

    private MethodOutcome outcome(IngestOutcome ingested) {
        EntryOutcome entry = ingested.entries().get(0);
        MethodOutcome outcome =
                new MethodOutcome(new IdType(typeName(), entry.logicalId(), String.valueOf(entry.version())));
        outcome.setCreated(entry.result() == EntryOutcome.Result.CREATED);
        outcome.setOperationOutcome(OperationOutcomes.information(
                switch (entry.result()) {
                    case CREATED -> "created";
                    case UPDATED -> "a newer version replaced the one held";
                    default -> "already held: this version, or a newer one, was received before; nothing changed";
                }));
        return outcome;
    }

    /** The resource as received, served under UMR's id. */
    private IBaseResource asResource(ReceivedRecord stored) {
        Resource resource = (Resource) fhir.newJsonParser().parseResource(stored.resourceJson());
        resource.setId(new IdType(stored.resourceType(), stored.logicalId(), String.valueOf(stored.version())));
        if (!resource.getMeta().hasLastUpdated()) {
            resource.getMeta().setLastUpdated(Date.from(stored.storedAt()));
        }
        return resource;
    }
}
