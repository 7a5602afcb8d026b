package health.umr.fhir;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import health.umr.audit.AuditTrail;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.InstantType;

/**
 * {@code GET /fhir/AuditEvent}: the audit trail, newest first, paged, for callers with umr.audit
 * (checked by {@link FhirAccessInterceptor}). Search by {@code patient:identifier} (or
 * {@code patient}, {@code entity:identifier}), {@code date} (ge/gt/le/lt/eq, repeatable),
 * {@code agent} (a client or user id) and {@code _count}. There is no way to change or delete one.
 */
@Singleton
public class AuditEventResourceProvider implements IResourceProvider {

    private static final Set<String> KNOWN = Set.of(
            "patient:identifier",
            "patient",
            "entity:identifier",
            "date",
            "agent",
            "agent:identifier",
            "_count",
            "_format",
            "_pretty",
            "_sort");

    private final AuditTrail trail;

    public AuditEventResourceProvider(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public Class<AuditEvent> getResourceType() {
        return AuditEvent.class;
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(@Count Integer count, RequestDetails request) {
        Map<String, String[]> parameters = request.getParameters();
        SearchParameters.requireKnown(
                parameters,
                KNOWN,
                "AuditEvent can be searched by patient:identifier (or patient=Patient/{nhs}), date, agent and _count");
        requireNewestFirst(first(parameters, "_sort"));
        String nhs = SearchParameters.patientNamed(parameters);
        String entity = first(parameters, "entity:identifier");
        if (nhs == null && entity != null) {
            nhs = NhsNumber.parse(SearchParameters.nhsNumber(entity)).value();
        }
        Instant from = null;
        Instant to = null;
        for (String value : parameters.getOrDefault("date", new String[0])) {
            Instant[] range = SearchParameters.dateRange("date", value);
            from = range[0] != null ? range[0] : from;
            to = range[1] != null ? range[1] : to;
        }
        String agent = first(parameters, "agent", "agent:identifier");
        if (agent != null && agent.contains("|")) {
            agent = agent.substring(agent.indexOf('|') + 1);
        }
        AuditTrail.Search search = new AuditTrail.Search(nhs, from, to, agent);
        int size = (int) Math.min(Integer.MAX_VALUE, trail.count(search));
        Integer asked = SearchRequest.pageSize(count);
        // _count=0 keeps the meaning it had here: a page of one
        Integer pageSize = asked == null ? null : Math.max(1, asked);
        Date published = new Date();
        String uuid = UUID.randomUUID().toString();
        return new IBundleProvider() {
            @Override
            public IPrimitiveType<Date> getPublished() {
                return new InstantType(published);
            }

            @Override
            public List<IBaseResource> getResources(int fromIndex, int toIndex) {
                return List.copyOf(trail.find(search, fromIndex, Math.max(0, toIndex - fromIndex)));
            }

            @Override
            public String getUuid() {
                return uuid;
            }

            @Override
            public Integer preferredPageSize() {
                return pageSize;
            }

            @Override
            public Integer size() {
                return size;
            }
        };
    }

    /** The trail is listed newest first and only so: another order asked for is refused, not ignored. */
    private static void requireNewestFirst(String sort) {
        if (sort != null && !sort.equals("-date") && !sort.equals("-_lastUpdated")) {
            throw new InvalidInputException(
                    ErrorCode.INVALID_PARAMETER,
                    "AuditEvents are listed newest first only: _sort=-date (or no _sort), not _sort="
                            + SearchParameters.printable(sort));
        }
    }

    private static String first(Map<String, String[]> parameters, String... names) {
        for (String name : names) {
            String[] values = parameters.get(name);
            if (values != null && values.length > 0 && !values[0].isBlank()) {
                return values[0];
            }
        }
        return null;
    }
}
