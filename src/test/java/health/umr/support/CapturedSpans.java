package health.umr.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Tests run with tracing on and no exporter (application.properties, %test); while a test has called
 * {@link #start()}, every finished span is kept here for it to read.
 */
@Singleton
public class CapturedSpans {

    public static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final SpanProcessor KEEP = SimpleSpanProcessor.create(SPANS);
    private static volatile boolean recording;

    /** Forgets what was kept and keeps what ends from now on. */
    public static void start() {
        SPANS.reset();
        recording = true;
    }

    public static void stop() {
        recording = false;
        SPANS.reset();
    }

    @Produces
    @Singleton
    SpanProcessor capture() {
        return new SpanProcessor() {
            @Override
            public void onStart(
                    io.opentelemetry.context.Context parent, io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
                if (recording) {
                    KEEP.onEnd(span);
                }
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
    }
}
