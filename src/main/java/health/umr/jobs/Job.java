package health.umr.jobs;

import java.time.Instant;

/** An admin job as it stands: what was asked, where it is, how it ended (progress and result are JSON text). */
public record Job(
        long id,
        String kind,
        String state,
        boolean finished,
        String input,
        String instance,
        String progress,
        String result,
        String error,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt) {}
