package health.umr.security;

import health.umr.access.Caller;
import health.umr.audit.AuditRecord;
import health.umr.audit.AuditTrail;
import health.umr.domain.InvalidInputException;
import io.quarkus.vertx.http.ManagementInterface;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;

/**
 * The HTTP surface outside /fhir and JAX-RS: the SMART configuration under the FHIR base too;
 * /q endpoints other than health (metrics above all, on the management port) need a token with
 * umr.admin or umr.metrics; every answer loses X-Powered-By; patient data
 * (/fhir, /api, /cds-services) is marked {@code Cache-Control: no-store}.
 */
@ApplicationScoped
public class HttpSurfaceFilter {

    /** The scope a metrics scraper needs (umr.admin also opens metrics). */
    public static final String METRICS = "umr.metrics";

    private final Authentication authentication;
    private final AuditTrail trail;

    public HttpSurfaceFilter(Authentication authentication, AuditTrail trail) {
        this.authentication = authentication;
        this.trail = trail;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, 100);
    }

    /** Metrics live on the management port (application.properties): the same token check stands before them. */
    void registerManagement(@Observes ManagementInterface management) {
        management.router().route().order(Integer.MIN_VALUE).handler(this::filter);
    }

    private void filter(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.equals("/fhir/.well-known/smart-configuration")) {
            // SMART clients look for it under the FHIR base; it is the one at the root
            context.reroute("/.well-known/smart-configuration");
            return;
        }
        context.addHeadersEndHandler(v -> {
            context.response().headers().remove("X-Powered-By");
            if (path.startsWith("/fhir") || path.startsWith("/api") || path.startsWith("/cds-services")) {
                context.response().headers().set("Cache-Control", "no-store");
            }
        });
        if (!path.startsWith("/q/") || path.startsWith("/q/health")) {
            context.next();
            return;
        }
        String authorization = context.request().getHeader("Authorization");
        String address = context.request().remoteAddress() == null
                ? null
                : context.request().remoteAddress().hostAddress();
        String request =
                context.request().method().name() + " " + context.request().uri();
        context.vertx()
                .<InvalidInputException>executeBlocking(
                        () -> {
                            Caller caller = null;
                            try {
                                caller = authentication.authenticate(authorization);
                                if (caller.isAdmin() || caller.scopes().contains(METRICS)) {
                                    return null;
                                }
                                throw new InvalidInputException(
                                        health.umr.domain.ErrorCode.FORBIDDEN,
                                        path + " needs umr.metrics or umr.admin");
                            } catch (InvalidInputException refused) {
                                int status =
                                        refused.code().kind() == health.umr.domain.ErrorCode.Kind.FORBIDDEN ? 403 : 401;
                                trail.record(new AuditRecord(
                                        Instant.now(),
                                        'R',
                                        "read",
                                        request,
                                        null,
                                        null,
                                        caller == null ? null : caller.client(),
                                        caller == null ? null : caller.user().orElse(null),
                                        address,
                                        status,
                                        refused.getMessage()));
                                return refused;
                            }
                        },
                        false)
                .onComplete(result -> {
                    if (result.failed()) {
                        context.fail(result.cause());
                    } else if (result.result() == null) {
                        context.next();
                    } else {
                        refuse(context, result.result());
                    }
                });
    }

    private static void refuse(RoutingContext context, InvalidInputException refusal) {
        int status = refusal.code().kind() == health.umr.domain.ErrorCode.Kind.FORBIDDEN ? 403 : 401;
        String challenge = health.umr.access.BearerChallenge.of(refusal);
        if (challenge != null) {
            context.response().putHeader("WWW-Authenticate", challenge);
        }
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject(Map.of("error", refusal.code().code(), "message", refusal.getMessage())).encode());
    }
}
