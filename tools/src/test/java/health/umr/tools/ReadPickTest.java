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
    void aWarmUpSeededApart_readsOtherPatientsThanTheRun_barChance() {
        int patients = 1_000_000;
        ReadPick pick = new ReadPick(patients, 0, 0.01);
        for (long seed : new long[] {1, 7, 11}) {
            Set<Integer> warmUp = new HashSet<>();
            for (int i = 0; i < 20_000; i++) {
                warmUp.add(pick.index(ReadPick.apart(seed), i));
            }
            int again = 0;
            int reads = 25_000;
            for (int i = 0; i < reads; i++) {
                if (warmUp.contains(pick.index(seed, i))) {
                    again++;
                }
            }
            // by chance 25,000 x 20,000 / 1M = 500 (2%); seed + 1 as the warm-up's seed gave over 75%
            assertTrue(again < 0.03 * reads, again + " of the run's reads were the warm-up's patients, seed " + seed);
        }
    }

    @Test
    void nearbySeeds_areShiftedCopiesOfOneSequence_henceApart() {
        ReadPick pick = new ReadPick(1_000_000, 0, 0.01);
        // what bench/run.sh and the read step did before: warm-up seeds 7 and 2, measured seed 1
        assertEquals(pick.index(1, 31), pick.index(2, 0));
        assertEquals(pick.index(1, 186), pick.index(7, 0));
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
