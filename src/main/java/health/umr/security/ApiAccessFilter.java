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
    private final CdsHooksAuthentication cdsHooks;
    private final CurrentCaller current;

    public ApiAccessFilter(Authentication authentication, CdsHooksAuthentication cdsHooks, CurrentCaller current) {
        this.authentication = authentication;
        this.cdsHooks = cdsHooks;
        this.current = current;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        String path = "/" + request.getUriInfo().getPath().replaceAll("^/+", "");
        if (ApiRules.isPublic(method, path)) {
            return;
        }
        String authorization = request.getHeaderString("Authorization");
        if (ApiRules.isSignInPage(method, path, authorization)) {
            return;
        }
        var caller = path.startsWith("/cds-services/") && "POST".equals(method)
                ? cdsHooks.authenticate(authorization, serviceUrl(request))
                : authentication.authenticate(authorization);
        current.set(caller);
        ApiRules.authorise(method, path, caller);
    }

    /** The URL the caller sent the request to, without its query: what a CDS Hooks JWT's aud names. */
    private static String serviceUrl(ContainerRequestContext request) {
        String url = request.getUriInfo().getRequestUri().toString();
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
