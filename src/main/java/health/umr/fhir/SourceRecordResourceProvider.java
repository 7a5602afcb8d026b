package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.ingest.EntryOutcome;
import health.umr.ingest.InboundMessage.Interaction;
import health.umr.ingest.IngestOutcome;
import health.umr.records.ReceivedRecord;
import health.umr.records.RecordQueryService;
import health.umr.records.RecordSearchService;
import health.umr.records.SearchCriteria;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * create (plain and conditional), update (plain, conditional, If-Match), read and search for one
 * type of source record. Thin: each method unpacks the request and calls one use case.
 */
public abstract class SourceRecordResourceProvider implements IResourceProvider {

    private final RestIngestion ingestion;
    private final RecordQueryService queries;
    private final RecordSearchService searches;
    private final FhirContext fhir;

    protected SourceRecordResourceProvider(
            RestIngestion ingestion, RecordQueryService queries, RecordSearchService searches, FhirContext fhir) {
        this.ingestion = ingestion;
        this.queries = queries;
        this.searches = searches;
        this.fhir = fhir;
    }

    private String typeName() {
        return fhir.getResourceType(getResourceType());
    }

    /** POST; with If-None-Exist: identifier=system|value, nothing is stored when a record matches. */
    @Create
    public MethodOutcome create(
            @ResourceParam byte[] body, @ConditionalUrlParam String ifNoneExist, RequestDetails request) {
        if (ifNoneExist != null && !ifNoneExist.isBlank()) {
            List<ReceivedRecord> matches = Conditions.matches(searches, typeName(), ifNoneExist);
            if (matches.size() > 1) {
                throw new InvalidInputException(
                        ErrorCode.PRECONDITION_FAILED,
                        "If-None-Exist matches " + matches.size() + " records; make it name one");
            }
            if (matches.size() == 1) {
                return existing(matches.get(0), request);
            }
        }
        return outcome(ingestion.submit(request, Interaction.CREATE, null, null, typeName()), request);
    }

    /** PUT Type/id or Type?identifier=...; If-Match: W/"n" must name the version held (else 412). */
    @Update
    public MethodOutcome update(
            @IdParam IdType id,
            @ResourceParam byte[] body,
            @ConditionalUrlParam String conditionalUrl,
            RequestDetails request) {
        String target = UpdateTarget.of(typeName(), id == null ? null : id.getIdPart(), conditionalUrl);
        String ifMatch = request.getHeader("If-Match");
        if (ifMatch != null && !ifMatch.isBlank()) {
            Conditions.requireVersion(ifMatch, held(id, conditionalUrl), typeName());
        }
        return outcome(ingestion.submit(request, Interaction.UPDATE, null, target, typeName()), request);
    }

    @Read
    public IBaseResource read(@IdParam IdType id) {
        return queries.findRecord(typeName(), id.getIdPart())
                .map(this::asResource)
                .orElseThrow(() -> new InvalidInputException(
                        ErrorCode.NOT_FOUND, typeName() + "/" + id.getIdPart() + " is not known to UMR"));
    }

    /**
     * The records as received, a page at a time (see {@link SearchLinks}): by patient (NHS number:
     * {@code patient:identifier}, {@code subject:identifier}, or {@code patient=Patient/{nhs}}),
     * business identifier, status, id, medicine (dm+d at any level) and {@code _lastUpdated}.
     */
    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient") ReferenceParam patient,
            @OptionalParam(name = "subject") ReferenceParam subject,
            @OptionalParam(name = "identifier") TokenParam identifier,
            @OptionalParam(name = "status") TokenOrListParam status,
            @OptionalParam(name = "_id") TokenOrListParam ids,
            @OptionalParam(name = "code") TokenParam code,
            @OptionalParam(name = "_lastUpdated") DateRangeParam lastUpdated,
            @OptionalParam(name = SearchLinks.CURSOR) StringParam cursor,
            @OptionalParam(name = "_total") StringParam total,
            @Sort SortSpec sort,
            @Count Integer count,
            RequestDetails request) {
        SearchCriteria criteria = SearchRequest.criteria(
                typeName(), patient, subject, identifier, status, ids, code, lastUpdated, total, sort, count);
        var page = searches.search(criteria, cursor == null ? null : cursor.getValue());
        SearchLinks.remember(request, page);
        return new SearchResultPage(
                page.resources().stream().map(this::asResource).toList(), page.total(), criteria.count());
    }

    private ReceivedRecord held(IdType id, String conditionalUrl) {
        if (conditionalUrl != null && !conditionalUrl.isBlank()) {
            List<ReceivedRecord> matches = Conditions.matches(searches, typeName(), conditionalUrl);
            return matches.size() == 1 ? matches.get(0) : null;
        }
        return queries.findRecord(typeName(), id.getIdPart()).orElse(null);
    }

    private MethodOutcome outcome(IngestOutcome ingested, RequestDetails request) {
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
        if (Conditions.wantsRepresentation(request)) {
            queries.findRecord(typeName(), entry.logicalId())
                    .map(this::asResource)
                    .ifPresent(outcome::setResource);
        }
        return outcome;
    }

    private MethodOutcome existing(ReceivedRecord held, RequestDetails request) {
        MethodOutcome outcome =
                new MethodOutcome(new IdType(typeName(), held.logicalId(), String.valueOf(held.version())));
        outcome.setCreated(false);
        outcome.setOperationOutcome(OperationOutcomes.information(
                "If-None-Exist matched " + typeName() + "/" + held.logicalId() + "; nothing was stored"));
        if (Conditions.wantsRepresentation(request)) {
            outcome.setResource(asResource(held));
        }
        return outcome;
    }

    /** The resource as received, served under UMR's id and version. */
    private IBaseResource asResource(ReceivedRecord stored) {
        Resource resource = (Resource) fhir.newJsonParser().parseResource(stored.resourceJson());
        resource.setId(new IdType(stored.resourceType(), stored.logicalId(), String.valueOf(stored.version())));
        if (!resource.getMeta().hasLastUpdated()) {
            resource.getMeta().setLastUpdated(Date.from(stored.storedAt()));
        }
        return resource;
    }
}
