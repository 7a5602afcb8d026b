package health.umr.records;

import health.umr.domain.PatientRecord;
import java.time.Instant;

/** One version of a patient's unified record, as readers see it. */
public record RecordVersion(int version, Instant recordedAt, String fingerprint, PatientRecord record) {}
