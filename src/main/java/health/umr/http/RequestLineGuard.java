package health.umr.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.umr.config.UmrConfig;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The first thing every request meets, before Vert.x, RESTEasy, Undertow or HAPI decode anything:
 * refuses what none of them can read (unknown methods, over-long URLs and headers, bad percent
 * escapes, control characters, over-long Content-Types, /api and /cds-services bodies over the
 * limit) at once, in the shape of the endpoint asked for: an OperationOutcome under /fhir, the JSON
 * error elsewhere. Also the last resort for /api and /cds-services failures nothing mapped, so they
 * too never show a stack trace.
 */
@ApplicationScoped
public class RequestLineGuard {

    private static final Logger LOG = Logger.getLogger(RequestLineGuard.class);

    /** Longest request target answered; longer gets 414 (Vert.x itself cuts off at 64 KB). */
    public static final int MAX_TARGET = 8192;
    /** Most header bytes answered; more gets 431 (Vert.x itself cuts off at 64 KB; a bearer token up to umr.auth.max-token-bytes fits). */
    public static final int MAX_HEADER_BYTES = 32768;
    /** No media type UMR takes needs more. */
    public static final int MAX_CONTENT_TYPE = 200;

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final String ALLOWED = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

    /** Set by {@link #check} on every request it sees. */
    private static final String CHECKED = RequestLineGuard.class.getName() + ".checked";

    private final ObjectMapper json;
    private final UmrConfig config;

    public RequestLineGuard(ObjectMapper json, UmrConfig config) {
        this.json = json;
        this.config = config;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::refusedByTheRouter);
        router.route("/api/*").order(Integer.MIN_VALUE).failureHandler(this::failed);
        router.route("/cds-services*").order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void check(RoutingContext context) {
        context.put(CHECKED, Boolean.TRUE);
        HttpServerRequest request = context.request();
        Optional<InvalidInputException> refusal = refusal(request);
        if (refusal.isEmpty()) {
            context.next();
            return;
        }
        if (refusal.get().code() == ErrorCode.METHOD_NOT_ALLOWED) {
            context.response().putHeader("Allow", ALLOWED);
        }
        answer(context, refusal.get().code().kind().httpStatus(), refusal.get(), true);
    }

