package health.umr.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates and authorises every JAX-RS request (/api, /cds-services, and whatever is added)
 * before the resource runs: 401 without a verified token, 403 without the right (both as JSON
 * errors, through the one ErrorMapper). Public endpoints are listed in {@link ApiRules}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAccessFilter implements ContainerRequestFilter {

    private final Authentication authentication;
    private final CurrentCaller current;

    public ApiAccessFilter(Authentication authentication, CurrentCaller current) {
        this.authentication = authentication;
        this.current = current;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        String path = "/" + request.getUriInfo().getPath().replaceAll("^/+", "");
        if (ApiRules.isPublic(method, path)) {
            return;
        }
        var caller = authentication.authenticate(request.getHeaderString("Authorization"));
        current.set(caller);
        ApiRules.authorise(method, path, caller);
    }
}
