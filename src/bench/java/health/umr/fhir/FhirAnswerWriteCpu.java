package health.umr.fhir;

import health.umr.bench.ThreadCpuRunner;
import health.umr.records.ReadCache;
import health.umr.records.RecordView;
import health.umr.store.UnifiedRecordRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * {@code $unified-medications}' default-form answer from the record or the read cache to the response's
 * byte stream, before (the steps of 4f79485, rebuilt here) and now (the service's own code), for the
 * benchmarks' patient, by the CPU time of the measuring thread and the bytes it allocated. The stream is a
 * counting sink: what Undertow does with the bytes is the same either way and not counted.
 *
 * <ul>
 *   <li>hit, before: the kept bytes copied out of the entry, decoded into a String, written through
 *       ResponseBuffer's held writer and the servlet writer's {@code PrintWriter(OutputStreamWriter(UTF-8))}
 *       ({@link EncodedWriterResponse}), closed;
 *   <li>hit, now: {@link ReadCache.Entry#with} (no copy for an answer without a request time), the bytes
 *       to the stream, flushed, closed ({@link UnifiedRecordAnswer}'s write);
 *   <li>miss, before: UnifiedRecordJson's text into a String ({@code UnifiedRecordAnswer.text}), encoded
 *       to UTF-8 for the cache, then the String through the writers as on a hit;
 *   <li>miss, now: {@link UnifiedRecordAnswer#bytes} once, to the stream.
 * </ul>
 *
 * Neither side includes reading the record, the stamp query, HAPI's server or the interceptors. Run:
 * {@code java -cp <test classpath> health.umr.fhir.FhirAnswerWriteCpu [rounds] [times]} (bench/README.md).
 */
public final class FhirAnswerWriteCpu {

    private static final byte[] NONE = new byte[0];

    private FhirAnswerWriteCpu() {}

    public static void main(String[] args) throws Exception {
        UnifiedRecordViews.Reading reading = UnifiedRecordViews.reading(UnifiedRecordViews.realisticSpec());
        Instant now = reading.read();
        RecordView view = UnifiedRecordViews.at(reading, now);
        byte[] answer = UnifiedRecordAnswer.bytes(view, UnifiedRecordViews.rules());
        ReadCache.Entry entry = new ReadCache.Entry(
                new UnifiedRecordRepository.Stamp(12, now, "f", 1, 3, 3), true, now, now.plusSeconds(60), answer, NONE);
        Sink sink = new Sink();
        // the same bytes both ways, or the comparison means nothing
        hitBefore(entry, sink);
        byte[] before = sink.last();
        hitNow(entry, sink);
        if (!Arrays.equals(before, sink.last()) || !Arrays.equals(answer, before)) {
            throw new IllegalStateException("before and now send different bytes");
        }
        missBefore(view, sink);
        if (!Arrays.equals(answer, sink.last())) {
            throw new IllegalStateException("the miss before sends different bytes");
        }
        sink.keep = false;

        String[] names = {"hit before", "hit now", "miss before", "miss now"};
        LongSupplier[] operations = {
            counted(() -> hitBefore(entry, sink), sink),
            counted(() -> hitNow(entry, sink), sink),
            counted(() -> missBefore(view, sink), sink),
            counted(() -> missNow(view, sink), sink)
        };
        ThreadCpuRunner.run("answer of " + answer.length + " B", names, operations, args, 8, 2_000);
    }

    /** One way of writing the answer to the sink. */
    private interface Write {
        void run() throws IOException;
    }

    /** {@code write} as one of {@link ThreadCpuRunner}'s operations: it gives the sink's count after it. */
    private static LongSupplier counted(Write write, Sink sink) {
        return () -> {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sink.count;
        };
    }

    /** 4f79485's hit: Entry.with's copy, the String, the held writer over the servlet's writer. */
    private static void hitBefore(ReadCache.Entry entry, Sink sink) throws IOException {
        byte[] kept = Arrays.copyOf(entry.head(), entry.head().length);
        throughWriter(new String(kept, StandardCharsets.UTF_8), sink);
    }

    private static void hitNow(ReadCache.Entry entry, Sink sink) throws IOException {
        toStream(entry.with(NONE), sink);
    }

    /** 4f79485's miss: the text as a String, its UTF-8 bytes for the cache, the String through the writers. */
    private static void missBefore(RecordView view, Sink sink) throws IOException {
        StringWriter out = new StringWriter(16 * 1024);
        UnifiedRecordJson.write(view, UnifiedRecordViews.rules(), out);
        String text = out.toString();
        sink.count += text.getBytes(StandardCharsets.UTF_8).length;
        throughWriter(text, sink);
    }

    private static void missNow(RecordView view, Sink sink) throws IOException {
        toStream(UnifiedRecordAnswer.bytes(view, UnifiedRecordViews.rules()), sink);
    }

    private static void throughWriter(String text, Sink sink) throws IOException {
        sink.open();
        Writer writer =
                new ResponseBuffer.HeldWriter(new PrintWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8)));
        writer.write(text);
        writer.close();
    }

    private static void toStream(byte[] bytes, Sink sink) throws IOException {
        sink.open();
        sink.write(bytes);
        sink.flush();
        sink.close();
    }

    /** Counts what it is given (and, while checking, keeps it). */
    private static final class Sink extends OutputStream {
        long count;
        boolean keep = true;
        private java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();

        void open() {
            if (keep) {
                kept = new java.io.ByteArrayOutputStream();
            }
        }

        byte[] last() {
            return kept.toByteArray();
        }

        @Override
        public void write(int b) {
            count++;
            if (keep) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            if (keep) {
                kept.write(b, off, len);
            }
        }
    }
}
