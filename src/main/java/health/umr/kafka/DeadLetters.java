package health.umr.kafka;

import health.umr.domain.InvalidInputException;
import health.umr.ingest.InboundMessage;
import health.umr.ingest.RecordRefusalsService;
import health.umr.ingest.RefusalFormat;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes what UMR cannot take to the dead-letter topic: the original key, bytes and headers, plus
 * {@code umr-error} (the OperationOutcome JSON) and where the message came from.
 */
final class DeadLetters {

    static final String ERROR_HEADER = "umr-error";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final RefusalFormat format;
    private final Counter deadLettered;
    private final RecordRefusalsService refusals;

    DeadLetters(
            Producer<byte[], byte[]> producer,
            String topic,
            RefusalFormat format,
            Counter deadLettered,
            RecordRefusalsService refusals) {
        this.producer = producer;
        this.topic = topic;
        this.format = format;
        this.deadLettered = deadLettered;
        this.refusals = refusals;
    }

    /**
     * Sends every dead letter and waits for the broker's answer to each; {@code acknowledged} hears of
     * each one the broker has, so a retry of the batch need not send it twice, and those are kept for
     * the data-quality view. Throws if any failed.
     */
    void send(List<Refused> refused, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> acknowledged) {
        List<Future<?>> sent = new ArrayList<>();
        RuntimeException failed = null;
        try {
            for (Refused one : refused) {
                sent.add(producer.send(toDeadLetter(one.record(), one.reason())));
            }
        } catch (RuntimeException cannotSend) { // no metadata for the topic in time: the broker is gone
            failed = cannotSend;
        }
        List<Refused> written = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
                acknowledged.accept(refused.get(i).record());
                written.add(refused.get(i));
                deadLettered.increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing dead letters", e);
            } catch (ExecutionException e) {
                if (failed == null) {
                    failed = new IllegalStateException(
                            "could not write to the dead-letter topic " + topic + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
        if (!written.isEmpty()) {
            refusals.record(written.stream().map(DeadLetters::kept).toList());
        }
        if (failed != null) {
            throw failed;
        }
    }

    private ProducerRecord<byte[], byte[]> toDeadLetter(
            ConsumerRecord<byte[], byte[]> original, InvalidInputException reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, original.key(), original.value());
        for (Header header : original.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(ERROR_HEADER, format.operationOutcomeJson(reason).getBytes(StandardCharsets.UTF_8));
        letter.headers().add("umr-error-code", reason.code().code().getBytes(StandardCharsets.UTF_8));
        letter.headers()
                .add(
                        "umr-origin",
                        (original.topic() + "/" + original.partition() + "@" + original.offset())
                                .getBytes(StandardCharsets.UTF_8));
        return letter;
    }

    private static RecordRefusalsService.Refused kept(Refused one) {
        Header source = one.record().headers().lastHeader("umr-source");
        return new RecordRefusalsService.Refused(
                InboundMessage.Transport.KAFKA,
                source == null ? null : new String(source.value(), StandardCharsets.UTF_8),
                one.record().value(),
                one.reason(),
                -1,
                one.record().topic() + "/" + one.record().partition() + "@"
                        + one.record().offset());
    }

    /** A consumed message UMR refused, and why. */
    record Refused(ConsumerRecord<byte[], byte[]> record, InvalidInputException reason) {}
}
