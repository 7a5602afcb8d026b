package health.umr.records;

import health.umr.domain.AlertState;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import java.util.List;

/**
 * A patient's record as a reader sees it: the stored version, its alerts evaluated at the reader's
 * reference time (now, or the {@code _at} instant), and each alert's state (active or acknowledged,
 * with its acknowledgement history).
 *
 * @param version the stored version (number, when recorded, fingerprint)
 * @param record  the stored record with the alerts, ACB total and notes of this reading
 * @param alerts  the alerts with their states, in the record's order
 * @param at      the reference time of this reading
 */
public record RecordView(RecordVersion version, PatientRecord record, List<AlertState> alerts, ReferenceTime at) {

    public RecordView {
        alerts = List.copyOf(alerts);
    }
}
