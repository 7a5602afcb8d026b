package health.umr.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One dependency's availability as this instance sees it, logged once when it goes and once when it
 * comes back: one line per outage, however many requests or threads meet it meanwhile.
 */
public final class Outage {

    private final String what;
    private final Logger log;
    private Instant since;
    private String reason;

    public Outage(String what, Logger log) {
        this.what = what;
        this.log = log;
    }

    /** Marks it unavailable; logs the first time only. Answers whether this call began the outage. */
    public synchronized boolean down(String why) {
        reason = why;
        if (since != null) {
            return false;
        }
        since = Instant.now();
        log.warnf("%s unavailable: %s", what, why);
        return true;
    }

    /** Marks it available; logs once, with how long it was gone. Answers whether an outage ended. */
    public synchronized boolean up() {
        if (since == null) {
            return false;
        }
        log.infof(
                "%s available again after %d s",
                what, Duration.between(since, Instant.now()).toSeconds());
        since = null;
        reason = null;
        return true;
    }

    public synchronized boolean isDown() {
        return since != null;
    }

    public synchronized Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    /** Why it is down (the latest failure), or empty. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}
