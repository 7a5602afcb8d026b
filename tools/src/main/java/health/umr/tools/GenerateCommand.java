package health.umr.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code generate --patients N --seed S --out DIR [--as-of 2026-11-01T00:00:00Z]}: writes a
 * synthetic population as NDJSON per source, sources.json, patients.csv and README.txt.
 */
public final class GenerateCommand {

    static final String USAGE = """
            usage: generate --patients N --seed S --out DIR [--as-of 2026-11-01T00:00:00Z]
              writes DIR/gp.ndjson, acute.ndjson, mental-health.ndjson, homecare.ndjson, community-drug-team.ndjson,
              sources.json (register them first), patients.csv and README.txt; the same arguments give the same bytes""";

    /** Valid NHS numbers in the 999 test range (see NhsNumbers). */
    static final int MAX_PATIENTS = 900_000;

    private GenerateCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = CommandLine.parse("generate", args, Set.of("patients", "seed", "out", "as-of"), Set.of());
        int patients = line.integer("patients", 0, 0, MAX_PATIENTS);
        if (line.find("patients").isEmpty()) {
            throw new UsageException("generate: --patients is required");
        }
        long seed = line.longValue("seed", 1);
        Path dir = Path.of(line.require("out"));
        Instant asOf;
        try {
            asOf = Instant.parse(line.get("as-of", PopulationGenerator.Options.DEFAULT_AS_OF.toString()));
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
