package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReadTailTest {

    @Test
    void eachLatencySplitsIntoTheGeneratorsWaitAndTheRoundTrip_andTheSlowestOnePercentIsKeptWithItsWindow() {
        int total = 200;
        long[] latencies = new long[total];
        long[] waits = new long[total];
        for (int i = 0; i < total; i++) {
            latencies[i] = 1_000_000L; // 1 ms, all of it the round trip
        }
        latencies[50] = 40_000_000L; // 40 ms, 30 of them waiting for a connection
        waits[50] = 30_000_000L;
        latencies[120] = 20_000_000L; // 20 ms on the wire and in the server
        ReadLoad.Tail tail = ReadLoad.tail(latencies, waits, total, 10_000L, 1_000_000L);

        // p99 of 200 is the second slowest: both slow requests are the slowest 1%
        assertEquals(2, tail.slowCount());
        assertEquals(30.0, tail.slowMeanMs(), 0.01);
        assertEquals(15.0, tail.slowMeanClientWaitMs(), 0.01);
        assertArrayEquals(new long[] {10_050L, 10_090L}, tail.slowWindows().get(0));
        assertArrayEquals(new long[] {10_120L, 10_140L}, tail.slowWindows().get(1));
        assertEquals(30.0, tail.clientWait().maxMillis(), 0.1);
        assertEquals(20.0, tail.roundTrip().maxMillis(), 0.1);
        assertEquals(1.0, tail.roundTrip().percentileMillis(50), 0.01);
    }
}
