package health.umr.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replay --file F [--file G ...] [--source ID] [--url U]}: sends recorded NDJSON streams to a
 * running UMR with progress on stderr and one summary on stdout. Several files go through one JVM and
 * one connection pool, in the order given (the last chunks of one file in flight with the first of
 * the next): for the benchmark, whose REST back-load had spent most of its load generator's CPU (and
 * some seconds of wall time a file) starting a JVM for each file (bench/results/2026-12-02-rest-ingest.md).
 * Exit 0 when everything was taken, 1 when anything was refused (or a request failed), 2 on a usage error
 * or when UMR cannot be reached.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Sends a recorded NDJSON stream to a running UMR's POST /fhir/$ingest.")
public final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--file",
            required = true,
            description = "an NDJSON file; repeat it to send several, in this order, through one client")
    List<Path> files;

    @Option(names = "--source", description = "the source id for resources without meta.source (sent as ?source=)")
    String source;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "UMR's base URL")
    String url;

    @Option(names = "--chunk-lines", defaultValue = "500", description = "lines a request (1-100,000)")
    int chunkLines;

    @Option(names = "--chunk-bytes", defaultValue = "4194304", description = "bytes a request at most")
    int chunkBytes;

    @Option(names = "--parallel", defaultValue = "4", description = "requests in flight (1-64)")
    int parallel;

    @Option(names = "--progress", defaultValue = "auto", description = "auto, tty, plain or none")
    String progress;

    @Option(
            names = "--register-sources",
            description = "PUT /api/sources/{id} for each source in this file first (as `generate` writes it)")
    Path registerSources;

    @Option(names = "--token", description = "the bearer token to send (default: UMR_TOKEN)")
    String token;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (token != null) {
            ServiceToken.use(token);
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("replay: no file " + file.toAbsolutePath());
            }
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new UsageException("replay: --url must start with http:// or https://, not '" + url + "'");
        }
        Replay.Options options = new Replay.Options(
                Tools.between("--chunk-lines", chunkLines, 1, 100_000),
                Tools.between("--chunk-bytes", chunkBytes, 1024, 64 * 1024 * 1024),
                Tools.between("--parallel", parallel, 1, 64),
                Duration.ofMinutes(5));
        ProgressLine.Mode mode = ProgressLine.parseMode(progress);
        UmrHttp umr = UmrHttp.to(url);
        if (registerSources != null) {
            try {
                int registered = registerSources(umr, registerSources);
                err.println("registered " + registered + " sources");
            } catch (ConnectException e) {
                err.println("replay: cannot reach UMR at " + url + " (" + e.getMessage() + ")");
                return Tools.USAGE;
            } catch (IOException e) {
                err.println("replay: " + e.getMessage());
                return Tools.USAGE;
            }
        }
        ReplayTally tally = new Replay(umr, options).send(List.copyOf(files), source, err, mode, () -> false);
        String what = files.size() == 1 ? files.get(0).toString() : files.size() + " files";
        out.print(tally.format("of " + what + " to " + Replay.ingestUri(url, source)));
        out.flush();
        return tally.exitCode();
    }

    /**
     * Registers every source of a {@code sources.json} (an array of {id, setting, name, system, ods})
     * with {@code PUT /api/sources/{id}}; answers how many.
     */
    public static int registerSources(HttpClient http, String baseUrl, Path sourcesJson) throws IOException {
        return registerSources(new UmrHttp(baseUrl, http), sourcesJson);
    }

    /** As {@link #registerSources(HttpClient, String, Path)}, through the tools' one HTTP client. */
    public static int registerSources(UmrHttp umr, Path sourcesJson) throws IOException {
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
            HttpRequest request = umr.request("/api/sources/" + id)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response;
            try {
                response = umr.client().send(request, HttpResponse.BodyHandlers.ofString());
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
