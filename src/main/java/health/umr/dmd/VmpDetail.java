package health.umr.dmd;

import java.util.List;
import java.util.Objects;

/**
 * The clinical detail of one VMP: its dose form (DFORM), routes (DROUTE) and ingredients with
 * strengths (VPI), with names resolved from the lookup and ingredient files of the same release.
 *
 * <p>Every VMP of a release has a detail; a VMP for which the release lists no form, route or
 * ingredient has a detail with a null form and empty lists.
 *
 * @param vmpId       the VMP id
 * @param formCode    the dose form code (SNOMED), or null
 * @param formName    the dose form name, e.g. "Solution for injection", or null
 * @param routes      the routes of administration, in file order
 * @param ingredients the ingredients with strengths, in file order
 */
public record VmpDetail(
        String vmpId, String formCode, String formName, List<Route> routes, List<VmpIngredient> ingredients) {

    /**
     * A route of administration.
     *
     * @param code route code (SNOMED), e.g. "26643006"
     * @param name route name from the ROUTE lookup table, e.g. "Oral", or null if unknown
     */
    public record Route(String code, String name) {
        public Route {
            Objects.requireNonNull(code, "code");
        }
    }

    public VmpDetail {
        Objects.requireNonNull(vmpId, "vmpId");
        routes = List.copyOf(routes);
        ingredients = List.copyOf(ingredients);
    }

    /** The route codes, in file order. */
    public List<String> routeCodes() {
        return routes.stream().map(Route::code).toList();
    }

    /** The route names, in file order (null for a route the lookup file does not name). */
    public List<String> routeNames() {
        return routes.stream().map(Route::name).toList();
    }
}
