package health.umr.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.Source;
import health.umr.sources.SourceRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Inbound topics bound to one source ({@code umr.kafka.topic-sources=umr.inbound.bth=acute-bth}):
 * every message on such a topic is that source's. One that claims another source (its
 * {@code umr-source} header, or the {@code meta.source} of a resource in it) goes to the
 * dead-letter topic. Who may produce to the topic is the broker's ACLs' business.
 */
final class TopicBindings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> sourceByTopic;
    private final SourceRegistry sources;

    TopicBindings(List<String> bindings, SourceRegistry sources) {
        this.sources = sources;
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String binding : bindings) {
            int equals = binding.indexOf('=');
            if (equals <= 0 || equals == binding.length() - 1) {
                throw new IllegalArgumentException(
                        "umr.kafka.topic-sources takes topic=source pairs, not '" + binding + "'");
            }
            parsed.put(
                    binding.substring(0, equals).trim(),
                    binding.substring(equals + 1).trim());
        }
        this.sourceByTopic = Map.copyOf(parsed);
    }

    List<String> topics() {
        return List.copyOf(sourceByTopic.keySet());
    }

    /** The source the record's topic is bound to, if it is bound. */
    Optional<String> sourceOf(String topic) {
        return Optional.ofNullable(sourceByTopic.get(topic));
    }

    /** Why this record may not be taken from its bound topic, or null when it may (or the topic is unbound). */
    InvalidInputException refusal(ConsumerRecord<byte[], byte[]> record) {
        String bound = sourceByTopic.get(record.topic());
        if (bound == null) {
            return null;
        }
        Header header = record.headers().lastHeader(InboundConsumerLoop.SOURCE_HEADER);
        if (header != null && header.value() != null) {
            String claimed = new String(header.value(), StandardCharsets.UTF_8);
            if (!claimed.equals(bound)) {
                return refused(record.topic(), bound, "its umr-source header names '" + claimed + "'");
            }
        }
        Optional<Source> source = sources.findById(bound);
        if (source.isEmpty() || record.value() == null) {
            return null; // the reader refuses an unknown source or an empty body, with its own reason
        }
        try {
            String other =
                    otherSystem(JSON.readTree(record.value()), source.get().system());
            return other == null ? null : refused(record.topic(), bound, "it carries meta.source " + other);
        } catch (IOException unreadable) {
            return null; // not JSON: the reader refuses it with the parse error
        }
    }

    /** The first meta.source in the message (resources, Bundle entries, contained) that is not this system. */
    private static String otherSystem(JsonNode node, String system) {
        if (node == null || !node.isContainerNode()) {
            return null;
        }
        JsonNode metaSource = node.path("meta").path("source");
        if (metaSource.isTextual() && !Source.stripFragment(metaSource.asText()).equals(system)) {
            return metaSource.asText();
        }
        for (JsonNode child : node) {
            String other = otherSystem(child, system);
            if (other != null) {
                return other;
            }
        }
        return null;
    }

    private static InvalidInputException refused(String topic, String bound, String why) {
        return new InvalidInputException(
                ErrorCode.FORBIDDEN,
                "topic " + topic + " is bound to source '" + bound + "', but " + why
                        + ": a message on it may speak only for that source");
    }
}
