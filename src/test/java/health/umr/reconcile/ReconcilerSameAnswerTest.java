package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.dmd.Dmd;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The reconciler after the speed work of helper reconcile-v (2026-12-02) gives what it gave before
 * ({@link ReconcilerBefore}: the reconciler as it stood at b66242c, with the two other classes that work
 * changed, {@link DiscrepanciesBefore} and {@link RecordChainsBefore}, copied into test scope): equal records,
 * and equal text (every item, source, dose text and discrepancy wording), for generated feeds as the
 * properties generate them but with the golden test's many dosages, given as generated and again shuffled
 * with resends, small feeds and feeds large enough that a source's records are chained through maps rather
 * than pairwise.
 *
 * <p>A refactoring oracle: when the reconciler is next changed on purpose (its rules, its answers), delete
 * this test and the three {@code *Before} classes rather than editing the copies to match.
 */
class ReconcilerSameAnswerTest {

    private static final AtomicInteger WITH_DISCREPANCIES = new AtomicInteger();
    private static final AtomicInteger LARGE_SOURCES = new AtomicInteger();

    private final Reconciler now = new Reconciler();
    private final ReconcilerBefore before = new ReconcilerBefore();
    private final Dmd dmd = TestDmd.get();

    @Provide
    Arbitrary<List<SourceRecord>> feeds() {
        return sent().list().ofMinSize(1).ofMaxSize(24).map(this::feed);
    }

    @Provide
    Arbitrary<List<SourceRecord>> largeFeeds() {
        return sent().list().ofMinSize(20).ofMaxSize(70).map(this::feed);
    }

    private List<SourceRecord> feed(List<ReconcilerPropertiesTest.Sent> sent) {
        return ReconcilerPropertiesTest.newestPerKey(sent, ReconcileGoldenTest.DOSAGES);
    }

    private static Arbitrary<ReconcilerPropertiesTest.Sent> sent() {
        return Combinators.combine(
                        // the GP (source 0) often, so one source has many records
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(2, Arbitraries.just(0)),
                                net.jqwik.api.Tuple.of(
                                        3,
                                        Arbitraries.integers()
                                                .between(0, ReconcilerPropertiesTest.SOURCES.size() - 1))),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(5, 8)),
                                net.jqwik.api.Tuple.of(
                                        3,
                                        Arbitraries.integers()
                                                .between(0, ReconcilerPropertiesTest.MEDICINES.size() - 1))),
                        Arbitraries.integers().between(0, ReconcilerPropertiesTest.STATUSES.size() - 1),
                        Arbitraries.integers().between(0, ReconcileGoldenTest.DOSAGES.size() - 1),
                        Arbitraries.integers().between(0, 2500),
                        Arbitraries.integers().between(0, 3))
                .as(ReconcilerPropertiesTest.Sent::new);
    }

    @Property(tries = 600)
    void sameRecordAsBefore(@ForAll("feeds") List<SourceRecord> feed, @ForAll Random random) {
        compare(feed, random);
    }

    @Property(tries = 300)
    void sameRecordAsBeforeForLargeFeeds(@ForAll("largeFeeds") List<SourceRecord> feed, @ForAll Random random) {
        long gp = feed.stream()
                .filter(r -> r.key().sourceId().equals(Records.GP.id()))
                .count();
        if (gp > 16) {
            LARGE_SOURCES.incrementAndGet();
        }
        compare(feed, random);
    }

    private void compare(List<SourceRecord> feed, Random random) {
        // as generated, then shuffled with every third record sent twice
        List<SourceRecord> resent = new ArrayList<>(feed);
        for (int i = 0; i < feed.size(); i += 3) {
            resent.add(feed.get(i));
        }
        Collections.shuffle(resent, random);
        for (List<SourceRecord> input : List.of(feed, resent)) {
            UnifiedRecord expected = before.reconcile(Records.PATIENT, input, Records.SOURCES, dmd);
            UnifiedRecord actual = now.reconcile(Records.PATIENT, input, Records.SOURCES, dmd);
            assertEquals(expected, actual);
            assertEquals(expected.toString(), actual.toString());
            if (actual.allItems().stream()
                    .anyMatch(item -> !item.discrepancies().isEmpty())) {
                WITH_DISCREPANCIES.incrementAndGet();
            }
        }
    }

    @AfterContainer
    static void theFeedsReachedTheCasesThatCost() {
        // a comparison that never saw a discrepancy, or a source chained through maps, would prove little
        assertTrue(WITH_DISCREPANCIES.get() > 200, "records with discrepancies: " + WITH_DISCREPANCIES.get());
        assertTrue(LARGE_SOURCES.get() > 20, "feeds with over 16 GP records: " + LARGE_SOURCES.get());
    }
}
