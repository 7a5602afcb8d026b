package health.umr.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A path under /api or /cds-services that no JSON endpoint matched: RESTEasy hands it on to the
 * servlet container, whose answer would be an HTML page. Answer the JSON error instead.
 */
@WebFilter(urlPatterns = {"/api/*", "/cds-services/*"})
public class UnmatchedPathFilter extends HttpFilter {

    // Looked up per request: Undertow creates filters before the CDI container is ready.
    @Inject
    Instance<ObjectMapper> json;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        InvalidInputException refusal = new InvalidInputException(
                ErrorCode.NOT_FOUND,
                "nothing is served at " + request.getRequestURI().replaceAll("[^\\x21-\\x7e]", "?")
                        + "; see docs/contract.md for UMR's endpoints");
        response.setStatus(404);
        response.setContentType("application/json");
        response.getOutputStream().write(json.get().writeValueAsBytes(ErrorBody.of(refusal)));
    }
}
