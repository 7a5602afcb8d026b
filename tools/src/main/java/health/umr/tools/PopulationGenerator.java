package health.umr.tools;

import static health.umr.tools.Randomness.mix64;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import health.umr.tools.PopulationOutput.Output;
import health.umr.tools.PopulationOutput.Stats;
import health.umr.tools.PopulationSampler.PatientPlan;
import health.umr.tools.PopulationSampler.Person;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic population: N patients, each with an age, a sex and 0–15 medicines
 * (more with age), held by the sources a patient of that kind would have (a GP for nearly all, an
 * acute trust for about a fifth, mental health, homecare, a community drug team for a few), each
 * source writing in the shape and at the dm+d level its real feed uses, with realistic noise
 * (resends, newer versions, stops and restarts, dose changes, text-only and entered-in-error
 * entries). Patient i depends only on the seed and i, so a smaller population is a prefix of a
 * larger one; the same seed gives byte-identical files. Memory stays flat: lines are written as
 * they are made, and only the noise that arrives later waits in a bounded queue.
 *
 * <p>In parts: {@link PopulationSampler} draws who each patient is and what they take; one writer per
 * source shape ({@link GpLines}, {@link AcuteLines}, {@link MentalHealthLines}, {@link EpsLines}, on
 * the shared pieces of {@link PatientLines}) writes that source's lines; {@link PopulationOutput}
 * holds the files, the noise queue and patients.csv. This class runs them in a fixed order.
 */
public final class PopulationGenerator {

    /** What to generate. {@code asOf} is the population's "now": every date is before it, or shortly after for late versions. */
    public record Options(int patients, long seed, Path out, Instant asOf) {

        public static final Instant DEFAULT_AS_OF = Instant.parse("2026-11-01T00:00:00Z");
    }

