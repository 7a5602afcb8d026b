package health.umr.kafka;

import health.umr.ops.Causes;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One consumer loop's circuit breaker: tells a message that is bad on its own (it fails while its
 * neighbours are taken: to the dead-letter topic) from a failure that is not the messages' fault (a
 * bug every message meets, a table gone, a grant revoked, the database unreachable), which must not
 * empty the stream into the dead-letter topic.
 *
 * <p>It opens when {@code threshold} messages in a row have each failed alone {@link
 * InboundConsumerLoop#ATTEMPTS_ALONE} times in the same way (the same exceptions, SQLSTATE and
 * throwing line), with none taken between them, or when the database is unreachable. While it is
 * open the loop sends no dead letters, commits nothing past the first message not taken, and keeps
 * its partitions paused (it still polls, so it stays in the group). After a delay (the retry
 * back-off, doubled at each failed probe up to a maximum) it probes: the partitions are resumed and
 * the messages taken again, once each; the first one taken closes it (the messages before it, which
 * failed alone again while a neighbour was taken, go to the dead-letter topic as any bad message
 * does), and {@code threshold + 1} failing in the same way, a poll ending with none taken, or the
 * database still unreachable open it again. Opening is logged at ERROR and closing at INFO, once
 * each; readiness names it (still UP: the instance takes
 * traffic) and {@code umr_kafka_consumption_paused} counts it meanwhile.
 *
 * <p>Used by its loop's thread only; what it reports is read from any thread.
 */
final class ConsumptionBreaker {

    private final String name;
    private final Logger log;
    private final int threshold;
    private final Duration firstDelay;
    private final Duration maxDelay;

    /** How the messages of the current run failed, and how many of them in a row. */
    private String streakOf;

    private int streak;
    private String lastFailure;

    private volatile String openBecause;
    private volatile Instant openSince;
    private Duration delay;
    private long probeAtNanos;
    private boolean probing;

    ConsumptionBreaker(String name, Logger log, int threshold, Duration firstDelay, Duration maxDelay) {
        if (threshold < 1) {
            throw new IllegalArgumentException("umr.kafka.breaker-threshold must be at least 1, not " + threshold);
        }
        this.name = name;
        this.log = log;
        this.threshold = threshold;
        this.firstDelay = firstDelay.isZero() || firstDelay.isNegative() ? Duration.ofMillis(100) : firstDelay;
        this.maxDelay = maxDelay.compareTo(this.firstDelay) < 0 ? this.firstDelay : maxDelay;
    }

    /**
     * A message failed alone (each of its attempts). Answers whether the breaker is open now: the
     * loop then stops taking messages, and neither dead-letters nor commits the ones that failed.
     */
    boolean failedAlone(Throwable failure, String described) {
        String signature = signature(failure);
        if (signature.equals(streakOf)) {
            streak++;
        } else {
            streakOf = signature;
            streak = 1;
        }
        lastFailure = described;
        int needed = probing ? threshold + 1 : threshold;
        if (streak < needed) {
            return false;
        }
        open(streak + " messages in a row failed alone in the same way, none taken between them: " + described);
        return true;
    }

    /** A probe's poll ended with none of its messages taken (too few to tell): open again. */
    void probeInconclusive() {
        open("no message taken while probing; the last failure: " + lastFailure);
    }

    /** The database is unreachable: no message can be taken, and none is to blame. */
    void databaseUnavailable(String described) {
        open("the database is unavailable: " + described);
    }

    /** A message was taken (stored, or refused by ingest as any message can be): the stream flows. */
    void taken() {
        streak = 0;
        streakOf = null;
        if (openBecause != null) {
            log.infof(
                    "%s: consumption resumed after %d s: a message was taken again",
                    name, Duration.between(openSince, Instant.now()).toSeconds());
            openBecause = null;
            openSince = null;
            probing = false;
            delay = null;
        }
    }

    /** Whether the loop is not to take messages now (open, not probing). */
    boolean holding() {
        return openBecause != null && !probing;
    }

    boolean probing() {
        return probing;
    }

    /** Whether the delay is over: the loop resumes its partitions and probes. */
    boolean dueToProbe() {
        return holding() && System.nanoTime() - probeAtNanos >= 0;
    }

    void probe() {
        probing = true;
        streak = 0;
        streakOf = null;
        log.debugf("%s: probing whether inbound messages can be taken again", name);
    }

    /** Why consumption is paused, for readiness, or empty while it flows. */
    Optional<String> pausedBecause() {
        String because = openBecause;
        Instant since = openSince;
        return because == null
                ? Optional.empty()
                : Optional.of("consumption paused since " + since + " (" + because
                        + "); nothing is dead-lettered or committed meanwhile, and it resumes by itself"
                        + " when a message is taken again");
    }

    private void open(String because) {
        if (openBecause == null) {
            delay = firstDelay;
            openSince = Instant.now();
            openBecause = because;
            log.errorf(
                    "%s: consumption paused: %s. Nothing is sent to the dead-letter topic or committed while"
                            + " paused; probing again in %s (the wait doubles up to %s), and resuming by itself"
                            + " once a message is taken",
                    name, because, delay, maxDelay);
        } else {
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
            openBecause = because;
            log.debugf("%s: still paused (%s); probing again in %s", name, because, delay);
        }
        probing = false;
        streak = 0;
        streakOf = null;
        probeAtNanos = System.nanoTime() + delay.toNanos();
    }

    /**
     * How a failure happened, to tell one cause met again and again from different ones: the class of
     * each exception in its chain, the SQLSTATE of any SQL one, and where the innermost was thrown. Not
     * the messages, which often name the data.
     */
    static String signature(Throwable failure) {
        StringBuilder signature = new StringBuilder();
        Throwable innermost = failure;
        for (Throwable cause : Causes.chain(failure)) {
            signature.append(cause.getClass().getName());
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                signature.append('[').append(sql.getSQLState()).append(']');
            }
            signature.append(" < ");
            innermost = cause;
        }
        StackTraceElement[] at = innermost.getStackTrace();
        if (at.length > 0) {
            signature.append(at[0]);
        }
        return signature.toString();
    }
}
