package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @TempDir
    Path dir;

    private String report() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchReport.run(dir, dir.resolve("out/result.json"), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private void write(String step, String json) throws IOException {
        Files.writeString(dir.resolve(step + ".json"), json);
    }

    @Test
    void anIngestRowKeepsTheWholeJvmFigure_andSaysBesideItWhatTheJitTook() throws IOException {
        write("rest", "{\"resources\": 10000, \"endToEndSeconds\": 4.0, \"resourcesPerSecond\": 2500}");
        write(
                "cpu",
                "{\"rest\": {\"wallSeconds\": 4.0, \"umrJavaCpuSeconds\": 4.0, \"umrJitCpuSeconds\": 2.10,"
                        + " \"postgresCpuSeconds\": 2.0, \"cores\": 2}}");
        write(
                "warmup",
                "{\"rest\": {\"rounds\": 3, \"patientsPerRound\": 2000, \"seconds\": 104,"
                        + " \"lastRoundJitPercent\": 31.5, \"jitPercentBound\": 10, \"maxSeconds\": 100,"
                        + " \"settled\": false}}");

        String text = report();

        assertTrue(text.contains("Java 0.400 + PG 0.200 ms/res"), text); // the whole JVM, as before
        assertTrue(
                text.contains("Java 0.190 + PG 0.200 ms/res; compiler threads 0.210 ms/res (53% of the JVM's CPU);"
                        + " warm-up 3 rounds of 2,000 patients in 104 s, compiler threads 32% of the JVM in the last"
                        + " (capped at 100 s, not settled)"),
                text);
        assertTrue(text.contains("UMR Java 4 s (JIT compiler threads 2 s) + PostgreSQL 2 s"), text);
    }

    /** 1191e49's reads at 20k: the FHIR read did not hold its open-loop rate (967 of 1,000 req/s), the JSON read did. */
    private void writeTheReadsOf1191e49() throws IOException {
        write(
                "read-fhir-1000",
                "{\"targetRate\": 1000, \"achievedRate\": 966.594, \"sent\": 20000, \"ok\": 20000, \"p50Ms\": 412.9,"
                        + " \"p95Ms\": 712.0, \"p99Ms\": 762.3, \"maxMs\": 826.8, \"seconds\": 20}");
        write(
                "read-1000",
                "{\"targetRate\": 1000, \"achievedRate\": 998.704, \"sent\": 20000, \"ok\": 20000, \"p50Ms\": 1.8,"
                        + " \"p95Ms\": 16.9, \"p99Ms\": 44.9, \"maxMs\": 111.5, \"seconds\": 20}");
    }

    @Test
    void aReadWhoseRateWasNotHeldSaysSo_andOneThatHeldItDoesNot() throws IOException {
        writeTheReadsOf1191e49();

        String text = report();

        assertTrue(text.contains("rate not held: 967 of 1,000 req/s sent (overloaded)"), text);
        assertTrue(text.indexOf("rate not held") == text.lastIndexOf("rate not held"), text); // the JSON read held it
    }

    @Test
    void aReadWhoseRateWasNotHeldBelowTheCpuBoundMarkIsOverCapacity_withTheGeneratorsShareNamed() throws IOException {
        // 1191e49's FHIR read at 20k: the box 89.7% busy, the generator's own CPU counted in it
        writeTheReadsOf1191e49();
        write(
                "cpu",
                "{\"read-fhir-1000\": {\"wallSeconds\": 34.8, \"umrJavaCpuSeconds\": 34.8, \"postgresCpuSeconds\": 12.5,"
                        + " \"generatorCpuSeconds\": 11.1, \"boxBusyPercent\": 89.7, \"boxStealPercent\": 0, \"cores\": 2},"
                        + " \"read-1000\": {\"wallSeconds\": 32.5, \"umrJavaCpuSeconds\": 24.0, \"postgresCpuSeconds\": 9.8,"
                        + " \"generatorCpuSeconds\": 10.3, \"boxBusyPercent\": 70.0, \"boxStealPercent\": 0, \"cores\": 2}}");

        String text = report();

        assertTrue(
                text.contains("over capacity: rate not held (967 of 1,000 req/s) with the box 90% busy, 16% of it the"
                        + " load generator's own (UMR Java 50%, PostgreSQL 18%, generator 16%, other 6%)"),
                text);
        assertTrue(text.contains("not saturated (box 70% busy"), text); // the JSON read held its rate
        assertFalse(text.contains("not saturated (box 90% busy"), text);
    }

    @Test
    void anOlderResultWithoutTheCompilerThreadsHasNoSuchRow() throws IOException {
        write("kafka", "{\"resources\": 10000, \"endToEndSeconds\": 4.0, \"resourcesPerSecond\": 2500}");
        write("cpu", "{\"kafka\": {\"wallSeconds\": 4.0, \"umrJavaCpuSeconds\": 4.0, \"postgresCpuSeconds\": 2.0}}");

        String text = report();

        assertTrue(text.contains("Java 0.400 + PG 0.200 ms/res"), text);
        assertFalse(text.contains("without its JIT"), text);
    }

    @Test
    void postgresqlsCpuIsSplitByProcessKind_perUnitAndPerPhase() throws IOException {
        write("kafka", "{\"resources\": 10000, \"endToEndSeconds\": 4.0, \"resourcesPerSecond\": 2500}");
        write(
                "cpu",
                "{\"kafka\": {\"wallSeconds\": 4.0, \"umrJavaCpuSeconds\": 4.0, \"postgresCpuSeconds\": 2.0,"
                        + " \"boxBusyPercent\": 80, \"boxStealPercent\": 0, \"cores\": 2,"
                        + " \"postgresCpuByType\": {\"client\": 1.4, \"autovacuum\": 0.6, \"checkpointer\": 0.0,"
                        + " \"bgwriter\": 0.0, \"walwriter\": 0.0, \"other\": 0.0, \"unattributed\": 0.0}}}");

        String text = report();

        assertTrue(text.contains("Java 0.400 + PG 0.200 ms/res (PG client backends 0.140)"), text);
        assertTrue(text.contains("PostgreSQL 2 s (client backends 1 s, autovacuum 1 s) in 4 s wall"), text);
        // the bound's split: 8 core-seconds, client 1.4 = 18%, autovacuum 0.6 = 8%
        assertTrue(text.contains("PostgreSQL 25% (client backends 18%, autovacuum 8%)"), text);
    }

    @Test
    void theCopyCeilingStandsUnderTheKafkaFigure_withTheServicesPostgresqlAsAMultipleOfIt() throws IOException {
        write("kafka", "{\"resources\": 10000, \"endToEndSeconds\": 4.0, \"resourcesPerSecond\": 2500}");
        write("cpu", "{\"kafka\": {\"wallSeconds\": 4.0, \"umrJavaCpuSeconds\": 4.0, \"postgresCpuSeconds\": 2.0}}");
        write(
                "pg-ceiling",
                "{\"resources\": 16000, \"batches\": 20, \"postgresMsPerResource\": 0.05,"
                        + " \"backendMsPerResource\": 0.045, \"backgroundMsPerResource\": 0.005, \"cores\": 2,"
                        + " \"resourcesPerSecondOnAllCores\": 40000, \"rounds\": [{}, {}, {}],"
                        + " \"backendMsPerResourceByStep\": {\"source_record\": 0.02},"
                        + " \"sourceRecordUpsert\": {\"stageMsPerResource\": 0.004, \"upsertMsPerResource\": 0.05}}");

        String text = report();

        assertTrue(
                text.contains("≤ 40,000 res/s on 2 cores: PG 0.050 ms/res (backend 0.045 + background 0.005), median"
                        + " of 3 rounds of 16,000 resources in 20 transactions; the Kafka phase's PG 0.200 ms/res is"
                        + " 4.0× COPY's; source records by COPY 0.020 ms/res, by INSERT ... ON CONFLICT ... RETURNING"
                        + " 0.050 (+ staging 0.004)"),
                text);
    }

    @Test
    void aResultWithoutTheCeilingHasNoSuchRow() throws IOException {
        write("kafka", "{\"resources\": 10000, \"endToEndSeconds\": 4.0, \"resourcesPerSecond\": 2500}");

        assertFalse(report().contains("by COPY"));
    }
}
