package health.umr.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import health.umr.records.RecordQueryService;
import jakarta.inject.Singleton;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DetectedIssue;

/** The active alerts of a patient as DetectedIssue resources. */
@Singleton
public class DetectedIssueResourceProvider implements IResourceProvider {

    private static final Set<String> KNOWN = known();

    private final RecordQueryService queries;

    private static Set<String> known() {
        Set<String> known = new java.util.HashSet<>(Set.of("status", "code", "_count", "_format", "_pretty"));
        known.addAll(SearchParameters.PATIENT_IDENTIFIERS);
        known.addAll(SearchParameters.PATIENT_REFERENCES);
        return Set.copyOf(known);
    }

    public DetectedIssueResourceProvider(RecordQueryService queries) {
        this.queries = queries;
    }

    @Override
    public Class<DetectedIssue> getResourceType() {
        return DetectedIssue.class;
    }

    /**
     * The patient is required ({@code patient:identifier} or {@code patient=Patient/{nhs}}); {@code status} and
     * {@code code} filter; HAPI pages the answer by {@code _count}. Anything else is refused, as HAPI's
     * binding refuses it on the record searches.
     */
    @Search(allowUnknownParams = true)
    public List<IBaseResource> search(@Count Integer count, RequestDetails request) {
        SearchParameters.requireKnown(
                request.getParameters(),
                KNOWN,
                "DetectedIssue can be searched by patient:identifier (or patient=Patient/{nhs}), status, code and _count");
        // checked as every search's _count is; HAPI then pages the list by it (at most 1,000 a page)
        SearchRequest.pageSize(count);
        String named = SearchParameters.patientNamed(request.getParameters());
        if (named == null) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "search DetectedIssue by patient:identifier=" + NhsNumber.SYSTEM
                            + "|{nhs number} or patient=Patient/{nhs number}");
        }
        NhsNumber patient = NhsNumber.parse(named);
        String status = first(request, "status");
        String code = first(request, "code");
        return queries.findRecordView(patient, Optional.empty()).stream()
                .flatMap(view -> view.alerts().stream()
                        .filter(alert -> code == null
                                || code.endsWith(alert.alert().type().code()))
                        .map(alert -> (IBaseResource) UnifiedRecordFhirMapper.toDetectedIssue(
                                alert, patient, Date.from(view.version().recordedAt()))))
                .filter(issue -> status == null
                        || status.equals(((DetectedIssue) issue).getStatus().toCode()))
                .toList();
    }

    private static String first(RequestDetails request, String... names) {
        for (String name : names) {
            String[] values = request.getParameters().get(name);
            if (values != null && values.length > 0 && !values[0].isBlank()) {
                return values[0];
            }
        }
        return null;
    }
}
