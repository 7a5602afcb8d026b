package health.umr.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what an HTTP client library would refuse to
 * send (bad percent escapes, backslashes, unknown methods, control characters) goes out unchanged.
 * One connection per request ({@code Connection: close}).
 */
public final class RawHttp {

    /**
     * A request exactly as written on the wire; headers without Content-Length, Connection. It carries
     * Host: localhost and the tests' admin token unless it names its own Host or Authorization (an
     * empty one: none).
     */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {

        public static Request of(String method, String target) {
            return new Request(method, target, Map.of(), new byte[0]);
        }

        public static Request of(String method, String target, String contentType, byte[] body) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return new Request(method, target, headers, body);
        }

        public Request with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Request(method, target, more, body);
        }

        /** For failure messages: the request line, headers and the body's start. */
        public String describe() {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            String target = this.target.length() > 200 ? this.target.substring(0, 200) + "…" : this.target;
            return method + " " + target + " " + headers.keySet() + " body(" + body.length + "): "
                    + text.replaceAll("\\p{Cntrl}", "·");
        }
    }

    /** The answer: status, headers (names lower-cased), body (de-chunked); status 0 when none came. */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean timedOut) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {}

    public static Response send(int port, Request request, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder()
                    .append(request.method())
                    .append(' ')
                    .append(request.target())
                    .append(" HTTP/1.1\r\n");
            if (!request.headers().containsKey("Host")) {
                head.append("Host: localhost\r\n");
            }
            head.append("Connection: close\r\n");
            if (!request.headers().containsKey("Authorization")) {
                // like every RestAssured request in the tests (DefaultTokenFilter): the local admin token
                head.append("Authorization: Bearer ").append(TestTokens.admin()).append("\r\n");
            }
            request.headers().forEach((name, value) -> {
                if (!value.isEmpty()) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            });
            if (request.body().length > 0 || !"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
                head.append("Content-Length: ").append(request.body().length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            try {
                out.write(request.body());
                out.flush();
            } catch (IOException refusedEarly) {
                // the server may answer (413, 400) and close before it has read the whole body
            }
            return read(socket.getInputStream(), "HEAD".equals(request.method()));
        } catch (SocketTimeoutException e) {
            return new Response(0, Map.of(), new byte[0], true);
        } catch (IOException e) {
            return new Response(0, Map.of("x-raw-http-error", String.valueOf(e.getMessage())), new byte[0], false);
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (SocketTimeoutException e) {
            if (all.size() == 0) {
                throw e;
            }
        } catch (IOException reset) {
            if (all.size() == 0) {
                throw reset;
            }
        }
        byte[] bytes = all.toByteArray();
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            return new Response(0, Map.of("x-raw-http-error", "no complete head"), bytes, false);
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if (!head && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body, false);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(length, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
