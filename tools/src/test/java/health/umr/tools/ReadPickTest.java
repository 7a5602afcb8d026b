package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadPickTest {

    @Test
    void uniformPicksTheSamePatientsAsBefore() {
        ReadPick pick = new ReadPick(20_000, 0, 0.01);
        for (int i = 0; i < 1000; i++) {
            // the bench's read figures of record were drawn with this formula: it must not move
            assertEquals((int) Math.floorMod(Randomness.mix64(31 + i), 20_000L), pick.index(1, i));
        }
    }

    @Test
    void aHotShareGoesToAHotSetOfThatFraction_theSameWhateverTheRunsSeed() {
        ReadPick pick = new ReadPick(100_000, 0.8, 0.01);
        Set<Integer> hotSet = new HashSet<>();
        for (int j = 0; j < pick.hotPatients(); j++) {
            hotSet.add(pick.hot(j));
        }
        int reads = 200_000;
        for (long seed : new long[] {1, 2}) {
            int hot = 0;
            for (int i = 0; i < reads; i++) {
                if (hotSet.contains(pick.index(seed, i))) {
                    hot++;
                }
            }
            // 80% by design, plus the uniform 20% that land in the hot 1% by chance (0.2%)
            assertTrue(hot > 0.79 * reads && hot < 0.81 * reads, "hot reads " + hot + " with seed " + seed);
        }
        assertEquals(1000, pick.hotPatients());
        assertTrue(hotSet.size() > 990, "the hot set is about 1% of the patients: " + hotSet.size());
    }
}
