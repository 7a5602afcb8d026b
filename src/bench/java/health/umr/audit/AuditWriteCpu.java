package health.umr.audit;

import health.umr.bench.ThreadCpuRunner;
import java.time.Instant;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * What the audit costs a read on the request's thread, before and after issue 14's change, timed by
 * the CPU time of the thread that runs it: the stored JSON (Jackson tree + Instant.toString, against
 * the StringBuilder writer) and the event id (UUID.randomUUID against AuditIds). Prints µs of CPU and
 * bytes allocated per operation, per round (the first rounds are warm-up). Run: {@code java -cp <test
 * classpath> health.umr.audit.AuditWriteCpu [rounds] [times]} (bench/README.md).
 */
public final class AuditWriteCpu {

    private AuditWriteCpu() {}

    public static void main(String[] args) {
        AuditRecord read = new AuditRecord(
                Instant.now(),
                'R',
                "read",
                "GET /api/patients/9449306680/medications",
                null,
                "9449306680",
                "bench-client",
                "user-1",
                "127.0.0.1",
                200,
                null);
        String[] names = {"json tree (before)", "json builder (after)", "UUID.randomUUID", "AuditIds.next"};
        LongSupplier[] operations = {
            () -> AuditRecordTreeJson.write(read).length(),
            () -> AuditRecordJson.write(read).length(),
            () -> UUID.randomUUID().getLeastSignificantBits(),
            () -> AuditIds.next().getLeastSignificantBits()
        };
        ThreadCpuRunner.run("operation", names, operations, args, 6, 100_000);
    }
}
