package health.umr.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests: the real time, moved ahead by what a test asks for. Replaces the
 * default {@code Clock} bean for every {@code @QuarkusTest}; a test that moves it puts it back.
 */
@Singleton
public class TestClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    /** Runs {@code test} with the clock {@code by} ahead of the real time, then puts it back. */
    public void aheadBy(Duration by, Runnable test) {
        ahead = by;
        try {
            test.run();
        } finally {
            ahead = Duration.ZERO;
        }
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), ahead);
    }
}
