package health.umr.fhir;

import ca.uhn.fhir.context.FhirContext;
import health.umr.config.UmrConfig;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guards /fhir before HAPI reads a byte: a body over the limit gets 413 (by its Content-Length, or
 * counted where it is sent chunked), XML with a DOCTYPE or
 * ENTITY declaration gets 400 (never parsed), and an NDJSON request that did not say what it wants
 * back is answered in FHIR JSON.
 */
@WebFilter(urlPatterns = "/fhir/*")
public class RequestGuardFilter extends HttpFilter {

    private static final Pattern UNSAFE_XML = Pattern.compile("<!(DOCTYPE|ENTITY)", Pattern.CASE_INSENSITIVE);

    // Looked up per request: Undertow creates filters at static init, before runtime config exists.
    @Inject
    Instance<UmrConfig> config;

    @Inject
    Instance<FhirContext> fhir;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        InvalidInputException unanswerable = unanswerable(request);
        if (unanswerable != null) {
            if (unanswerable.code() == ErrorCode.METHOD_NOT_ALLOWED) {
                response.setHeader("Allow", "GET, HEAD, POST, PUT, OPTIONS");
            }
            refuse(response, unanswerable.code().kind().httpStatus(), unanswerable);
            return;
        }
        long limit = config.get().fhir().maxBodyBytes();
        if (request.getContentLengthLong() > limit) {
            refuse(
                    response,
                    413,
                    new InvalidInputException(
                            ErrorCode.BODY_TOO_LARGE,
                            "the body is "
                                    + request.getContentLengthLong() + " bytes; UMR takes at most " + limit
                                    + " bytes a request: split the Bundle, or send NDJSON in parts"));
            return;
        }
        String contentType =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        HttpServletRequest passed = request;
        if (request.getContentLengthLong() < 0 || contentType.contains("xml")) {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                refuse(
                        response,
                        413,
                        new InvalidInputException(
                                ErrorCode.BODY_TOO_LARGE,
                                "the body is over " + limit
                                        + " bytes, the most UMR takes a request: split the Bundle, or send NDJSON in parts"));
                return;
            }
            if (contentType.contains("xml")
                    && UNSAFE_XML
                            .matcher(new String(body, StandardCharsets.UTF_8))
                            .find()) {
                refuse(
                        response,
                        400,
                        new InvalidInputException(
                                ErrorCode.UNSAFE_XML,
                                "XML with a DOCTYPE or ENTITY "
                                        + "declaration is refused unread (external entities are a security risk); FHIR XML never needs one"));
                return;
            }
            passed = new BufferedRequest(request, body);
        }
        if (contentType.contains("ndjson") && wantsAnything(request)) {
            passed = new JsonAnswerRequest(passed);
        }
        EncodedWriterResponse answer = new EncodedWriterResponse(response);
        try {
            chain.doFilter(passed, answer);
        } finally {
            answer.finish();
        }
    }

    /**
     * What UMR does not do, said at once rather than as HAPI's "does not know how to handle":
     * DELETE, PATCH, history and vread (405), and bodies that are not FHIR (415).
     */
    private static InvalidInputException unanswerable(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if ("DELETE".equals(method) || "PATCH".equals(method)) {
            return new InvalidInputException(
                    ErrorCode.METHOD_NOT_ALLOWED,
                    method + " is not served: UMR keeps what each source sent; send a newer version (PUT, or POST "
                            + "to $ingest) with status stopped or entered-in-error to withdraw a record");
        }
        if (path.contains("/_history")) {
            return new InvalidInputException(
                    ErrorCode.METHOD_NOT_ALLOWED,
                    "history and vread are not served: UMR serves the current version of each record "
                            + "(GET /fhir/{type}/{id}); every version received is kept in its inbound log");
        }
        if (("POST".equals(method) || "PUT".equals(method)) && !takesBody(request.getContentType(), path)) {
            return new InvalidInputException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "the body's Content-Type '"
                            + String.valueOf(request.getContentType()).replaceAll("\\p{Cntrl}", "?")
                            + "' is not FHIR: send application/fhir+json, application/fhir+xml or (to $ingest) "
                            + "application/fhir+ndjson",
                    List.of("Content-Type"));
        }
        return null;
    }

    private static final Set<String> FHIR_BODIES = Set.of(
            "application/fhir+json",
            "application/json",
            "application/json+fhir",
            "application/fhir+xml",
            "application/xml",
            "application/xml+fhir",
            "text/xml",
            "application/fhir+ndjson",
            "application/x-ndjson",
            "application/ndjson");

    /** A FHIR media type (a missing one is read as FHIR JSON); a form only for POST .../_search. */
    private static boolean takesBody(String contentType, String path) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return FHIR_BODIES.contains(type)
                || type.equals("application/x-www-form-urlencoded") && path.endsWith("/_search");
    }

    private static boolean wantsAnything(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return request.getParameter("_format") == null
                && (accept == null || accept.isBlank() || accept.contains("*/*"));
    }

    private void refuse(HttpServletResponse response, int status, InvalidInputException refusal) throws IOException {
        response.setStatus(status);
        response.setContentType("application/fhir+json;charset=utf-8");
        response.getOutputStream()
                .write(fhir.get()
                        .newJsonParser()
                        .encodeResourceToString(OperationOutcomes.of(refusal))
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The request with its body already read into memory. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("UMR reads request bodies blocking");
                }
            };
        }
    }

    /** The request, asking for FHIR JSON back. */
    private static final class JsonAnswerRequest extends HttpServletRequestWrapper {
        JsonAnswerRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return "Accept".equalsIgnoreCase(name) ? "application/fhir+json" : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Accept".equalsIgnoreCase(name)
                    ? Collections.enumeration(java.util.List.of("application/fhir+json"))
                    : super.getHeaders(name);
        }
    }
}
