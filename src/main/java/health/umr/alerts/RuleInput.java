package health.umr.alerts;

import health.umr.domain.Admission;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.ReferenceTime;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every alert rule reads: the unified record, the admission, the patient's sex and birth date, the
 * reference time (never the clock), and, for a CDS Hooks check, the draft orders a prescriber is about
 * to sign (empty when a record is evaluated on its own). Drafts are read as orders written now by the
 * admitting organisation.
 */
public record RuleInput(
        UnifiedRecord record,
        Admission admission,
        Optional<PatientFacts> facts,
        ReferenceTime at,
        List<DraftOrder> drafts) {

    public RuleInput {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(at, "at");
        drafts = List.copyOf(drafts);
    }

    public NhsNumber patient() {
        return record.nhsNumber();
    }

    /** The record's current items that are active. */
    public List<UnifiedItem> activeItems() {
        return record.activeItems();
    }

    /** The same input without drafts: the record as it stands. */
    public RuleInput withoutDrafts() {
        return drafts.isEmpty() ? this : new RuleInput(record, admission, facts, at, List.of());
    }
}
