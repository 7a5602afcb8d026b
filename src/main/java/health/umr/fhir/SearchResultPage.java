package health.umr.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of a search, already cut: HAPI serves it as it is (an "offset" page at 0, so HAPI
 * neither stores it nor slices it again), and {@link SearchLinks} gives it its next and previous links.
 */
final class SearchResultPage implements IBundleProvider {

    private final List<IBaseResource> resources;
    private final Integer total;
    private final int pageSize;
    private final InstantType published = InstantType.withCurrentTime();

    SearchResultPage(List<IBaseResource> resources, Long total, int pageSize) {
        this.resources = resources;
        this.total = total == null ? null : (int) Math.min(Integer.MAX_VALUE, total);
        this.pageSize = Math.max(pageSize, 1);
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int from, int to) {
        return resources.subList(Math.min(from, resources.size()), Math.min(Math.max(to, from), resources.size()));
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer preferredPageSize() {
        return pageSize;
    }

    @Override
    public Integer size() {
        return total;
    }

    @Override
    public Integer getCurrentPageOffset() {
        return 0;
    }

    @Override
    public Integer getCurrentPageSize() {
        return pageSize;
    }
}
