package health.umr.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A real local OpenID Connect authorization server, as much of one as the browser's authorization
 * code flow with PKCE touches: discovery, {@code /authorize} (signs the user in at once and sends
 * the browser back with a code) and {@code /token} (gives the access token only for the verifier
 * whose S256 challenge came with the code). It never sees a password: the test is of UMR's side.
 */
final class FakeIssuer implements AutoCloseable {

    private final HttpServer server;
    private final Supplier<String> accessToken;
    private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
    volatile int tokensIssued;
    volatile String lastRefusal;

    FakeIssuer(Supplier<String> accessToken) throws IOException {
        this.accessToken = accessToken;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        answer(exchange, 200, "application/json", """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                 "jwks_uri":"%1$s/jwks","code_challenge_methods_supported":["S256"]}""".formatted(url()));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (!"code".equals(query.get("response_type")) || !"S256".equals(query.get("code_challenge_method"))) {
            answer(exchange, 400, "text/plain", "response_type=code and code_challenge_method=S256 are required");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, query);
        exchange.getResponseHeaders()
                .add(
                        "Location",
                        query.get("redirect_uri") + "?code=" + code + "&state="
                                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        if ("OPTIONS".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "Content-Type");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> authorized = codes.remove(String.valueOf(body.get("code")));
        String refusal = authorized == null
                ? "unknown or reused code"
                : !"authorization_code".equals(body.get("grant_type"))
                        ? "grant_type"
                        : !authorized.get("redirect_uri").equals(body.get("redirect_uri"))
                                ? "redirect_uri differs"
                                : !authorized.get("client_id").equals(body.get("client_id"))
                                        ? "client_id differs"
                                        : !authorized.get("code_challenge").equals(s256(body.get("code_verifier")))
                                                ? "code_verifier does not match the challenge"
                                                : null;
        if (refusal != null) {
            lastRefusal = refusal;
            answer(
                    exchange,
                    400,
                    "application/json",
                    "{\"error\":\"invalid_grant\",\"error_description\":\"" + refusal + "\"}");
            return;
        }
        tokensIssued++;
        answer(
                exchange,
                200,
                "application/json",
                "{\"access_token\":\"" + accessToken.get() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
