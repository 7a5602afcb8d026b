package health.umr.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code replay --file F [--source ID] [--url U]}: sends a recorded NDJSON stream to a running UMR
 * with progress on stderr and a summary on stdout. Exit 0 when everything was taken, 1 when
 * anything was refused (or a request failed), 2 on a usage error or when UMR cannot be reached.
 */
public final class ReplayCommand {

    static final String USAGE = """
            usage: replay --file path.ndjson [--source id] [--url http://localhost:8080]
                          [--chunk-lines 500] [--parallel 4] [--progress auto|tty|plain|none]
                          [--register-sources sources.json]
              --source            the source id for resources without meta.source (sent as ?source=)
              --register-sources  PUT /api/sources/{id} for each source in the file first (as `generate` writes it)
              --token             the bearer token to send (default: UMR_TOKEN)""";

    private ReplayCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = CommandLine.parse(
                "replay",
                args,
                Set.of(
                        "file",
                        "source",
                        "url",
                        "chunk-lines",
                        "chunk-bytes",
                        "parallel",
                        "progress",
                        "register-sources",
                        "token"),
                Set.of());
        line.find("token").ifPresent(ServiceToken::use);
        Path file = Path.of(line.require("file"));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("replay: no file " + file.toAbsolutePath());
        }
        String url = line.get("url", "http://localhost:8080");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new UsageException("replay: --url must start with http:// or https://, not '" + url + "'");
        }
        Replay.Options options = new Replay.Options(
                line.integer("chunk-lines", 500, 1, 100_000),
                line.integer("chunk-bytes", 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
                line.integer("parallel", 4, 1, 64),
                Duration.ofMinutes(5));
        ProgressLine.Mode mode = ProgressLine.parseMode(line.get("progress", "auto"));
        HttpClient http = Replay.newClient();
        if (line.find("register-sources").isPresent()) {
            try {
                int registered = registerSources(http, url, Path.of(line.require("register-sources")));
                err.println("registered " + registered + " sources");
            } catch (ConnectException e) {
                err.println("replay: cannot reach UMR at " + url + " (" + e.getMessage() + ")");
                return Tools.USAGE;
            } catch (IOException e) {
                err.println("replay: " + e.getMessage());
                return Tools.USAGE;
            }
        }
        String source = line.find("source").orElse(null);
        ReplayTally tally = new Replay(http, url, options).send(List.of(file), source, err, mode, () -> false);
        out.print(tally.format("of " + file + " to " + Replay.ingestUri(url, source)));
        out.flush();
        return tally.exitCode();
    }

    /**
     * Registers every source of a {@code sources.json} (an array of {id, setting, name, system, ods})
     * with {@code PUT /api/sources/{id}}; answers how many.
     */
    public static int registerSources(HttpClient http, String baseUrl, Path sourcesJson) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode sources = json.readTree(sourcesJson.toFile());
        if (!sources.isArray()) {
            throw new IOException(sourcesJson + " is not a JSON array of sources");
        }
        int count = 0;
        for (JsonNode source : sources) {
            String id = source.path("id").asText();
            ObjectNode body = ((ObjectNode) source.deepCopy());
            body.remove("id");
            body.remove("file");
            HttpRequest request = ServiceToken.authorise(
                            HttpRequest.newBuilder(URI.create(Replay.stripSlash(baseUrl) + "/api/sources/" + id)))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (response.statusCode() / 100 != 2) {
                throw new IOException("PUT /api/sources/" + id + " answered " + response.statusCode() + ": "
                        + IngestAnswer.abbreviate(response.body(), 300));
            }
            count++;
        }
        return count;
    }
}
