package health.umr.tools;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop, fixed-rate reader of unified records (wrk2-style). Request i is due at
 * {@code start + i / rate} whether or not earlier ones have answered, and its latency is measured
 * from that due time, not from when it was actually sent: a stalled server therefore shows up as
 * latency instead of silently lowering the offered load (coordinated omission).
 *
 * <p>It speaks HTTP/1.1 itself over a fixed pool of keep-alive connections, one blocking thread
 * each, because the JDK HttpClient was measured here to burn 8 CPU-seconds in 9 s at 1,000 req/s
 * (against 1 s for the server): on 2 cores the client, not UMR, set the latency. When every
 * connection is busy, due requests wait in the client and that wait counts as latency, as in wrk2.
 */
final class ReadLoad {

    /**
     * Which read: the portal JSON, the FHIR operation, or /q/health/live, which does no work and so
     * calibrates the load generator and the HTTP stack themselves.
     */
    enum Kind {
        API,
        FHIR,
        LIVE
    }

    record Result(
            int rate,
            int seconds,
            long sent,
            long ok,
            long notFound,
            long errors,
            double achievedPerSecond,
            LatencyStats latency,
            Map<String, Integer> failures,
            Tail tail) {}

    /**
     * Where the latency went, per request: {@code clientWait} from the due time until the request was
     * written (no free connection, or the generator's thread woke late: the generator's own queue) and
     * {@code roundTrip} from then until the whole answer was read (the wire, the server's queues and its
     * work). The slowest 1% (the largest latencies, at least one request) are summarised apart, with their windows in
     * wall-clock time (epoch ms, due to done) so a JFR recording can be laid over them.
     */
    record Tail(
            LatencyStats clientWait,
            LatencyStats roundTrip,
            int slowCount,
            double slowMeanMs,
            double slowMeanClientWaitMs,
            List<long[]> slowWindows) {}

    private final URI base;
    private final String headerLines;
    private final List<String> nhsNumbers;
    private final Kind kind;
    private final int connections;
    private final int timeoutMillis;
    private final ReadPick pick;

    ReadLoad(UmrHttp umr, List<String> nhsNumbers, Kind kind, int connections, int timeoutMillis) {
        this(umr, nhsNumbers, kind, connections, timeoutMillis, 0, 0.01);
    }

    /** {@code hotShare} of the reads on a hot {@code hotFraction} of the patients ({@link ReadPick}); 0: uniform. */
    ReadLoad(
            UmrHttp umr,
            List<String> nhsNumbers,
            Kind kind,
            int connections,
            int timeoutMillis,
            double hotShare,
            double hotFraction) {
        if (nhsNumbers.isEmpty() && kind != Kind.LIVE) {
            throw new UsageException("bench-load read: no NHS numbers to read");
        }
        this.base = URI.create(umr.baseUrl());
        this.headerLines = umr.headerLines();
        if (!"http".equals(base.getScheme())) {
            throw new UsageException("bench-load read: --url must be http://host:port");
        }
        this.nhsNumbers = nhsNumbers;
        this.kind = kind;
        this.connections = connections;
        this.timeoutMillis = timeoutMillis;
        this.pick = new ReadPick(Math.max(1, nhsNumbers.size()), hotShare, hotFraction);
    }

    Result run(int rate, int seconds, long seed) throws InterruptedException {
        int total = Math.multiplyExact(rate, seconds);
        long[] latencies = new long[total];
        long[] waits = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicLong ok = new AtomicLong();
        AtomicLong notFound = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, Integer> failures = new TreeMap<>();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L; // let every connection open first
        long startEpochMs = System.currentTimeMillis() + 50L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(
                    () -> {
                        Connection connection = null;
                        for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                            long due = start + i * periodNanos;
                            long wait;
                            while ((wait = due - System.nanoTime()) > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            waits[i] = System.nanoTime() - due;
                            try {
                                if (connection == null) {
                                    connection = new Connection(base, headerLines, timeoutMillis);
                                }
                                int status = connection.get(path(i, seed));
                                if (status == 200) {
                                    ok.incrementAndGet();
                                } else if (status == 404) {
                                    notFound.incrementAndGet();
                                } else {
                                    errors.incrementAndGet();
                                    count(failures, "HTTP " + status);
                                }
                            } catch (IOException e) {
                                errors.incrementAndGet();
                                count(failures, e.getClass().getSimpleName());
                                connection = close(connection);
                            }
                            latencies[i] = System.nanoTime() - due;
                        }
                        close(connection);
                    },
                    "bench-read-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double achieved = total / ((System.nanoTime() - start) / 1e9);
        return new Result(
                rate,
                seconds,
                total,
                ok.get(),
                notFound.get(),
                errors.get(),
                achieved,
                new LatencyStats(latencies, total),
                failures,
                tail(latencies, waits, total, startEpochMs, periodNanos));
    }

    /** The split of each latency into the generator's wait and the round trip, and the slowest 1%. */
    static Tail tail(long[] latencies, long[] waits, int total, long startEpochMs, long periodNanos) {
        long[] trips = new long[total];
        for (int i = 0; i < total; i++) {
            trips[i] = latencies[i] - waits[i];
        }
        // the slowest 1% (at least one): the indices of the largest latencies, in the order they were due
        int count = total == 0 ? 0 : Math.max(1, (total + 99) / 100);
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(latencies[b], latencies[a]));
        Integer[] slowest = java.util.Arrays.copyOf(order, count);
        java.util.Arrays.sort(slowest);
        int slow = slowest.length;
        double sum = 0;
        double waited = 0;
        List<long[]> windows = new ArrayList<>();
        for (int i : slowest) {
            sum += latencies[i];
            waited += waits[i];
            long due = startEpochMs + i * periodNanos / 1_000_000L;
            windows.add(new long[] {due, due + Math.max(1, latencies[i] / 1_000_000L)});
        }
        return new Tail(
                new LatencyStats(waits, total),
                new LatencyStats(trips, total),
                slow,
                slow == 0 ? 0 : sum / slow / 1e6,
                slow == 0 ? 0 : waited / slow / 1e6,
                windows);
    }

    /** The i-th request's path: the patient {@link ReadPick} draws from a seeded hash of i. */
    private String path(int i, long seed) {
        if (kind == Kind.LIVE) {
            return "/q/health/live";
        }
        String nhs = nhsNumbers.get(pick.index(seed, i));
        return kind == Kind.API
                ? "/api/patients/" + nhs + "/medications"
                : "/fhir/Patient/$unified-medications?identifier=https://fhir.nhs.uk/Id/nhs-number%7C" + nhs;
    }

    private static Connection close(Connection connection) {
        if (connection != null) {
            connection.close();
        }
        return null;
    }

    private static void count(Map<String, Integer> failures, String what) {
        synchronized (failures) {
            failures.merge(what, 1, Integer::sum);
        }
    }

    /** One keep-alive HTTP/1.1 connection: GET, read the status and the whole body (length or chunked). */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String host;
        private final String headerLines;

        Connection(URI base, String headerLines, int timeoutMillis) throws IOException {
            this.headerLines = headerLines;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(
                    new InetSocketAddress(base.getHost(), base.getPort() < 0 ? 80 : base.getPort()), timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
            host = base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
        }

        int get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n" + headerLines
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16);
                        size > 0;
                        size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are ignored
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                throw new IOException("response without length");
            }
            if (closeAfter) {
                throw new IOException("server closed the connection");
            }
            return Integer.parseInt(parts[1]);
        }

        private String line() throws IOException {
            StringBuilder text = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            return text.toString();
        }

        private void skip(long bytes) throws IOException {
            long left = bytes;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in the body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
