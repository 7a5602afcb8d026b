package health.umr.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Audit event ids are random version 4 UUIDs, none repeated across threads. */
class AuditIdsTest {

    @Test
    void versionFourAndUniqueAcrossThreads() throws Exception {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            Future<?>[] work = new Future<?>[4];
            for (int t = 0; t < work.length; t++) {
                work[t] = threads.submit(() -> {
                    for (int i = 0; i < 25_000; i++) {
                        UUID id = AuditIds.next();
                        assertEquals(4, id.version(), id.toString());
                        assertEquals(2, id.variant(), id.toString());
                        ids.add(id);
                    }
                });
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(100_000, ids.size(), "no id repeated");
        int[] ones = new int[128];
        for (UUID id : ids) {
            for (int bit = 0; bit < 64; bit++) {
                ones[bit] += (int) (id.getMostSignificantBits() >>> bit & 1);
                ones[64 + bit] += (int) (id.getLeastSignificantBits() >>> bit & 1);
            }
        }
        for (int bit = 0; bit < 128; bit++) {
            boolean fixed = (bit >= 12 && bit < 16) || bit >= 126; // the version and variant bits
            if (!fixed) { // each of the 122 random bits set about half the time (100,000 ids: 0.16% is one sigma)
                assertEquals(0.5, ones[bit] / 100_000.0, 0.05, "bit " + bit);
            }
        }
    }
}
