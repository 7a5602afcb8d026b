package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic population: deterministic (to the byte, pinned by a golden checksum) and shaped like
 * the issue asks. Its FHIR and dm+d codes are checked against the service in GeneratedPopulationCodesTest.
 */
class PopulationGeneratorTest {

    @Test
    void theSameSeedWritesTheSameBytes_andAnotherSeedDoesNot(@TempDir Path dir) throws IOException {
        generate(dir.resolve("a"), 300, 7);
        generate(dir.resolve("b"), 300, 7);
        generate(dir.resolve("c"), 300, 8);

        for (String file : SyntheticSource.FILES) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("b").resolve(file)),
                    file);
        }
        assertFalse(java.util.Arrays.equals(
                Files.readAllBytes(dir.resolve("a").resolve(SyntheticSource.GP_FILE)),
                Files.readAllBytes(dir.resolve("c").resolve(SyntheticSource.GP_FILE))));
    }

    @Test
    void thePopulationHasTheShapeTheIssueAsksFor(@TempDir Path dir) {
        PopulationGenerator.Result result = generate(dir, 5_000, 1);

        double onFiveOrMore = (double) result.onFiveOrMore() / result.patients();
        assertTrue(
                onFiveOrMore > 0.10 && onFiveOrMore < 0.20, "about 15% on five or more medicines, not " + onFiveOrMore);
        assertShare(result, "gp", 0.95, 1.0);
        assertShare(result, "acute", 0.15, 0.25);
        assertShare(result, "mental-health", 0.03, 0.07);
        assertShare(result, "homecare", 0.01, 0.03);
        assertShare(result, "community-drug-team", 0.005, 0.02);
    }

    /**
     * The bytes of one population, pinned: a change to the generator that moves a single byte fails
     * here. When a change means to alter the population, say so in its commit and update the sums.
     */
    @Test
    void aPopulationIsExactlyTheBytesItWas(@TempDir Path dir) throws Exception {
        generate(dir, 200, 42);

        Map<String, String> sums = new LinkedHashMap<>();
        for (String file : GOLDEN.keySet()) {
            sums.put(file, sha256(Files.readAllBytes(dir.resolve(file))));
        }
        assertEquals(GOLDEN, sums);
    }

    private static final Map<String, String> GOLDEN = golden(
            "gp.ndjson", "6b0e71a44dfac0c1b905cf95fea81b56320bf50c6face04c2e76217d4e402d57",
            "acute.ndjson", "e0ee85f254a15e6a7a8a8c4900b652aa4de02cd0e7c193136990afb8273ab100",
            "mental-health.ndjson", "00e0b911179907780326d8629bf101217444542ce41e5cc9bd445112ce27ba0b",
            "homecare.ndjson", "56d753bf8f42e16c41f417e731659df68febe45008250850c305cbe1d13f4b66",
            "community-drug-team.ndjson", "4ea98ce8cd3f766330bdabf6e5b341a8547a5a30344d66dc49e23f105619e210",
            "sources.json", "df8bc80cc49fbc011d59f2b1900e75eac7afad83bec43e6bc56aede0672c2245",
            "patients.csv", "ee884704d7fd3cf930790d37aa9f544859fde4b0ab66b2f941a78c8b31bbf933",
            "README.txt", "ed46c4f26c00e98a6f2beb7e4c67a61715abd5f0ae12c2675205098e68154243");

    private static Map<String, String> golden(String... fileAndSum) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (int i = 0; i < fileAndSum.length; i += 2) {
            sums.put(fileAndSum[i], fileAndSum[i + 1]);
        }
        return sums;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void assertShare(PopulationGenerator.Result result, String setting, double low, double high) {
        double share = (double) result.patientsBySetting().getOrDefault(setting, 0) / result.patients();
        assertTrue(share >= low && share <= high, setting + " share " + share + " not in [" + low + ", " + high + "]");
    }

    private static PopulationGenerator.Result generate(Path dir, int patients, long seed) {
        return new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(
                        patients, seed, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
    }
}