    private Optional<InvalidInputException> refusal(HttpServerRequest request) {
        String method = request.method().name();
        String target = request.uri();
        if (!METHODS.contains(method)) {
            return Optional.of(new InvalidInputException(
                    ErrorCode.METHOD_NOT_ALLOWED,
                    "the HTTP method " + printable(method) + " is not one UMR answers (" + ALLOWED + ")"));
        }
        if (target.length() > MAX_TARGET) {
            return Optional.of(new InvalidInputException(
                    ErrorCode.URI_TOO_LONG,
                    "the URL is " + target.length() + " characters; UMR reads at most " + MAX_TARGET
                            + ": search with fewer or shorter parameters"));
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            return Optional.of(new InvalidInputException(
                    ErrorCode.HEADERS_TOO_LARGE,
                    "the request headers are " + headerBytes + " bytes; UMR reads at most " + MAX_HEADER_BYTES));
        }
        Optional<String> uriProblem = UriCheck.problem(target);
        if (uriProblem.isPresent()) {
            return Optional.of(new InvalidInputException(ErrorCode.INVALID_URL, uriProblem.get()));
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.length() > MAX_CONTENT_TYPE) {
            return Optional.of(new InvalidInputException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type is " + contentType.length()
                            + " characters; no media type UMR takes needs more than " + MAX_CONTENT_TYPE,
                    java.util.List.of("Content-Type")));
        }
        String path = request.path();
        long limit = config.fhir().maxBodyBytes();
        long length = contentLength(request);
        if (length > limit
                && (path.startsWith("/cds-services")
                        || path.startsWith("/api/") && !path.startsWith("/api/admin/dmd"))) {
            return Optional.of(new InvalidInputException(
                    ErrorCode.BODY_TOO_LARGE,
                    "the body is " + length + " bytes; UMR takes at most " + limit + " bytes a request here"));
        }
        return Optional.empty();
    }

    /**
     * A request the Vert.x router refused before any handler ran, so before {@link #check}: a request
     * target that is not a path ({@code GET ?x=1}, {@code GET x}) or an HTTP/1.1 request without a
     * Host header. Left to it, Quarkus's error handler would log the client's mistake at ERROR, with a
     * stack trace, as a server fault, and answer a body of its own (or none) naming a Java exception.
     */
    private void refusedByTheRouter(RoutingContext context) {
        if (context.get(CHECKED) != null || context.response().headWritten()) {
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        String path = request.path();
        String problem;
        if (path == null || !path.startsWith("/")) {
            problem = "the request target must be a path starting with '/' (for example GET /fhir/metadata), not '"
                    + printable(request.uri()) + "'";
        } else if (request.authority() == null && request.version() != HttpVersion.HTTP_1_0) {
            problem = "the request needs a Host header (:authority in HTTP/2), as HTTP/1.1 requires";
        } else {
            context.next();
            return;
        }
        answer(context, 400, new InvalidInputException(ErrorCode.INVALID_URL, problem), true);
    }

    /** A failure nothing else mapped on /api or /cds-services: our fault, logged with a reference. */
    private void failed(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        int status = context.statusCode();
        if (failure == null && status >= 400 && status < 500) {
            answer(
                    context,
                    status,
                    new InvalidInputException(codeFor(status), "the request was refused (HTTP " + status + ")"),
                    false);
            return;
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(
                failure, "internal error on %s, reference %s", context.request().path(), reference);
        ObjectNode body = json.createObjectNode()
                .put("error", "UMR-0500")
                .put("code", "UMR-0500")
                .put("status", 500)
                .put(
                        "message",
                        "UMR-0500: the server failed to handle this request; nothing was stored. "
                                + "Try again, and if it persists report reference " + reference);
        body.putArray("expressions");
        write(context, 500, "application/json", body, false);
    }

    private void answer(RoutingContext context, int status, InvalidInputException refusal, boolean close) {
        String path = context.request().path() == null ? "" : context.request().path();
        if (path.startsWith("/fhir")) {
            write(context, status, "application/fhir+json;charset=utf-8", operationOutcome(refusal), close);
        } else {
            write(context, status, "application/json", json.valueToTree(ErrorBody.of(refusal, status)), close);
        }
    }

    private ObjectNode operationOutcome(InvalidInputException refusal) {
        ObjectNode outcome = json.createObjectNode().put("resourceType", "OperationOutcome");
        ObjectNode issue = outcome.putArray("issue").addObject();
        issue.put("severity", "error");
        issue.put(
                "code",
                switch (refusal.code()) {
                    case BODY_TOO_LARGE, URI_TOO_LONG, HEADERS_TOO_LARGE -> "too-long";
                    case METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE -> "not-supported";
                    default -> "invalid";
                });
        ObjectNode coding = issue.putObject("details").putArray("coding").addObject();
        coding.put("system", "https://fhir.umr.example/CodeSystem/error");
        coding.put("code", refusal.code().code());
        coding.put("display", refusal.code().name());
        issue.put("diagnostics", refusal.getMessage());
        if (!refusal.expressions().isEmpty()) {
            ArrayNode expressions = issue.putArray("expression");
            refusal.expressions().forEach(expressions::add);
        }
        return outcome;
    }

    private void write(RoutingContext context, int status, String type, ObjectNode body, boolean close) {
        HttpServerResponse response = context.response();
        response.setStatusCode(status).putHeader("Content-Type", type);
        if (close) {
            // the body (if any) was not read: do not let the connection carry on into it
            response.putHeader("Connection", "close");
        }
        try {
            response.end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }

    private static long contentLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return shown.replaceAll("[^\\x21-\\x7e]", "?");
    }

    /** The stable code for a status some framework below UMR chose. */
    public static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            default -> ErrorCode.MALFORMED_BODY;
        };
    }
}
