package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.support.DatabaseState;
import health.umr.support.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `make replay` end to end: a generated population sent to the running service, then sent again. */
@QuarkusTest
class ReplayToServiceTest {

    @TestHTTPResource("/")
    URL service;

    @Inject
    DatabaseState database;

    @BeforeAll
    static void theToolsSendTheTestAdminToken() {
        ServiceToken.use(TestTokens.admin());
    }

    @Test
    void aGeneratedPopulationIsTakenWhole_andASecondReplayChangesNothing(@TempDir Path dir) throws Exception {
        PopulationGenerator.Result population = new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(60, 11, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
        String base = service.toString();
        ReplayCommand.registerSources(Replay.newClient(), base, dir.resolve("sources.json"));

        long resources = 0;
        for (String file : SyntheticSource.FILES) {
            ReplayTally tally = Replay.run(dir.resolve(file), base, null);
            assertEquals(0, tally.refused(), file + ":\n" + tally.format(file));
            assertEquals(0, tally.httpErrors(), file + ":\n" + tally.format(file));
            assertEquals(population.linesByFile().getOrDefault(file, 0L), tally.linesSent(), file);
            resources += tally.accepted();
        }
        assertTrue(resources > 0);
        long records = database.count("SELECT count(*) FROM source_record");
        long versions = database.count("SELECT count(*) FROM unified_record");

        for (String file : SyntheticSource.FILES) {
            ReplayTally again = Replay.run(dir.resolve(file), base, null);
            assertEquals(again.accepted(), again.unchanged(), file + ": a replay only finds what is already there");
        }
        assertEquals(records, database.count("SELECT count(*) FROM source_record"));
        assertEquals(versions, database.count("SELECT count(*) FROM unified_record"));
    }

    @Test
    void aPopulationsFilesThroughOneReplay_areTakenAsFileByFileReplaysTakeThem(@TempDir Path dir) throws Exception {
        PopulationGenerator.Result population = new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(40, 13, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
        String base = service.toString();
        List<String> args = new java.util.ArrayList<>();
        args.add("replay");
        for (String file : SyntheticSource.FILES) {
            args.addAll(List.of("--file", dir.resolve(file).toString()));
        }
        args.addAll(List.of(
                "--register-sources", dir.resolve("sources.json").toString(), "--url", base, "--progress", "none"));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Tools.run(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        long lines = population.linesByFile().values().stream()
                .mapToLong(Long::longValue)
                .sum();
        assertEquals(Tools.OK, exit, summary);
        assertTrue(summary.contains("of " + SyntheticSource.FILES.size() + " files to "), summary);
        assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "lines sent   %,d in", lines)), summary);
        long records = database.count("SELECT count(*) FROM source_record");
        long versions = database.count("SELECT count(*) FROM unified_record");

        // the same files one replay each (as bench/run.sh sent them until 2026-12-02) find it all there
        for (String file : SyntheticSource.FILES) {
            ReplayTally again = Replay.run(dir.resolve(file), base, null);
            assertEquals(population.linesByFile().getOrDefault(file, 0L), again.linesSent(), file);
            assertEquals(again.accepted(), again.unchanged(), file + ": the one replay took it all");
        }
        assertEquals(records, database.count("SELECT count(*) FROM source_record"));
        assertEquals(versions, database.count("SELECT count(*) FROM unified_record"));
    }

    @Test
    void aRefusedLineIsNamedWithItsLineAndReason_andTheRestIsTaken(@TempDir Path dir) throws Exception {
        Path sources = dir.resolve("sources.json");
        Files.writeString(sources, """
                [{"id":"replay-cli","setting":"gp","name":"Replay CLI GP","system":"https://fhir.replay-cli.example"}]""");
        ReplayCommand.registerSources(Replay.newClient(), service.toString(), sources);
        Path file = dir.resolve("feed.ndjson");
        String good = """
                {"resourceType":"MedicationStatement","meta":{"source":"https://fhir.replay-cli.example"},"identifier":[{"system":"https://fhir.replay-cli.example/ms","value":"%s"}],"status":"active","medicationCodeableConcept":{"coding":[{"system":"https://dmd.nhs.uk","code":"318136009"}]},"subject":{"identifier":{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9997770056"}}}""";
        String badNhs = good.formatted("cli-3").replace("9997770056", "9997770057");
        Files.write(file, List.of(good.formatted("cli-1"), good.formatted("cli-2"), badNhs), StandardCharsets.UTF_8);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Tools.run("replay", "--file", file.toString(), "--url", service.toString(), "--progress", "none");
        ReplayTally tally = Replay.run(file, service.toString(), null);

        assertEquals(Tools.REFUSED, exit, "anything refused makes the exit code 1");
        assertEquals(2, tally.accepted());
        assertEquals(1, tally.refused());
        String summary = tally.format("feed");
        assertTrue(summary.contains("UMR-0004") && summary.contains("at line 3"), summary);
    }

    @Test
    void anUnreachableServiceIsAUsageFailure_notAHang(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("one.ndjson");
        Files.writeString(file, "{\"resourceType\":\"Patient\"}\n");
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Tools.run("replay", "--file", file.toString(), "--url", "http://localhost:1", "--progress", "none");
        } finally {
            System.setErr(original);
        }
        assertEquals(Tools.USAGE, exit);
    }
}
