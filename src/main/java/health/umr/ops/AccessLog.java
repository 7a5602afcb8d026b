package health.umr.ops;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The access log: one line per request on the category {@code health.umr.access} (method, URI with
 * patient identifiers taken out, status, bytes, milliseconds, client address). Quarkus' own access log
 * writes the raw URI, which holds NHS numbers ({@code /api/patients/{nhs}/...},
 * {@code identifier=...|{nhs}}), so it stays off. Health probes are not logged.
 */
@ApplicationScoped
public class AccessLog {

    static final String CATEGORY = "health.umr.access";
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    void register(@Observes Filters filters) {
        // before every other filter, so refused requests are logged too
        filters.register(this::filter, 10_000);
    }

    private void filter(RoutingContext context) {
        HttpServerRequest request = context.request();
        String uri = request.uri();
        if (!LOG.isInfoEnabled() || uri.startsWith("/q/health")) {
            context.next();
            return;
        }
        long started = System.nanoTime();
        String method = request.method().name();
        context.addBodyEndHandler(done -> {
            SocketAddress from = request.remoteAddress();
            LOG.info(line(
                    method,
                    PatientIdentifiers.redactUri(uri),
                    context.response().getStatusCode(),
                    context.response().bytesWritten(),
                    (System.nanoTime() - started) / 1_000_000,
                    from == null ? "-" : from.hostAddress()));
        });
        context.next();
    }

    /**
     * The line {@code String.format("%s %s %d %d bytes %d ms from %s", ...)} gives (with ASCII digits),
     * put together directly: logged as a finished message, it is not formatted once by the log filter
     * and again by the handler (AccessLogLineTest checks it against String.format).
     */
    static String line(String method, String uri, int status, long bytes, long millis, String from) {
        return new StringBuilder(uri.length() + 64)
                .append(method)
                .append(' ')
                .append(uri)
                .append(' ')
                .append(status)
                .append(' ')
                .append(bytes)
                .append(" bytes ")
                .append(millis)
                .append(" ms from ")
                .append(from)
                .toString();
    }
}
