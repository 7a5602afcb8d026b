package health.umr.security;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * A real local HTTP JWKS endpoint for the external-issuer tests: {@code GET /{name}} answers the
 * keys last published under that name (a test rotates keys by publishing others), or 503 once
 * withdrawn.
 */
final class JwksServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> published = new ConcurrentHashMap<>();

    JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            String jwks = published.get(exchange.getRequestURI().getPath().substring(1));
            byte[] body = (jwks == null ? "unavailable" : jwks).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(jwks == null ? 503 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url(String name) {
        return "http://localhost:" + server.getAddress().getPort() + "/" + name;
    }

    void publish(String name, RsaJsonWebKey... keys) {
        published.put(name, new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    void withdraw(String name) {
        published.remove(name);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
