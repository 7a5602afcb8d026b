package health.umr.kafka;

import health.umr.audit.AuditRecord;
import health.umr.audit.AuditTrail;
import health.umr.domain.NhsNumber;
import health.umr.ingest.IngestService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The audit trail of Kafka writes, as REST writes have theirs: one AuditEvent per patient a taken
 * message wrote, one per refused message (with why). The writer is the source the message names (its
 * {@code umr-source} header, or the source its topic is bound to); the broker's own ACLs decided who
 * could produce it. The request is the message's place in the log: {@code KAFKA topic/partition@offset}.
 */
final class KafkaAudit {

    private final AuditTrail trail;

    KafkaAudit(AuditTrail trail) {
        this.trail = trail;
    }

    /**
     * Records the batch's events and returns once they are stored.
     *
     * @param polled the messages handed to ingest, in the order their positions refer to
     */
    void record(
            List<ConsumerRecord<byte[], byte[]>> polled,
            List<IngestService.Taken> taken,
            List<DeadLetters.Refused> refused,
            TopicBindings bindings) {
        Instant now = Instant.now();
        List<AuditRecord> events = new ArrayList<>();
        for (IngestService.Taken one : taken) {
            ConsumerRecord<byte[], byte[]> message = polled.get(one.position());
            for (NhsNumber patient : one.patients()) {
                events.add(event(now, message, bindings, patient.value(), 200, null));
            }
        }
        for (DeadLetters.Refused one : refused) {
            events.add(event(
                    now,
                    one.record(),
                    bindings,
                    null,
                    one.reason().code().kind().httpStatus(),
                    one.reason().getMessage()));
        }
        trail.record(events);
    }

    private static AuditRecord event(
            Instant now,
            ConsumerRecord<byte[], byte[]> message,
            TopicBindings bindings,
            String nhsNumber,
            int status,
            String reason) {
        return new AuditRecord(
                now,
                'C',
                "create",
                "KAFKA " + message.topic() + "/" + message.partition() + "@" + message.offset(),
                null,
                nhsNumber,
                writer(message, bindings),
                null,
                null,
                status,
                reason);
    }

    private static String writer(ConsumerRecord<byte[], byte[]> message, TopicBindings bindings) {
        Header header = message.headers().lastHeader(InboundConsumerLoop.SOURCE_HEADER);
        if (header != null && header.value() != null) {
            return new String(header.value(), StandardCharsets.UTF_8);
        }
        return bindings.sourceOf(message.topic()).orElse("unknown source");
    }
}
