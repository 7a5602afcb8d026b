package health.umr.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Gives every RestAssured request of every @QuarkusTest the admin token, so tests that are not
 * about security need not think about tokens. A request that sets its own Authorization header
 * keeps it; one that sends {@link TestTokens#none()} goes without. Installed before each test
 * (registered in META-INF/services), in the test's own class loader.
 */
public class DefaultTokenFilter implements Filter, QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof DefaultTokenFilter)) {
            RestAssured.filters(new DefaultTokenFilter());
        }
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext context) {
        if (request.getHeaders().hasHeaderWithName(TestTokens.NO_TOKEN)) {
            request.removeHeader(TestTokens.NO_TOKEN);
        } else if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + TestTokens.admin());
        }
        return context.next(request, response);
    }
}
