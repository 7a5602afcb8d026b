package health.umr.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one walk down a failure's chain of causes, for every place that looks into one (what kind of
 * outage, a retryable conflict, what to log, what to mask). It ends at the innermost cause, at a
 * cause met before (a self-cause or a cycle, which {@link Throwable#initCause} does not prevent
 * beyond one step), or after {@link #MAX_DEPTH} steps, whichever comes first. {@link #tree} is the
 * same walk taken into the exceptions each link suppressed, for what must see all a log line prints.
 */
public final class Causes {

    /**
     * Most {@code getCause()} steps a walk takes: the failure is at depth 0, so a chain holds at most
     * {@code MAX_DEPTH + 1} throwables.
     */
    public static final int MAX_DEPTH = 32;

    /** Most throwables a {@link #tree} holds, in all its chains together. */
    public static final int MAX_THROWABLES = 256;

    private Causes() {}

    /** The failure, its cause, that cause's cause, and so on; each at most once; empty for null. */
    public static List<Throwable> chain(Throwable failure) {
        return Collections.unmodifiableList(walk(failure, identitySet(), MAX_DEPTH + 1));
    }

    /**
     * The failure as {@link Throwable#printStackTrace()} shows it: its {@link #chain}, and under each
     * link the trees of the exceptions that link suppressed (a failed {@code close()} in a
     * try-with-resources, say), and so on down. Each throwable stands once in the whole tree: one met
     * again (a cycle through causes or suppressed exceptions, or one shared by two links) is left out
     * where it is met again. Each chain is cut as {@link #chain} cuts it, and the tree at {@link
     * #MAX_THROWABLES}; {@link Tree#cutShort()} says whether anything was left unread.
     */
    public static Tree tree(Throwable failure) {
        return tree(Objects.requireNonNull(failure, "failure"), identitySet());
    }

    /** One chain of a {@link #tree}; {@code cutShort}: some throwable reachable from it was not read. */
    public record Tree(List<Link> chain, boolean cutShort) {

        /** Every throwable in the tree, each link before the trees of what it suppressed. */
        public List<Throwable> throwables() {
            List<Throwable> all = new ArrayList<>(chain.size());
            for (Link link : chain) {
                all.add(link.thrown());
                for (Tree suppressed : link.suppressed()) {
                    all.addAll(suppressed.throwables());
                }
            }
            return all;
        }
    }

    /** A link of a {@link Tree}'s chain and the trees of the exceptions it suppressed (none met before). */
    public record Link(Throwable thrown, List<Tree> suppressed) {}

    private static Tree tree(Throwable failure, Set<Throwable> met) {
        // the causes first, then what each link suppressed: a throwable reachable both ways stays in the chain
        List<Throwable> chain = walk(failure, met, Math.min(MAX_DEPTH + 1, MAX_THROWABLES - met.size()));
        Throwable next = chain.isEmpty() ? failure : chain.get(chain.size() - 1).getCause();
        boolean cutShort = next != null && !met.contains(next);
        List<Link> links = new ArrayList<>(chain.size());
        for (Throwable thrown : chain) {
            List<Tree> suppressed = new ArrayList<>(0);
            for (Throwable hidden : thrown.getSuppressed()) {
                if (met.contains(hidden)) {
                    continue;
                }
                if (met.size() >= MAX_THROWABLES) {
                    cutShort = true;
                    continue;
                }
                Tree under = tree(hidden, met);
                suppressed.add(under);
                cutShort |= under.cutShort();
            }
            links.add(new Link(thrown, List.copyOf(suppressed)));
        }
        return new Tree(List.copyOf(links), cutShort);
    }

    /** Down the causes from {@code failure}, adding each to {@code met}, to null, one met before, or {@code most} of them. */
    private static List<Throwable> walk(Throwable failure, Set<Throwable> met, int most) {
        List<Throwable> chain = new ArrayList<>(4);
        for (Throwable cause = failure;
                cause != null && chain.size() < most && met.add(cause);
                cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    private static Set<Throwable> identitySet() {
        // by identity: a Throwable subclass may override equals, and a cycle is the same object met again
        return Collections.newSetFromMap(new IdentityHashMap<>());
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
