package health.umr.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import health.umr.records.SearchPage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The next and previous links of a search page: the same search again, with the {@value #CURSOR}
 * the page gave. Stateless (any instance answers any link) and every page goes through the same
 * search method, checks and interceptors as the first. Replaces the offset links HAPI would write.
 */
public class SearchLinks {

    /** The parameter that carries a page's position; opaque to clients. */
    static final String CURSOR = "_cursor";

    private static final String PAGE = SearchLinks.class.getName();

    static void remember(RequestDetails request, SearchPage page) {
        request.getUserData().put(PAGE, page);
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean link(RequestDetails request, ResponseDetails response) {
        if (request.getUserData().get(PAGE) instanceof SearchPage page
                && response.getResponseResource() instanceof Bundle bundle) {
            bundle.getLink()
                    .removeIf(link -> link.getRelation().equals("next")
                            || link.getRelation().equals("previous")
                            || link.getRelation().equals("prev"));
            if (page.next() != null) {
                bundle.addLink().setRelation("next").setUrl(url(request, page.next()));
            }
            if (page.previous() != null) {
                bundle.addLink().setRelation("previous").setUrl(url(request, page.previous()));
            }
        }
        return true;
    }

    private static String url(RequestDetails request, String cursor) {
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
            if (parameter.getKey().equals(CURSOR) || parameter.getKey().startsWith("_getpages")) {
                continue;
            }
            for (String value : parameter.getValue()) {
                query.add(encode(parameter.getKey()) + "=" + encode(value));
            }
        }
        query.add(CURSOR + "=" + cursor);
        return request.getFhirServerBase() + "/" + request.getRequestPath() + "?" + query;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
