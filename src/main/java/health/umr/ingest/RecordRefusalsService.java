package health.umr.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.domain.InvalidInputException;
import health.umr.domain.Source;
import health.umr.sources.SourceRegistry;
import health.umr.store.SourceQualityRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Keeps every refusal (a REST request answered 4xx, an entry a batch left out, a Kafka dead
 * letter) with its code and the source the message named, for the data-quality view's "refused
 * in the last 24 hours". The source is the one named outside the body ({@code ?source=}, the
 * {@code umr-source} header), else the registered source whose system is the JSON body's
 * {@code meta.source} (a Bundle's, else its entry's). Keeping one never fails the answer.
 */
@ApplicationScoped
public class RecordRefusalsService {

    private static final Logger LOG = Logger.getLogger(RecordRefusalsService.class);

    /**
     * One refusal.
     *
     * @param entry  the Bundle entry refused, or -1 when the whole message was
     * @param origin where a Kafka message came from (topic/partition@offset), else null
     */
    public record Refused(
            InboundMessage.Transport transport,
            String sourceHint,
            byte[] body,
            InvalidInputException reason,
            int entry,
            String origin) {}

    private final SourceQualityRepository repository;
    private final SourceRegistry sources;
    private final ObjectMapper json;

    public RecordRefusalsService(SourceQualityRepository repository, SourceRegistry sources, ObjectMapper json) {
        this.repository = repository;
        this.sources = sources;
        this.json = json;
    }

    /** A message refused whole. */
    public void refused(InboundMessage message, InvalidInputException reason) {
        record(List.of(new Refused(message.transport(), message.sourceHint(), message.body(), reason, -1, null)));
    }

    /** The entries a message that was taken left out. */
    public void refusedEntries(InboundMessage message, IngestOutcome outcome) {
        List<Refused> refused = new ArrayList<>();
        for (EntryOutcome entry : outcome.refused()) {
            refused.add(new Refused(
                    message.transport(), message.sourceHint(), message.body(), entry.refusal(), entry.index(), null));
        }
        if (!refused.isEmpty()) {
            record(refused);
        }
    }

    public void record(List<Refused> refused) {
        Instant now = Instant.now();
        try {
            List<SourceQualityRepository.Refusal> rows = new ArrayList<>();
            for (Refused one : refused) {
                rows.add(new SourceQualityRepository.Refusal(
                        now,
                        sourceOf(one),
                        one.transport().name().toLowerCase(Locale.ROOT),
                        one.entry() < 0 ? "message" : "entry",
                        one.reason().code().code(),
                        one.origin()));
            }
            QuarkusTransaction.requiringNew().run(() -> repository.record(rows));
        } catch (RuntimeException e) {
            LOG.warnf("could not keep %d refusal(s) for the data-quality view: %s", refused.size(), e.getMessage());
        }
    }

    private String sourceOf(Refused refused) {
        if (refused.sourceHint() != null && !refused.sourceHint().isBlank()) {
            return refused.sourceHint();
        }
        String metaSource = metaSourceOf(refused.body(), refused.entry());
        return metaSource == null
                ? null
                : sources.findBySystem(metaSource).map(Source::id).orElse(null);
    }

    /** The entry's meta.source, else the resource's (or Bundle's), else the first entry's; null if none or not JSON. */
    private String metaSourceOf(byte[] body, int entry) {
        if (body == null || body.length == 0 || firstNonSpace(body) != '{') {
            return null;
        }
        JsonNode resource;
        try {
            resource = json.readTree(body);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
        JsonNode entries = resource.path("entry");
        if (entry >= 0 && entry < entries.size()) {
            String own = text(entries.get(entry).path("resource"));
            if (own != null) {
                return own;
            }
        }
        String top = text(resource);
        if (top != null) {
            return top;
        }
        for (JsonNode each : entries) {
            String found = text(each.path("resource"));
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String text(JsonNode resource) {
        JsonNode source = resource.path("meta").path("source");
        return source.isTextual() && !source.asText().isBlank() ? source.asText() : null;
    }

    private static int firstNonSpace(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }
}
