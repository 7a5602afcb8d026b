package health.umr.kafka;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One CONSUMER span per polled batch ("umr.inbound process"), the parent of the ingest and SQL spans
 * of that batch, linked to the producers' spans where the messages carry a W3C traceparent header
 * (OpenTelemetry's messaging conventions for batches). A no-op while tracing is off.
 */
final class BatchTracing {

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return StreamSupport.stream(headers.spliterator(), false)
                    .map(Header::key)
                    .toList();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final String group;

    BatchTracing(OpenTelemetry openTelemetry, String group) {
        this.tracer = openTelemetry.getTracer("health.umr.kafka");
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.group = group;
    }

    <T> T process(List<ConsumerRecord<byte[], byte[]>> batch, Supplier<T> work) {
        String topic = batch.isEmpty() ? "kafka" : batch.get(0).topic();
        SpanBuilder builder = tracer.spanBuilder(topic + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setNoParent()
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.consumer.group.name", group)
                .setAttribute("messaging.batch.message_count", (long) batch.size());
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            SpanContext producer = Span.fromContext(propagator.extract(Context.root(), record.headers(), HEADERS))
                    .getSpanContext();
            if (producer.isValid()) {
                builder.addLink(producer);
            }
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error failure) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            throw failure;
        } finally {
            span.end();
        }
    }
}
