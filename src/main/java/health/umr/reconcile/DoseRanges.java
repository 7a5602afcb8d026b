package health.umr.reconcile;

import health.umr.dmd.VmpDetail;
import health.umr.domain.Dosage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dose ranges of one reconciliation, each worked out once. A source's statement, plan and
 * issues usually repeat one dosage, and other sources often send it too; reading a dosage text
 * ({@link DoseText#parse}) and working out its amounts was most of a reconciliation's cost. One
 * per reconciliation, never shared: it is not thread-safe, and it keeps nothing beyond the call.
 * (Within one reconciliation there is one dm+d release, so a VMP's id stands for its detail.)
 */
final class DoseRanges {

    private record Key(Object dosage, String vmp) {}

    private final Map<String, Optional<DoseText>> texts = new HashMap<>();
    private final Map<Key, Optional<DoseRange>> fromText = new HashMap<>();
    private final Map<Key, Optional<DoseRange>> structured = new HashMap<>();

    /** As {@link DoseRange#structured}. */
    Optional<DoseRange> structured(Dosage dosage, VmpDetail product) {
        if (dosage == null) {
            return Optional.empty();
        }
        return structured.computeIfAbsent(key(dosage, product), k -> DoseRange.structured(dosage, product));
    }

    /** As {@link DoseRange#text}, the text read once whatever the product. */
    Optional<DoseRange> text(String text, VmpDetail product) {
        if (text == null) {
            return Optional.empty();
        }
        return fromText.computeIfAbsent(
                key(text, product), k -> DoseRange.text(texts.computeIfAbsent(text, DoseText::parse), product));
    }

    private static Key key(Object dosage, VmpDetail product) {
        return new Key(dosage, product == null ? null : product.vmpId());
    }
}
