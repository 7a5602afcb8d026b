package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import health.umr.dmd.Dmd;
import health.umr.domain.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A source's records are chained by comparing them pairwise when there are few ({@link RecordChains#SCAN_AT_MOST}),
 * through maps otherwise: on the generated feeds (GP Connect chains, EPS groups, references to requests not
 * sent), both ways give the same chains for every source.
 */
class ChainsByScanTest {

    private final Dmd dmd = TestDmd.get();

    @Property(tries = 300)
    void scanningAndMapsGiveTheSameChains(@ForAll("feeds") List<SourceRecord> feed) {
        List<ReadRecord> read = new ArrayList<>();
        for (SourceRecord record : feed) {
            read.add(ReadRecord.of(record, dmd));
        }
        read.sort((a, b) -> Contribution.KEY_ORDER.compare(a.key(), b.key()));
        int from = 0;
        for (int i = 1; i <= read.size(); i++) {
            if (i < read.size()
                    && read.get(i).key().sourceId().equals(read.get(from).key().sourceId())) {
                continue;
            }
            List<ReadRecord> ofSource = read.subList(from, i);
            assertEquals(RecordChains.of(ofSource, false), RecordChains.of(ofSource, true));
            from = i;
        }
    }

    @Provide
    Arbitrary<List<SourceRecord>> feeds() {
        return new ReconcilerPropertiesTest().feeds();
    }
}
