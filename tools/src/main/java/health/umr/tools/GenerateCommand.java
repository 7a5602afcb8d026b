package health.umr.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate --patients N --seed S --out DIR [--as-of 2026-11-01T00:00:00Z]}: writes a
 * synthetic population as NDJSON per source, sources.json, patients.csv and README.txt.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Writes DIR/gp.ndjson, acute.ndjson, mental-health.ndjson, homecare.ndjson, community-drug-team.ndjson,",
            "sources.json (register them first), patients.csv and README.txt; the same arguments give the same bytes."
        })
public final class GenerateCommand implements Callable<Integer> {

    /** Valid NHS numbers in the 999 test range (see NhsNumbers). */
    static final int MAX_PATIENTS = 900_000;

    @Option(names = "--patients", required = true, description = "how many patients (up to 900,000)")
    int patients;

    @Option(names = "--seed", defaultValue = "1", description = "the seed: the same seed, the same bytes")
    long seed;

    @Option(names = "--out", required = true, description = "the folder to write")
    Path dir;

    @Option(names = "--as-of", description = "the population's now (default 2026-11-01T00:00:00Z)")
    String asOfText;

    @Override
    public Integer call() {
        Tools.between("--patients", patients, 0, MAX_PATIENTS);
        PrintStream out = System.out;
        Instant asOf;
        try {
            asOf = asOfText == null ? PopulationGenerator.Options.DEFAULT_AS_OF : Instant.parse(asOfText);
        } catch (DateTimeParseException e) {
            throw new UsageException("generate: --as-of must be an instant such as 2026-11-01T00:00:00Z");
        }
        long start = System.nanoTime();
        PopulationGenerator.Result result = new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(patients, seed, dir, asOf));
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(
                Locale.ROOT,
                "generated %,d patients (seed %d) into %s: %,d lines, %,d resources, %.1f%% on five or more "
                        + "medicines, in %.1f s%n",
                result.patients(),
                seed,
                dir.toAbsolutePath(),
                result.lines(),
                result.resources(),
                result.patients() == 0 ? 0.0 : 100.0 * result.onFiveOrMore() / result.patients(),
                seconds);
        for (var setting : result.patientsBySetting().entrySet()) {
            out.printf(Locale.ROOT, "  %-20s %,9d patients%n", setting.getKey(), setting.getValue());
        }
        return Tools.OK;
    }
}
