package health.umr.security;

import health.umr.access.Caller;
import health.umr.audit.AuditRecord;
import health.umr.audit.AuditTrail;
import health.umr.domain.InvalidInputException;
import health.umr.domain.NhsNumber;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * One AuditEvent per patient for every JAX-RS request that reads or writes a patient's data
 * (/api/patients/..., CDS Hooks calls), one for each admin action and report, and one for every
 * refused request, stored before the answer leaves.
 */
@Provider
public class ApiAuditFilter implements ContainerResponseFilter {

    private final AuditTrail trail;
    private final CurrentCaller current;
    private final RequestAudit audit;

    @Context
    HttpServerRequest http;

    public ApiAuditFilter(AuditTrail trail, CurrentCaller current, RequestAudit audit) {
        this.trail = trail;
        this.current = current;
        this.audit = audit;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        String path = rooted(request.getUriInfo().getPath());
        int status = response.getStatus();
        boolean refused = status >= 400;
        if (!refused && !audited(method, path)) {
            return;
        }
        Set<String> patients = new TreeSet<>(audit.patients());
        ApiRules.patientOf(path).ifPresent(named -> {
            try {
                patients.add(NhsNumber.parse(named).value());
            } catch (InvalidInputException notAnNhsNumber) {
                // a refused request may name no NHS number at all (/api/patients/xyz): audited without one
            }
        });
        Caller caller = current.find().orElse(null);
        String query = query(request);
        SocketAddress from = http == null ? null : http.remoteAddress();
        AuditRecord event = new AuditRecord(
                Instant.now(),
                action(method),
                interaction(method, path),
                method + " " + path + (query == null ? "" : "?" + query),
                null,
                null,
                caller == null ? null : caller.client(),
                caller == null ? null : caller.user().orElse(null),
                from == null ? null : from.hostAddress(),
                status,
                refused && response.getEntity() != null ? truncate(String.valueOf(response.getEntity())) : null);
        trail.recordRequest(event, patients);
    }

    /** The path with exactly one leading '/' (what {@code "/" + path.replaceAll("^/+", "")} gives). */
    static String rooted(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return start == 1 ? path : "/" + path.substring(start);
    }

    /**
     * The request's raw query, as {@code getRequestUri().getRawQuery()} reads it, or null. That parses
     * the absolute URI (scheme and host worked out from the headers, then java.net.URI), so it is only
     * done when the request target has a query at all: without a '?' in it there is none to keep.
     */
    private String query(ContainerRequestContext request) {
        if (http != null && http.uri().indexOf('?') < 0) {
            return null;
        }
        try {
            return request.getUriInfo().getRequestUri().getRawQuery();
        } catch (RuntimeException unparseable) {
            // a target java.net.URI will not parse (a raw '|' in the query, say): keep the path alone
            return null;
        }
    }

    /** Patient data, admin actions and reports; not source listings or the public endpoints. */
    private static boolean audited(String method, String path) {
        if (ApiRules.isPublic(method, path)) {
            return false;
        }
        return path.startsWith("/api/patients/")
                || path.startsWith("/patients/")
                || path.startsWith("/cds-services/")
                || path.startsWith("/api/admin/")
                || path.startsWith("/api/reports")
                || !("GET".equals(method) || "HEAD".equals(method));
    }

    private static char action(String method) {
        return switch (method) {
            case "POST" -> 'C';
            case "PUT", "PATCH" -> 'U';
            case "DELETE" -> 'D';
            default -> 'R';
        };
    }

    private static String interaction(String method, String path) {
        if (path.startsWith("/cds-services/") || path.startsWith("/api/admin/")) {
            return "operation";
        }
        return switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "DELETE" -> "delete";
            default -> path.startsWith("/api/reports") ? "search-type" : "read";
        };
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
