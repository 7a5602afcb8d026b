package health.umr.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What integration engineers watch on {@code /q/metrics}: resources taken by transport and result
 * ({@code umr_ingest_resources_total}) and unified-record versions written
 * ({@code umr_record_versions_total}).
 */
@ApplicationScoped
public class IngestMetrics {

    private final Map<InboundMessage.Transport, Map<EntryOutcome.Result, Counter>> resources =
            new EnumMap<>(InboundMessage.Transport.class);
    private final Counter versions;

    public IngestMetrics(MeterRegistry registry) {
        for (InboundMessage.Transport transport : InboundMessage.Transport.values()) {
            Map<EntryOutcome.Result, Counter> byResult = new EnumMap<>(EntryOutcome.Result.class);
            for (EntryOutcome.Result result : EntryOutcome.Result.values()) {
                byResult.put(
                        result,
                        Counter.builder("umr.ingest.resources")
                                .description("resources in accepted messages, by transport and what became of them")
                                .tag("transport", lower(transport.name()))
                                .tag("result", lower(result.name()))
                                .register(registry));
            }
            resources.put(transport, byResult);
        }
        versions = Counter.builder("umr.record.versions")
                .description("unified-record versions written")
                .register(registry);
    }

    void taken(InboundMessage.Transport transport, IngestOutcome outcome) {
        Map<EntryOutcome.Result, Counter> byResult = resources.get(transport);
        for (EntryOutcome entry : outcome.entries()) {
            byResult.get(entry.result()).increment();
        }
    }

    void versionWritten() {
        versions.increment();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
