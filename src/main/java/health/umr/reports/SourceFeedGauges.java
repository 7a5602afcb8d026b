package health.umr.reports;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Per-source feed gauges on {@code /q/metrics}, so an operator can alert on a stale feed:
 * {@code umr_source_stale{source}} (1 when nothing has been accepted from it for longer than its
 * {@code staleAfter}) and {@code umr_source_last_message_age_seconds{source}} (NaN before its first
 * message). The list of sources and their last-message times is re-read every 30 seconds; the
 * values are worked out against the clock when scraped.
 */
@ApplicationScoped
public class SourceFeedGauges {

    private static final Logger LOG = Logger.getLogger(SourceFeedGauges.class);
    private static final long REFRESH_SECONDS = 30;

    private final SourceQualityService quality;
    private final MultiGauge stale;
    private final MultiGauge age;
    private ScheduledExecutorService refresher;

    public SourceFeedGauges(SourceQualityService quality, MeterRegistry registry) {
        this.quality = quality;
        this.stale = MultiGauge.builder("umr.source.stale")
                .description("1 when nothing has been accepted from the source for longer than its staleAfter")
                .register(registry);
        this.age = MultiGauge.builder("umr.source.last.message.age")
                .description("how long ago the source's last accepted message arrived")
                .baseUnit("seconds")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "umr-source-feed-gauges");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Re-reads the sources and their last messages now. */
    public void refresh() {
        List<SourceQualityService.Feed> feeds = quality.feeds();
        stale.register(
                feeds.stream()
                        .map(feed -> MultiGauge.Row.of(Tags.of("source", feed.source()), () -> isStale(feed)))
                        .toList(),
                true);
        age.register(
                feeds.stream()
                        .map(feed -> MultiGauge.Row.of(Tags.of("source", feed.source()), () -> ageSeconds(feed)))
                        .toList(),
                true);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("could not refresh the source feed gauges: %s", e.getMessage());
        }
    }

    private Number isStale(SourceQualityService.Feed feed) {
        return quality.isStale(feed, quality.now()) ? 1 : 0;
    }

    private Number ageSeconds(SourceQualityService.Feed feed) {
        Instant last = feed.lastMessageAt();
        return last == null ? Double.NaN : Duration.between(last, quality.now()).toMillis() / 1000.0;
    }
}
