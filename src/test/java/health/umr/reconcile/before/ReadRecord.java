package health.umr.reconcile.before;

import health.umr.dmd.Dmd;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.SourceRecord;
import java.time.Instant;

/**
 * One source record as one reconciliation reads it: its dates read once ({@link ClinicalDates#parse}: the
 * newest date, chaining, contributions and the item's sources each needed them, about eight readings a
 * record), its medicine resolved in dm+d once, and its role in a chain ranked once.
 *
 * @param asserted the dateAsserted, or null
 * @param start    the effective start (authoredOn), or null
 * @param end      the effective end, or null
 * @param medicine the record's medicine in dm+d ({@link ResolvedMedicine#resolve}), or null
 * @param role     which record speaks for a chain, smallest first: statement, plan, original order, order,
 *                 instance order, other
 */
record ReadRecord(
        SourceRecord record, Instant asserted, Instant start, Instant end, ResolvedMedicine medicine, int role) {

    static ReadRecord of(SourceRecord record, Dmd dmd) {
        return new ReadRecord(
                record,
                ClinicalDates.parse(record.dateAsserted()),
                ClinicalDates.parse(record.effectiveStart()),
                ClinicalDates.parse(record.effectiveEnd()),
                ResolvedMedicine.resolveOrNull(record.medication(), dmd),
                roleRank(record));
    }

    RecordKey key() {
        return record.key();
    }

    Instant lastUpdated() {
        return record.version().lastUpdated();
    }

    /** The dateAsserted, else the effective start (authoredOn); null when neither is a date. */
    Instant assertedAt() {
        return asserted != null ? asserted : start;
    }

    /** The effective end, else dateAsserted, else effective start, else lastUpdated. */
    Instant endedAt() {
        if (end != null) {
            return end;
        }
        Instant at = assertedAt();
        return at != null ? at : lastUpdated();
    }

    /** The newest of lastUpdated, dateAsserted and effective start (authoredOn); null when none is known. */
    Instant newestDate() {
        return ClinicalDates.later(ClinicalDates.later(lastUpdated(), asserted), start);
    }

    private static int roleRank(SourceRecord record) {
        if (record.key().kind() == RecordKind.MEDICATION_STATEMENT) {
            return 0;
        }
        String intent = record.intent() == null ? "" : record.intent();
        return switch (intent) {
            case "plan" -> 1;
            case "original-order" -> 2;
            case "order" -> 3;
            case "instance-order" -> 4;
            default -> 5;
        };
    }
}
