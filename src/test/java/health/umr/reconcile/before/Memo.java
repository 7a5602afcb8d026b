package health.umr.reconcile.before;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded memo of a pure function, shared by every reconciliation (and thread): the function's
 * answer for a key is worked out once and kept until the memo holds {@code limit} keys, when it is
 * emptied and starts again. Only for functions whose answer depends on the key alone and is
 * immutable, so a memo hit and a fresh call give equal answers; it changes speed, never results.
 */
final class Memo<K, V> {

    private final ConcurrentHashMap<K, V> values = new ConcurrentHashMap<>();
    private final int limit;

    Memo(int limit) {
        this.limit = limit;
    }

    /** The function's answer for the key: kept, or worked out (perhaps twice when threads race) and kept. */
    V get(K key, Function<? super K, ? extends V> function) {
        V value = values.get(key);
        if (value != null) {
            return value;
        }
        value = function.apply(key);
        if (values.size() >= limit) {
            values.clear();
        }
        values.put(key, value);
        return value;
    }
}
