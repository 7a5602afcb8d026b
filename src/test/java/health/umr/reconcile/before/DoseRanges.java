package health.umr.reconcile.before;

import health.umr.dmd.VmpDetail;
import health.umr.domain.Dosage;
import java.util.Optional;

/**
 * The dose ranges of dosages, each worked out once for all reconciliations. A source's statement,
 * plan and issues usually repeat one dosage, other sources often send it too, and a rebuild
 * reconciles every patient's unchanged dosages again; reading a dosage text ({@link DoseText#parse})
 * and working out its amounts was most of a reconciliation's cost. Both are pure functions of the
 * dosage (or its text) and the product's detail, so they are kept in bounded {@link Memo}s shared by
 * every thread: by the text alone for the reading, and by the dosage or text and the VMP id for the
 * range, where a kept range is used only for the very same detail (another dm+d release's detail of
 * that VMP, if it differs, works the range out again).
 */
final class DoseRanges {

    /** Distinct dosage texts and (dosage, VMP) pairs kept; a few thousand entries at most. */
    static final int LIMIT = 4096;

    private record Key(Object dosage, String vmp) {}

    /** A dose range and its text for people ({@link DoseRange#text()}), worked out together; or neither. */
    record Described(DoseRange range, String text) {

        static final Described NONE = new Described(null, null);

        static Described of(Optional<DoseRange> range) {
            return range.isEmpty()
                    ? NONE
                    : new Described(range.get(), range.get().text());
        }
    }

    /** A described range and the product detail it was worked out for. */
    private record Kept(VmpDetail product, Described range) {}

    private static final Memo<String, Optional<DoseText>> TEXTS = new Memo<>(LIMIT);
    private static final Memo<Key, Kept> FROM_TEXT = new Memo<>(LIMIT);
    private static final Memo<Key, Kept> STRUCTURED = new Memo<>(LIMIT);
    private static final Memo<String, Optional<String>> NORMALISED = new Memo<>(LIMIT);

    /**
     * Two ranges, compared by identity: the ranges kept above are shared by every reconciliation (and a kept
     * sum is itself kept), so a source's statement and plan giving the same dose add up to the same instance
     * each time, without hashing their amounts. A range worked out afresh is a new key (and the memo bounded).
     */
    private record Pair(DoseRange a, DoseRange b) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Pair pair && pair.a == a && pair.b == b;
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(a) + System.identityHashCode(b);
        }
    }

    private static final Memo<Pair, Described> SUMS = new Memo<>(LIMIT);

    /** As {@link DoseRange#structured}, with its text. */
    Described structured(Dosage dosage, VmpDetail product) {
        if (dosage == null || dosage.doseValue() == null) { // not structured: no range (DoseRange.structured)
            return Described.NONE;
        }
        Key key = key(dosage, product);
        Kept kept = STRUCTURED.get(key, k -> new Kept(product, Described.of(DoseRange.structured(dosage, product))));
        if (!sameProduct(kept.product(), product)) {
            return Described.of(DoseRange.structured(dosage, product));
        }
        return kept.range();
    }

    /** As {@link DoseRange#text} of {@link DoseText#parse} (the text read once whatever the product), with its text. */
    Described text(String text, VmpDetail product) {
        if (text == null) {
            return Described.NONE;
        }
        Key key = key(text, product);
        Kept kept = FROM_TEXT.get(key, k -> new Kept(product, Described.of(DoseRange.text(parse(text), product))));
        if (!sameProduct(kept.product(), product)) {
            return Described.of(DoseRange.text(parse(text), product));
        }
        return kept.range();
    }

    /** As {@link DoseRange#plus}, with the sum's text; {@link Described#NONE} when they do not add up. */
    static Described sum(DoseRange a, DoseRange b) {
        return SUMS.get(new Pair(a, b), pair -> Described.of(Optional.ofNullable(a.plus(b))));
    }

    /** As {@link DoseText#parse}, kept. */
    static Optional<DoseText> parse(String text) {
        return TEXTS.get(text, DoseText::parse);
    }

    /** As {@link DosageWording#normalised}, kept (a dosage text, else null). */
    static String normalised(String text) {
        return text == null
                ? null
                : NORMALISED
                        .get(text, t -> Optional.ofNullable(DosageWording.normalised(t)))
                        .orElse(null);
    }

    static boolean sameProduct(VmpDetail kept, VmpDetail product) {
        return kept == product || (kept != null && kept.equals(product));
    }

    private static Key key(Object dosage, VmpDetail product) {
        return new Key(dosage, product == null ? null : product.vmpId());
    }
}
