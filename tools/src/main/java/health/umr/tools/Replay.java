package health.umr.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Sends recorded NDJSON to {@code POST {base}/fhir/$ingest} in chunks, a bounded number in flight,
 * and adds up the answers. Reads the files as it sends them, so memory stays at
 * {@code parallel + 1} chunks whatever the file size.
 */
public final class Replay {

    /** How to cut and send. */
    public record Options(int chunkLines, int chunkBytes, int parallel, Duration requestTimeout) {

        public static Options defaults() {
            return new Options(500, 4 * 1024 * 1024, 4, Duration.ofMinutes(5));
        }

        public Options withParallel(int parallel) {
            return new Options(chunkLines, chunkBytes, parallel, requestTimeout);
        }
    }

    private final UmrHttp umr;
    private final Options options;

    public Replay(UmrHttp umr, Options options) {
        this.umr = umr;
        this.options = options;
    }

    public Replay(HttpClient http, String baseUrl, Options options) {
        this(new UmrHttp(baseUrl, http), options);
    }

    /** An HTTP/1.1 client suited to replay and the benchmark. */
    public static HttpClient newClient() {
        return UmrHttp.newClient();
    }

    /**
     * Replays one file to a running service and answers the tally (no progress output). For tests:
     * {@code Replay.run(path, "http://localhost:8081", "gp-a81001").exitCode()}.
     */
    public static ReplayTally run(Path file, String baseUrl, String sourceId) {
        return new Replay(newClient(), baseUrl, Options.defaults())
                .send(List.of(file), sourceId, null, ProgressLine.Mode.NONE, () -> false);
    }

    /** The $ingest URL, with {@code ?source=} when a source is named. */
    public static URI ingestUri(String baseUrl, String sourceId) {
        String url = stripSlash(baseUrl) + "/fhir/$ingest";
        if (sourceId != null && !sourceId.isBlank()) {
            url += "?source=" + URLEncoder.encode(sourceId, StandardCharsets.UTF_8);
        }
        return URI.create(url);
    }

    /**
     * Sends the files one after the other (chunks of consecutive files overlap in flight).
     *
     * @param progressOut where progress goes (stderr), or null
     * @param stop        checked before each chunk: true stops sending (what was sent is still awaited)
     */
    public ReplayTally send(
            List<Path> files, String sourceId, PrintStream progressOut, ProgressLine.Mode mode, BooleanSupplier stop) {
        ReplayTally tally = new ReplayTally(files.size() > 1);
        URI uri = ingestUri(umr.baseUrl(), sourceId);
        long bytesTotal = files.stream().mapToLong(Replay::size).sum();
        AtomicLong bytesDone = new AtomicLong();
        AtomicBoolean aborted = new AtomicBoolean();
        Semaphore inFlight = new Semaphore(options.parallel());
        String label = files.size() == 1 ? files.get(0).getFileName().toString() : files.size() + " files";
        ProgressLine progress = new ProgressLine(
                progressOut,
                progressOut == null ? ProgressLine.Mode.NONE : mode,
                label,
                () -> new ProgressLine.Snapshot(
                        tally.linesSent(),
                        bytesDone.get(),
                        bytesTotal,
                        tally.accepted(),
                        tally.refused(),
                        tally.httpErrors(),
                        tally.elapsed().toNanos() / 1e9));
        progress.start();
        try {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try (InputStream in = Files.newInputStream(file)) {
                    NdjsonChunker chunker = new NdjsonChunker(in, options.chunkLines(), options.chunkBytes());
                    while (!aborted.get() && !stop.getAsBoolean() && chunker.hasNext()) {
                        NdjsonChunker.Chunk chunk = chunker.next();
                        inFlight.acquireUninterruptibly();
                        if (aborted.get()) {
                            inFlight.release();
                            break;
                        }
                        tally.started(System.nanoTime());
                        post(uri, chunk).whenComplete((response, error) -> {
                            try {
                                if (error != null) {
                                    boolean connection = isConnectionFailure(error);
                                    tally.failed(name, chunk, unwrap(error), connection);
                                    if (connection) {
                                        aborted.set(true);
                                    }
                                } else {
                                    tally.answered(
                                            name, chunk, IngestAnswer.parse(response.statusCode(), response.body()));
                                }
                                bytesDone.addAndGet(chunk.body().length);
                            } finally {
                                tally.finished(System.nanoTime());
                                inFlight.release();
                            }
                        });
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
                if (aborted.get() || stop.getAsBoolean()) {
                    break;
                }
            }
            inFlight.acquireUninterruptibly(options.parallel());
            inFlight.release(options.parallel());
        } finally {
            progress.close();
        }
        return tally;
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> post(URI uri, NdjsonChunker.Chunk chunk) {
        HttpRequest request = umr.request(uri)
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/fhir+ndjson")
                .header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(chunk.body()))
                .build();
        return umr.client().sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Refused or lost connections stop the replay; a slow answer (request timeout) does not. */
    static boolean isConnectionFailure(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
            return true;
        }
        return cause instanceof IOException && !(cause instanceof HttpTimeoutException);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static String stripSlash(String url) {
        return UmrHttp.stripSlash(url);
    }
}
