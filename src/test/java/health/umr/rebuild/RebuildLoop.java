package health.umr.rebuild;

import health.umr.support.TestTokens;
import health.umr.tools.Formulary;
import health.umr.tools.PopulationGenerator;
import health.umr.tools.Replay;
import health.umr.tools.ReplayCommand;
import health.umr.tools.ServiceToken;
import health.umr.tools.SyntheticSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test (no assertion, not in the suite): the rebuild alone, in process, for profiling and
 * for before/after figures. A generated population is sent to the service, then the rebuild runs
 * {@code rebuildloop.rounds} times; each round prints records/s (wall) and the JVM's CPU time per
 * source record, and a digest of every stored record (so two code paths can be compared). Run:
 * {@code mvn -o test -Dtest=RebuildLoop -Drebuildloop.patients=3000 [-DargLine=-XX:StartFlightRecording=...]}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "rebuildloop.patients", matches = "[0-9]+")
class RebuildLoop {

    @TestHTTPResource("/")
    URL service;

    @Inject
    RebuildService rebuild;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void theToolsSendTheTestAdminToken() {
        ServiceToken.use(TestTokens.admin());
    }

    @Test
    void rebuildAgainAndAgain(@TempDir Path dir) throws Exception {
        int patients = Integer.getInteger("rebuildloop.patients");
        int rounds = Integer.getInteger("rebuildloop.rounds", 5);
        new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(patients, 7, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
        String base = service.toString();
        ReplayCommand.registerSources(Replay.newClient(), base, dir.resolve("sources.json"));
        for (String file : SyntheticSource.FILES) {
            Replay.run(dir.resolve(file), base, null);
        }
        System.out.println("REBUILD-LOOP loaded; digest " + digest());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round < rounds; round++) {
            long cpu = os.getProcessCpuTime();
            RebuildService.Summary summary = rebuild.rebuild();
            long used = os.getProcessCpuTime() - cpu;
            System.out.printf(
                    "REBUILD-LOOP round %d: %d patients, %d records, %d ms, %.0f records/s, %.2f us JVM CPU/record,"
                            + " %d changed%n",
                    round,
                    summary.patients(),
                    summary.recordsRead(),
                    summary.elapsedMillis(),
                    summary.recordsPerSecond(),
                    used / 1000.0 / Math.max(1, summary.recordsRead()),
                    summary.recordsChanged());
        }
        System.out.println("REBUILD-LOOP after; digest " + digest());
    }

    /** Every stored record version, its event and every summary row, as one md5. */
    private String digest() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT (SELECT count(*) || ' versions ' || md5(string_agg(nhs_number || ':' || version || ':'
                                   || fingerprint || ':' || content::text, ',' ORDER BY nhs_number, version))
                                FROM unified_record),
                               (SELECT md5(string_agg(payload::text, ',' ORDER BY id)) FROM record_changed_outbox),
                               (SELECT md5(string_agg((to_jsonb(s) - 'updated_at')::text, ',' ORDER BY nhs_number)) FROM patient_summary s)""")) {
            row.next();
            return row.getString(1) + " events " + row.getString(2) + " summaries " + row.getString(3);
        }
    }
}
