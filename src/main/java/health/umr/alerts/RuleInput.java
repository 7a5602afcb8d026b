package health.umr.alerts;

import health.umr.domain.Admission;
import health.umr.domain.ItemSource;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.ReferenceTime;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every alert rule reads: the unified record, the admission, the patient's sex and birth date, the
 * reference time (never the clock), and, for a CDS Hooks check, the draft orders a prescriber is about
 * to sign (empty when a record is evaluated on its own). Drafts are read as orders written now by the
 * admitting organisation. Facts the rules derive from it (active items, each source's product, the
 * freshness cut-off) are worked out once per input: one input is read by one thread.
 */
public final class RuleInput {

    private final UnifiedRecord record;
    private final Admission admission;
    private final Optional<PatientFacts> facts;
    private final ReferenceTime at;
    private final List<DraftOrder> drafts;
    private final Instant confirmedSince;
    private List<UnifiedItem> activeItems;
    private final Map<ItemSource, Product> products = new IdentityHashMap<>();

    public RuleInput(
            UnifiedRecord record,
            Admission admission,
            Optional<PatientFacts> facts,
            ReferenceTime at,
            List<DraftOrder> drafts) {
        this.record = Objects.requireNonNull(record, "record");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.at = Objects.requireNonNull(at, "at");
        this.drafts = List.copyOf(drafts);
        this.confirmedSince = Freshness.cutoff(at);
    }

    public UnifiedRecord record() {
        return record;
    }

    public Admission admission() {
        return admission;
    }

    public Optional<PatientFacts> facts() {
        return facts;
    }

    public ReferenceTime at() {
        return at;
    }

    public List<DraftOrder> drafts() {
        return drafts;
    }

    public NhsNumber patient() {
        return record.nhsNumber();
    }

    /** The record's current items that are active. */
    public List<UnifiedItem> activeItems() {
        if (activeItems == null) {
            activeItems = record.activeItems();
        }
        return activeItems;
    }

    /** The product a source's contribution names. */
    Product product(ItemSource source) {
        return products.computeIfAbsent(source, Product::of);
    }

    /** True unless nothing in the source's records is within {@link Freshness#WINDOW} of the reference date. */
    boolean recentlyConfirmed(ItemSource source) {
        return source.lastConfirmed() == null || !source.lastConfirmed().isBefore(confirmedSince);
    }

    /** True unless the item is active only in sources not recently confirmed. */
    boolean recentlyConfirmed(UnifiedItem item) {
        boolean anyActive = false;
        for (ItemSource source : item.sources()) {
            if (source.isActive()) {
                anyActive = true;
                if (recentlyConfirmed(source)) {
                    return true;
                }
            }
        }
        return !anyActive;
    }

    /** The same input without drafts: the record as it stands. */
    public RuleInput withoutDrafts() {
        return drafts.isEmpty() ? this : new RuleInput(record, admission, facts, at, List.of());
    }
}
