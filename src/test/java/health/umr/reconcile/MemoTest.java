package health.umr.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTest {

    @Test
    void aKeptAnswerIsTheFunctionsAndTheMemoStartsAgainWhenFull() {
        AtomicInteger calls = new AtomicInteger();
        Memo<Integer, String> memo = new Memo<>(3);
        for (int round = 0; round < 3; round++) {
            for (int key = 0; key < 5; key++) {
                assertEquals("n" + key, memo.get(key, k -> {
                    calls.incrementAndGet();
                    return "n" + k;
                }));
            }
        }
        // five keys through a memo of three: emptied every third new key, so some are worked out again
        assertEquals(true, calls.get() > 5 && calls.get() <= 15);
        calls.set(0);
        Memo<Integer, String> roomy = new Memo<>(10);
        for (int round = 0; round < 3; round++) {
            for (int key = 0; key < 5; key++) {
                roomy.get(key, k -> {
                    calls.incrementAndGet();
                    return "n" + k;
                });
            }
        }
        assertEquals(5, calls.get());
    }
}
