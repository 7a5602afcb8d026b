package health.umr.ops;

import static health.umr.support.Feeds.FHIR_JSON;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.CapturedSpans;
import health.umr.support.Feeds;
import health.umr.support.KafkaTestClient;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With tracing switched on (QUARKUS_OTEL_SDK_DISABLED=false; tests run so), one trace runs from the HTTP request
 * through ingest to the SQL it ran, and one from a Kafka batch through ingest to its SQL, linked to the
 * producer's span named by the message's traceparent header.
 */
@QuarkusTest
class TracingTest {

    @AfterEach
    void stopRecording() {
        CapturedSpans.stop();
    }

    @Test
    void aRestWrite_isOneTrace_fromTheRequestThroughIngestToTheDatabase() {
        String gp = Feeds.source("tracing-gp", "gp");
        CapturedSpans.start();
        given().contentType(FHIR_JSON)
                .body(Feeds.statement(gp, "tracing-1", "9997771001", "active", "2026-11-01T10:00:00Z", "1 daily"))
                .post("/fhir/MedicationStatement")
                .then()
                .statusCode(201);

        SpanData ingest = await("the ingest span", s -> s.getName().equals("umr.ingest"));
        SpanData server = await("the request's span", s -> s.getSpanId().equals(ingest.getParentSpanId()));
        assertEquals(SpanKind.SERVER, server.getKind(), "ingest runs inside the HTTP request's span");
        assertTrue(server.getName().contains("POST"), server.getName());
        await("SQL under ingest", s -> s.getKind() == SpanKind.CLIENT && descendsFrom(s, ingest));
    }

    @Test
    void aKafkaBatch_isOneTrace_fromTheBatchThroughIngestToTheDatabase_linkedToItsProducer() {
        String gp = Feeds.source("tracing-kafka-gp", "gp");
        CapturedSpans.start();
        String producerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (KafkaTestClient kafka = new KafkaTestClient()) {
            kafka.send(
                    "umr.inbound",
                    "9997771028",
                    "tracing-kafka-gp",
                    Feeds.statement(gp, "tracing-2", "9997771028", "active", "2026-11-01T10:00:00Z", "1 daily"),
                    Map.of("traceparent", "00-" + producerTrace + "-00f067aa0ba902b7-01"));
            kafka.flush();
        }
        SpanData batch = await(
                "the batch span linked to the producer",
                s -> s.getKind() == SpanKind.CONSUMER
                        && s.getLinks().stream()
                                .anyMatch(l -> l.getSpanContext().getTraceId().equals(producerTrace)));
        assertEquals("umr.inbound process", batch.getName());
        SpanData ingest = await(
                "batch ingest under the batch", s -> s.getName().equals("umr.ingest.batch") && descendsFrom(s, batch));
        await("SQL under the batch ingest", s -> s.getKind() == SpanKind.CLIENT && descendsFrom(s, ingest));
    }

    private static SpanData await(String what, java.util.function.Predicate<SpanData> match) {
        SpanData[] found = new SpanData[1];
        KafkaTestClient.await(what, Duration.ofSeconds(60), () -> {
            found[0] = spans().stream().filter(match).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static List<SpanData> spans() {
        return CapturedSpans.SPANS.getFinishedSpanItems();
    }

    private static Optional<SpanData> parentOf(SpanData span) {
        return spans().stream()
                .filter(s -> s.getSpanId().equals(span.getParentSpanId()))
                .findFirst();
    }

    private static boolean descendsFrom(SpanData span, SpanData ancestor) {
        Optional<SpanData> parent = parentOf(span);
        while (parent.isPresent()) {
            if (parent.get().getSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
            parent = parentOf(parent.get());
        }
        return false;
    }
}
