package health.umr.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one walk down a failure's chain of causes, for every place that looks into one (what kind of
 * outage, a retryable conflict, what to log, what to mask). It ends at the innermost cause, at a
 * cause met before (a self-cause or a cycle, which {@link Throwable#initCause} does not prevent
 * beyond one step), or after {@link #MAX_DEPTH} steps, whichever comes first.
 */
public final class Causes {

    /**
     * Most {@code getCause()} steps a walk takes: the failure is at depth 0, so a chain holds at most
     * {@code MAX_DEPTH + 1} throwables.
     */
    public static final int MAX_DEPTH = 32;

    private Causes() {}

    /** The failure, its cause, that cause's cause, and so on; each at most once; empty for null. */
    public static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>(4);
        for (Throwable cause = failure;
                cause != null && chain.size() <= MAX_DEPTH && !met(chain, cause);
                cause = cause.getCause()) {
            chain.add(cause);
        }
        return Collections.unmodifiableList(chain);
    }

    /** The last throwable of {@link #chain}: the failure itself when it has no cause. */
    public static Throwable innermost(Throwable failure) {
        List<Throwable> chain = chain(Objects.requireNonNull(failure, "failure"));
        return chain.get(chain.size() - 1);
    }

    /** The outermost throwable of the {@link #chain} that is a {@code type}. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable cause : chain(failure)) {
            if (type.isInstance(cause)) {
                return Optional.of(type.cast(cause));
            }
        }
        return Optional.empty();
    }

    /** Whether the walk stopped at {@link #MAX_DEPTH} with more causes unread beyond its last. */
    public static boolean cutShort(List<Throwable> chain) {
        if (chain.size() <= MAX_DEPTH) {
            return false;
        }
        Throwable next = chain.get(chain.size() - 1).getCause();
        return next != null && !met(chain, next);
    }

    private static boolean met(List<Throwable> chain, Throwable cause) {
        for (Throwable earlier : chain) {
            if (earlier == cause) {
                return true;
            }
        }
        return false;
    }
}