    /** Counts of what was written (also in README.txt). */
    public record Result(
            int patients,
            Map<String, Long> linesByFile,
            Map<String, Long> resourcesByFile,
            Map<String, Integer> patientsBySetting,
            int onFiveOrMore,
            long medicines,
            int admitted) {

        public long lines() {
            return linesByFile.values().stream().mapToLong(Long::longValue).sum();
        }

        public long resources() {
            return resourcesByFile.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Formulary formulary;
    private final PopulationSampler sampler;
    private final List<SyntheticSource> sources = SyntheticSource.all();

    public PopulationGenerator(Formulary formulary) {
        this.formulary = formulary;
        this.sampler = new PopulationSampler(formulary);
    }

    // =================================================================================================
    // Writing
    // =================================================================================================

    public Result generate(Options options) {
        if (options.patients() < 0) {
            throw new IllegalArgumentException("patients must be 0 or more");
        }
        try {
            Files.createDirectories(options.out());
            Output output = new Output(options.out());
            try (output) {
                NhsNumbers numbers = new NhsNumbers(options.seed());
                Stats stats = new Stats();
                for (int i = 0; i < options.patients(); i++) {
                    SplittableRandom r =
                            new SplittableRandom(mix64(mix64(options.seed()) + mix64(i + 0x632BE59BD9B4E019L)));
                    Person person = PopulationSampler.person(i, numbers.next(), r, options.asOf());
                    PatientPlan plan = sampler.plan(person, r);
                    write(plan, r, options.asOf(), output, i);
                    output.flushDue(i);
                    stats.add(plan);
                    output.patientRow(plan);
                }
                output.flushAll();
                Result result = stats.result(options.patients(), output);
                writeSources(options.out().resolve("sources.json"));
                Files.writeString(options.out().resolve("README.txt"), readme(options, result), StandardCharsets.UTF_8);
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeSources(Path file) throws IOException {
        JsonFactory factory = new JsonFactory();
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartArray();
            for (SyntheticSource source : sources) {
                g.writeStartObject();
                g.writeStringField("id", source.id());
                g.writeStringField("setting", source.setting());
                g.writeStringField("name", source.name());
                g.writeStringField("system", source.system());
                g.writeStringField("ods", source.ods());
                g.writeStringField("file", source.file());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }

    private String readme(Options options, Result result) {
        StringBuilder text = new StringBuilder();
        text.append("Synthetic UMR population: made-up patients, never real people\n\n");
        text.append("Made by: java -jar tools/target/umr-tools.jar generate --patients ")
                .append(options.patients())
                .append(" --seed ")
                .append(options.seed())
                .append(" --as-of ")
                .append(options.asOf())
                .append(" --out DIR\n");
        text.append(
                "(health.umr.tools.PopulationGenerator). The same command writes the same bytes; patient i depends\n");
        text.append("only on the seed and i, so a smaller population is the first part of a larger one.\n\n");
        text.append("Load it into a running UMR:\n");
        text.append(
                "  make replay FILE=DIR/gp.ndjson (first: java -jar ... replay --register-sources DIR/sources.json --file DIR/gp.ndjson)\n");
        text.append(
                "  each file's resources carry meta.source = their source's system, so no SOURCE= is needed once sources.json is registered.\n\n");
        text.append("Files\n");
        for (String file : SyntheticSource.FILES) {
            text.append(String.format(
                    Locale.ROOT,
                    "  %-28s %,10d lines %,12d resources%n",
                    file,
                    result.linesByFile().getOrDefault(file, 0L),
                    result.resourcesByFile().getOrDefault(file, 0L)));
        }
        text.append(
                "  sources.json                 the sources to register (PUT /api/sources/{id} with setting, name, system, ods)\n");
        text.append(
                "  patients.csv                 one row a patient: NHS number, gender, birth date, age, medicines, settings, admitted\n\n");
        text.append("Patients\n");
        text.append(String.format(
                Locale.ROOT,
                "  %,d patients; %,d medicines (mean %.2f); %.1f%% on five or more; %,d admitted now%n",
                result.patients(),
                result.medicines(),
                result.patients() == 0 ? 0.0 : (double) result.medicines() / result.patients(),
                result.patients() == 0 ? 0.0 : 100.0 * result.onFiveOrMore() / result.patients(),
                result.admitted()));
        for (Map.Entry<String, Integer> setting : result.patientsBySetting().entrySet()) {
            text.append(String.format(
                    Locale.ROOT,
                    "  %-20s %,8d patients (%.1f%%)%n",
                    setting.getKey(),
                    setting.getValue(),
                    result.patients() == 0 ? 0.0 : 100.0 * setting.getValue() / result.patients()));
        }
        text.append("""

                Shapes (what each source sends, one resource or Bundle a line)
                  gp                   GP Connect style: one collection Bundle per patient (Patient, Medication, MedicationStatement
                                       basedOn a MedicationRequest intent plan, MedicationRequests intent order basedOn the plan);
                                       codes http://snomed.info/sct at VMP where the bundled dm+d release has the VMP, else VTM;
                                       dosage text only; later snapshots of the same record carry stops, restarts, dose changes
                                       (the old plan stopped, a new one started) and entered-in-error.
                  acute                Patient, Encounter (class IMP or EMER; in-progress = admitted now, finished = discharged),
                                       UK Core inpatient MedicationRequests (intent order) coded https://dmd.nhs.uk at VTM, with
                                       structured dose; some admitted medicines are left off (omissions), some at another dose.
                  mental-health        Patient, sometimes an inpatient Encounter, UK Core MedicationStatements at VTM.
                  homecare             EPS-style message Bundles: MessageHeader, Patient, MedicationRequest intent original-order
                                       (AMP) then instance-orders (AMPP) basedOn it by identifier, groupIdentifier = the
                                       prescription order number; biologics the bundled release has no products for are coded at VTM.
                  community-drug-team  EPS-style message Bundles: opioid substitution and alcohol medicines at VTM; some titrated
                                       (a newer version of the same item with a new dose).
                Noise: exact resends of a line a little later, newer versions (stopped, restarted, dose changed),
                entered-in-error, text-only medicines (no code, or the GP2GP transfer-degraded code 196421000000109).
                Codes: real dm+d ids of the release UMR bundles (see src/main/resources/generator/*.csv); weights, doses
                and every person are made up. NHS numbers are in the 999 test range with a valid Modulus 11 check digit.
                """);
        return text.toString();
    }

    /** Every source of the patient writes its lines, in one fixed order (the randomness depends on it). */
    private void write(PatientPlan plan, SplittableRandom r, Instant asOf, Output output, int index)
            throws IOException {
        if (plan.gp != null) {
            new GpLines(plan, r, asOf, output, index, formulary).write();
        }
        if (plan.acute != null) {
            new AcuteLines(plan, r, asOf, output, index, formulary).write();
        }
        if (plan.mentalHealth != null) {
            new MentalHealthLines(plan, r, asOf, output, index, formulary).write();
        }
        if (plan.homecare != null || plan.drugTeam != null) {
            new EpsLines(plan, r, asOf, output, index, formulary).write();
        }
    }
}
