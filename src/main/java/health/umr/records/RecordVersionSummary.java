package health.umr.records;

import java.time.Instant;
import java.util.List;

/** One version of a patient's unified record without its content: when it was recorded and which alerts it held. */
public record RecordVersionSummary(int version, Instant recordedAt, List<String> alertIds) {}
