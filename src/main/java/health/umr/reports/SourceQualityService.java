package health.umr.reports;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
import health.umr.domain.Source;
import health.umr.store.SourceQualityRepository;
import health.umr.store.SourceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A source's data quality (CONTRACT.md "Reports and data quality"): what it holds, the share of
 * its medicines that are unmapped, have no structured dose or are text only, what was refused from
 * it in the last 24 hours by error code, and whether its feed is stale.
 */
@ApplicationScoped
public class SourceQualityService {

    static final Duration REFUSALS_WINDOW = Duration.ofHours(24);

    /**
     * @param medicines the medicines it lists (a chain of linked records counts once): what the shares are of
     * @param stale     nothing accepted from it for longer than {@code staleAfter} (or, if nothing
     *                  ever was, since it was registered)
     */
    public record SourceQuality(
            String source,
            long records,
            long medicines,
            long unmapped,
            double unmappedShare,
            long noStructuredDose,
            double noStructuredDoseShare,
            long textOnly,
            double textOnlyShare,
            long refusedLast24Hours,
            Map<String, Long> refusedByCode,
            Instant lastRefusedAt,
            Instant lastMessageAt,
            String staleAfter,
            boolean stale) {}

    /** One source's feed: what the staleness gauges show. */
    public record Feed(String source, Instant lastMessageAt, Instant registeredAt, Duration staleAfter) {}

    private final SourceQualityRepository quality;
    private final SourceRepository sources;
    private final Clock clock;

    public SourceQualityService(SourceQualityRepository quality, SourceRepository sources, Clock clock) {
        this.quality = quality;
        this.sources = sources;
        this.clock = clock;
    }

    @Transactional
    public SourceQuality quality(String sourceId) {
        Source source = sources.findById(sourceId).orElseThrow(() -> notFound(sourceId));
        Instant now = clock.instant();
        var found = quality.find(sourceId, now.minus(REFUSALS_WINDOW)).orElseThrow(() -> notFound(sourceId));
        return new SourceQuality(
                sourceId,
                found.records(),
                found.medicines(),
                found.unmapped(),
                share(found.unmapped(), found.medicines()),
                found.noStructuredDose(),
                share(found.noStructuredDose(), found.medicines()),
                found.textOnly(),
                share(found.textOnly(), found.medicines()),
                found.refusedByCode().values().stream()
                        .mapToLong(Long::longValue)
                        .sum(),
                found.refusedByCode(),
                found.lastRefusedAt(),
                found.lastMessageAt(),
                source.staleAfter() == null ? Source.DEFAULT_STALE_AFTER : source.staleAfter(),
                stale(found.lastMessageAt(), found.registeredAt(), source.staleAfterDuration(), now));
    }

    /** Every registered source's feed. */
    public List<Feed> feeds() {
        return quality.feeds().stream()
                .map(f -> new Feed(
                        f.sourceId(),
                        f.lastMessageAt(),
                        f.registeredAt(),
                        Source.staleAfterDuration(f.sourceId(), f.staleAfter())))
                .toList();
    }

    public boolean isStale(Feed feed, Instant now) {
        return stale(feed.lastMessageAt(), feed.registeredAt(), feed.staleAfter(), now);
    }

    /** The clock's now, for "how long ago". */
    public Instant now() {
        return clock.instant();
    }

    static boolean stale(Instant lastMessageAt, Instant registeredAt, Duration staleAfter, Instant now) {
        Instant since = lastMessageAt != null ? lastMessageAt : registeredAt;
        return since != null && Duration.between(since, now).compareTo(staleAfter) > 0;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }

    private static InvalidInputException notFound(String sourceId) {
        return new InvalidInputException(
                ErrorCode.NOT_FOUND, "no source is registered with id '" + sourceId + "'; GET /api/sources lists them");
    }
}
