package health.umr.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the tools speak to UMR over HTTP: its base URL and the headers every request carries. Every
 * request of every tool is built here (the JDK client's through {@link #request}, the socket client's
 * through {@link #headerLines}), so what a request to UMR must carry is one change in this class.
 */
public final class UmrHttp {

    private final String baseUrl;
    private final HttpClient client;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public UmrHttp(String baseUrl, HttpClient client) {
        this.baseUrl = stripSlash(baseUrl);
        this.client = client;
        String token = ServiceToken.current();
        if (token != null && !token.isBlank()) {
            headers.put("Authorization", "Bearer " + token.strip());
        }
    }

    /** UMR at this base URL, through an HTTP/1.1 client suited to replay and the benchmark. */
    public static UmrHttp to(String baseUrl) {
        return new UmrHttp(baseUrl, newClient());
    }

    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public HttpClient client() {
        return client;
    }

    /** A request to a path of UMR ({@code /api/sources/x}), with the headers every request carries. */
    public HttpRequest.Builder request(String path) {
        return request(URI.create(baseUrl + path));
    }

    /** A request to a URL of UMR, with the headers every request carries. */
    public HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        headers.forEach(builder::header);
        return builder;
    }

    /** The headers every request carries, as raw HTTP/1.1 lines ({@code Name: value\r\n}). */
    public String headerLines() {
        StringBuilder lines = new StringBuilder();
        headers.forEach(
                (name, value) -> lines.append(name).append(": ").append(value).append("\r\n"));
        return lines.toString();
    }

    static String stripSlash(String url) {
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
