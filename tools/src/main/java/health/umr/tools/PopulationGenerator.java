package health.umr.tools;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import health.umr.tools.Formulary.Medicine;
import health.umr.tools.Formulary.Product;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic synthetic population: N patients, each with an age, a sex and 0–15 medicines
 * (more with age), held by the sources a patient of that kind would have (a GP for nearly all, an
 * acute trust for about a fifth, mental health, homecare, a community drug team for a few), each
 * source writing in the shape and at the dm+d level its real feed uses, with realistic noise
 * (resends, newer versions, stops and restarts, dose changes, text-only and entered-in-error
 * entries). Patient i depends only on the seed and i, so a smaller population is a prefix of a
 * larger one; the same seed gives byte-identical files. Memory stays flat: lines are written as
 * they are made, and only the noise that arrives later waits in a bounded queue.
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

    static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";
    static final String SCT = "http://snomed.info/sct";
    static final String DMD = "https://dmd.nhs.uk";
    static final String CROSS_CARE = "https://fhir.nhs.uk/Id/cross-care-setting-identifier";
    static final String COURSE = "http://terminology.hl7.org/CodeSystem/medicationrequest-course-of-therapy";
    static final String MR_CATEGORY = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";
    static final String MS_CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String LAST_ISSUE =
            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationStatementLastIssueDate";
    static final String TRANSFER_DEGRADED = "196421000000109";

    // --- the population: shares from ONS mid-year estimates (England, rounded); medicines per age are synthetic ---
    private static final int[] AGE_FROM = {0, 5, 16, 25, 35, 45, 55, 65, 75, 85};
    private static final int[] AGE_TO = {4, 15, 24, 34, 44, 54, 64, 74, 84, 100};
    private static final double[] AGE_SHARE = {5.6, 13.5, 10.5, 13.6, 13.0, 13.3, 12.4, 9.8, 6.2, 2.5};
    /** Mean number of medicines by age band (Poisson, capped at 15): gives about 15% on five or more. */
    private static final double[] MEDICINES_MEAN = {0.3, 0.35, 0.7, 0.9, 1.3, 2.0, 3.0, 4.6, 6.5, 7.5};

    static final double GP_REGISTERED = 0.98;
    static final double ACUTE = 0.20;
    static final double MENTAL_HEALTH = 0.05;
    static final double HOMECARE = 0.02;
    /** Of adults 18–75 (about 77% of everyone), so about 1% of all. */
    static final double DRUG_TEAM_ADULT = 0.013;

    static final int MAX_MEDICINES = 15;

    private static final double SAME_CLASS_ALLOWED = 0.03;
    private static final double TEXT_ONLY = 0.01;
    private static final double OWN_SUPPLY = 0.03;
    private static final double RESEND = 0.03;
    private static final double GP_SNAPSHOT_CHANGE = 0.08;
    private static final double NEWER_VERSION = 0.05;
    private static final double ENTERED_IN_ERROR = 0.005;
    private static final double ADMITTED = 0.25;
    private static final double CONTINUED_IN_HOSPITAL = 0.85;
    private static final double HOSPITAL_DOSE_CHANGE = 0.08;
    private static final int MAX_DELAY_PATIENTS = 200;

    private static final List<String> OWN_SUPPLY_TEXTS = List.of(
            "St John's Wort tablets (own supply)",
            "Glucosamine sulfate 500mg tablets (bought over the counter)",
            "Cod liver oil capsules (own supply)",
            "Vitamin B compound strong tablets",
            "Evening primrose oil capsules",
            "Multivitamin tablets (own supply)",
            "Eye drops, name not known (patient's own)");

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ISO_INSTANT;

    private final Formulary formulary;
    private final List<SyntheticSource> sources = SyntheticSource.all();
    private final Pool gpPool;
    private final Pool mentalHealthPool;
    private final Pool homecarePool;
    private final Pool drugTeamPool;
    private final Pool hospitalOnlyPool;

    public PopulationGenerator(Formulary formulary) {
        this.formulary = formulary;
        this.gpPool = new Pool(formulary.medicines().stream()
                .filter(m -> m.usedBy('g') && !"opioid-substitution".equals(m.drugClass()))
                .toList());
        this.mentalHealthPool = new Pool(
                formulary.medicines().stream().filter(m -> m.usedBy('m')).toList());
        this.homecarePool = new Pool(
                formulary.medicines().stream().filter(m -> m.usedBy('h')).toList());
        this.drugTeamPool = new Pool(
                formulary.medicines().stream().filter(m -> m.usedBy('d')).toList());
        this.hospitalOnlyPool = new Pool(formulary.medicines().stream()
                .filter(m -> m.usedBy('a') && !m.usedBy('g'))
                .toList());
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
                    Person person = person(i, numbers.next(), r, options.asOf());
                    PatientPlan plan = plan(person, r);
                    new PatientWriter(plan, r, options.asOf(), output, i).write();
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
        text.append("Made by: java -jar target/quarkus-app/quarkus-run.jar generate --patients ")
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

    // =================================================================================================
    // The population
    // =================================================================================================

    record Person(int index, String nhs, String gender, LocalDate birthDate, int age, String patientId) {}

    private static Person person(int index, String nhs, SplittableRandom r, Instant asOf) {
        double sex = r.nextDouble();
        String gender = sex < 0.506 ? "female" : sex < 0.998 ? "male" : sex < 0.999 ? "other" : "unknown";
        int band = pick(AGE_SHARE, r);
        int age = AGE_FROM[band] + r.nextInt(AGE_TO[band] - AGE_FROM[band] + 1);
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        LocalDate birth = today.minusYears(age).minusDays(1 + r.nextInt(364));
        return new Person(index, nhs, gender, birth, age, uuid(r));
    }

    /** A medicine the patient takes, and which sources hold it. */
    static final class Item {
        final Medicine medicine; // null for a text-only own-supply entry
        final String text;
        final boolean textOnly;
        final boolean transferDegraded;
        boolean gp;
        boolean acute;
        boolean hospitalOnly;
        boolean mentalHealth;
        boolean homecare;
        boolean drugTeam;

        Item(Medicine medicine, String text, boolean textOnly, boolean transferDegraded) {
            this.medicine = medicine;
            this.text = text;
            this.textOnly = textOnly;
            this.transferDegraded = transferDegraded;
        }
    }

    static final class PatientPlan {
        final Person person;
        SyntheticSource gp;
        SyntheticSource acute;
        SyntheticSource mentalHealth;
        SyntheticSource homecare;
        SyntheticSource drugTeam;
        final List<Item> items = new ArrayList<>();
        boolean admitted;

        PatientPlan(Person person) {
            this.person = person;
        }

        List<String> settings() {
            List<String> settings = new ArrayList<>();
            if (gp != null) {
                settings.add("gp");
            }
            if (acute != null) {
                settings.add("acute");
            }
            if (mentalHealth != null) {
                settings.add("mental-health");
            }
            if (homecare != null) {
                settings.add("homecare");
            }
            if (drugTeam != null) {
                settings.add("community-drug-team");
            }
            return settings;
        }
    }

    private PatientPlan plan(Person person, SplittableRandom r) {
        PatientPlan plan = new PatientPlan(person);
        if (r.nextDouble() < GP_REGISTERED) {
            plan.gp = pickSource("gp", r);
        }
        if (r.nextDouble() < ACUTE) {
            plan.acute = pickSource("acute", r);
        }
        if (r.nextDouble() < MENTAL_HEALTH) {
            plan.mentalHealth = pickSource("mental-health", r);
        }
        if (r.nextDouble() < HOMECARE) {
            plan.homecare = pickSource("homecare", r);
        }
        if (person.age() >= 18 && person.age() <= 75 && r.nextDouble() < DRUG_TEAM_ADULT) {
            plan.drugTeam = pickSource("community-drug-team", r);
        }
        Chooser chooser = new Chooser(person, r);
        int count = Math.min(MAX_MEDICINES, poisson(MEDICINES_MEAN[band(person.age())], r));
        for (Medicine medicine : chooser.choose(gpPool, count)) {
            Item item = item(medicine, r);
            item.gp = plan.gp != null;
            plan.items.add(item);
        }
        if (plan.gp != null && person.age() >= 40 && r.nextDouble() < OWN_SUPPLY) {
            Item own = new Item(null, OWN_SUPPLY_TEXTS.get(r.nextInt(OWN_SUPPLY_TEXTS.size())), true, false);
            own.gp = true;
            plan.items.add(own);
        }
        if (plan.mentalHealth != null) {
            for (Medicine medicine : chooser.choose(mentalHealthPool, 1 + r.nextInt(2))) {
                Item item = item(medicine, r);
                item.mentalHealth = true;
                item.gp = plan.gp != null && r.nextDouble() < 0.7;
                plan.items.add(item);
            }
        }
        if (plan.drugTeam != null) {
            for (Medicine medicine : chooser.choose(drugTeamPool, 1 + (r.nextDouble() < 0.3 ? 1 : 0))) {
                Item item = new Item(medicine, medicine.name(), false, false);
                item.drugTeam = true;
                item.gp = plan.gp != null && r.nextDouble() < 0.3;
                plan.items.add(item);
            }
        }
        if (plan.homecare != null) {
            for (Medicine medicine : chooser.choose(homecarePool, 1)) {
                Item item = new Item(medicine, medicine.name(), false, false);
                item.homecare = true;
                item.gp = plan.gp != null && r.nextDouble() < 0.6;
                plan.items.add(item);
            }
        }
        if (plan.acute != null) {
            for (Item item : plan.items) {
                item.acute = item.medicine != null
                        && !item.medicine.shortCourse()
                        && !item.homecare
                        && !item.drugTeam
                        && r.nextDouble() < CONTINUED_IN_HOSPITAL;
            }
            for (Medicine medicine : chooser.choose(hospitalOnlyPool, r.nextInt(3))) {
                Item item = new Item(medicine, medicine.name(), false, false);
                item.acute = true;
                item.hospitalOnly = true;
                plan.items.add(item);
            }
            plan.admitted = r.nextDouble() < ADMITTED;
        }
        while (plan.items.size() > MAX_MEDICINES) {
            plan.items.remove(0);
        }
        return plan;
    }

    private Item item(Medicine medicine, SplittableRandom r) {
        if (r.nextDouble() < TEXT_ONLY) {
            return new Item(medicine, medicine.name(), true, r.nextBoolean());
        }
        return new Item(medicine, medicine.name(), false, false);
    }

    private SyntheticSource pickSource(String setting, SplittableRandom r) {
        List<SyntheticSource> candidates =
                sources.stream().filter(s -> s.setting().equals(setting)).toList();
        return candidates.get(r.nextInt(candidates.size()));
    }

    /** Weighted choice without replacement, avoiding two of one class (except rarely) and medicines that do not suit. */
    private static final class Chooser {
        private final Person person;
        private final SplittableRandom r;
        private final Set<String> codes = new HashSet<>();
        private final Set<String> classes = new HashSet<>();

        Chooser(Person person, SplittableRandom r) {
            this.person = person;
            this.r = r;
        }

        List<Medicine> choose(Pool pool, int count) {
            List<Medicine> chosen = new ArrayList<>();
            for (int attempt = 0; chosen.size() < count && attempt < count * 25; attempt++) {
                Medicine medicine = pool.draw(r);
                if (medicine == null
                        || codes.contains(medicine.code())
                        || !medicine.suits(person.age(), person.gender())) {
                    continue;
                }
                if (!medicine.drugClass().isEmpty()
                        && classes.contains(medicine.drugClass())
                        && r.nextDouble() >= SAME_CLASS_ALLOWED) {
                    continue;
                }
                codes.add(medicine.code());
                classes.add(medicine.drugClass());
                chosen.add(medicine);
            }
            return chosen;
        }
    }

    private static final class Pool {
        private final Medicine[] medicines;
        private final long[] cumulative;

        Pool(List<Medicine> medicines) {
            this.medicines = medicines.toArray(new Medicine[0]);
            this.cumulative = new long[this.medicines.length];
            long total = 0;
            for (int i = 0; i < this.medicines.length; i++) {
                total += Math.max(0, this.medicines[i].weight());
                cumulative[i] = total;
            }
        }

        Medicine draw(SplittableRandom r) {
            if (medicines.length == 0 || cumulative[cumulative.length - 1] == 0) {
                return null;
            }
            long ticket = r.nextLong(cumulative[cumulative.length - 1]);
            int low = 0;
            int high = cumulative.length - 1;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (cumulative[mid] > ticket) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return medicines[low];
        }
    }

    // =================================================================================================
    // One patient's lines
    // =================================================================================================

    /** A coding, or none (text only). */
    record Code(String system, String code, String display) {}

    /** A dose as sent: structured where the source structures it, always with text. */
    record Dose(BigDecimal value, String unit, Formulary.Timing timing, boolean asNeeded, String text) {

        static Dose of(Medicine medicine) {
            return new Dose(
                    medicine.doseValue(),
                    medicine.doseUnit(),
                    medicine.timing(),
                    medicine.asNeeded(),
                    medicine.dosageText());
        }

        Dose changed(SplittableRandom r) {
            BigDecimal factor = r.nextBoolean() || value.compareTo(BigDecimal.ONE) <= 0
                    ? BigDecimal.valueOf(2)
                    : new BigDecimal("0.5");
            BigDecimal next = value.multiply(factor).stripTrailingZeros();
            return new Dose(
                    next,
                    unit,
                    timing,
                    asNeeded,
                    amount(next, unit) + " " + timing.words() + (asNeeded ? " when required" : ""));
        }

        static String amount(BigDecimal value, String unit) {
            String number = value.stripTrailingZeros().toPlainString();
            boolean one = value.compareTo(BigDecimal.ONE) == 0;
            return switch (unit) {
                case "mg", "g", "ml", "mg/kg" -> number + unit;
                case "microgram" -> number + (one ? "microgram" : "micrograms");
                case "nanogram" -> number + (one ? "nanogram" : "nanograms");
                case "microgram/hour" -> number + "micrograms/hour";
                case "unit" -> number + (one ? " unit" : " units");
                default -> number + " " + unit + (one ? "" : "s");
            };
        }
    }

    /** Writes every line of one patient, now or (noise) a little later. */
    private final class PatientWriter {
        private final PatientPlan plan;
        private final Person person;
        private final SplittableRandom r;
        private final Instant asOf;
        private final Output output;
        private final int index;

        PatientWriter(PatientPlan plan, SplittableRandom r, Instant asOf, Output output, int index) {
            this.plan = plan;
            this.person = plan.person;
            this.r = r;
            this.asOf = asOf;
            this.output = output;
            this.index = index;
        }

        void write() throws IOException {
            if (plan.gp != null) {
                writeGp();
            }
            if (plan.acute != null) {
                writeAcute();
            }
            if (plan.mentalHealth != null) {
                writeMentalHealth();
            }
            if (plan.homecare != null) {
                writeHomecare();
            }
            if (plan.drugTeam != null) {
                writeDrugTeam();
            }
        }

        private int delay() {
            return index + 1 + r.nextInt(MAX_DELAY_PATIENTS);
        }

        // --- GP: GP Connect structured record, one collection Bundle per patient ---------------

        final class GpMedication {
            Item item;
            String medicationId;
            Code code;
            String statementId;
            String statementIdentifier;
            String planId;
            String planIdentifier;
            List<String[]> orders = new ArrayList<>(); // id, identifier, authoredOn
            String status;
            Dose dose;
            LocalDate start;
            LocalDate end;
            Instant lastUpdated;
            Instant ordersUpdated;

            GpMedication copy() {
                GpMedication copy = new GpMedication();
                copy.item = item;
                copy.medicationId = medicationId;
                copy.code = code;
                copy.statementId = statementId;
                copy.statementIdentifier = statementIdentifier;
                copy.planId = planId;
                copy.planIdentifier = planIdentifier;
                copy.orders = orders;
                copy.status = status;
                copy.dose = dose;
                copy.start = start;
                copy.end = end;
                copy.lastUpdated = lastUpdated;
                copy.ordersUpdated = ordersUpdated;
                return copy;
            }
        }

        private void writeGp() throws IOException {
            SyntheticSource gp = plan.gp;
            List<GpMedication> record = new ArrayList<>();
            for (Item item : plan.items) {
                if (item.gp) {
                    record.add(gpMedication(item, item.medicine == null ? null : Dose.of(item.medicine)));
                }
            }
            Instant snapshotTime = latest(record, asOf.minus(1 + r.nextInt(120), ChronoUnit.DAYS));
            byte[] first = gpBundle(gp, record, snapshotTime);
            output.write(SyntheticSource.GP_FILE, first, countGp(record));
            if (r.nextDouble() < RESEND) {
                output.defer(delay(), SyntheticSource.GP_FILE, first, countGp(record));
            }
            List<Integer> changeable = new ArrayList<>();
            for (int i = 0; i < record.size(); i++) {
                if ("active".equals(record.get(i).status)) {
                    changeable.add(i);
                }
            }
            if (changeable.isEmpty() || r.nextDouble() >= GP_SNAPSHOT_CHANGE) {
                return;
            }
            int at = changeable.get(r.nextInt(changeable.size()));
            GpMedication changing = record.get(at);
            Instant when = changing.lastUpdated
                    .plus(1 + r.nextInt(20), ChronoUnit.DAYS)
                    .plusSeconds(r.nextInt(86_400));
            double kind = r.nextDouble();
            List<GpMedication> next = new ArrayList<>(record);
            int due = delay();
            if (kind < 0.45) {
                next.set(at, stopped(changing, "stopped", when));
            } else if (kind < 0.75 && changing.item.medicine != null) {
                next.set(at, stopped(changing, "stopped", when));
                GpMedication restarted = gpMedication(changing.item, changing.dose.changed(r));
                restarted.medicationId = changing.medicationId;
                restarted.code = changing.code;
                restarted.start = LocalDate.ofInstant(when, ZoneOffset.UTC);
                restarted.lastUpdated = when.plusSeconds(1);
                restarted.ordersUpdated = restarted.lastUpdated;
                restarted.orders = List.<String[]>of(new String[] {uuid(r), uuid(r), restarted.start.toString()});
                next.add(restarted);
            } else if (kind < 0.88) {
                next.set(at, stopped(changing, "stopped", when));
                output.defer(due, SyntheticSource.GP_FILE, gpBundle(gp, next, when), countGp(next));
                GpMedication again = changing.copy();
                again.lastUpdated = when.plus(1 + r.nextInt(20), ChronoUnit.DAYS);
                next = new ArrayList<>(next);
                next.set(at, again);
                when = again.lastUpdated;
                due = due + 1 + r.nextInt(MAX_DELAY_PATIENTS);
            } else {
                next.set(at, stopped(changing, "entered-in-error", when));
            }
            output.defer(due, SyntheticSource.GP_FILE, gpBundle(gp, next, when), countGp(next));
        }

        private GpMedication stopped(GpMedication medication, String status, Instant when) {
            GpMedication copy = medication.copy();
            copy.status = status;
            copy.end = "stopped".equals(status) ? LocalDate.ofInstant(when, ZoneOffset.UTC) : null;
            copy.lastUpdated = when;
            return copy;
        }

        private GpMedication gpMedication(Item item, Dose dose) {
            GpMedication m = new GpMedication();
            m.item = item;
            m.medicationId = uuid(r);
            m.code = gpCode(item);
            m.statementId = uuid(r);
            m.statementIdentifier = uuid(r);
            m.planId = uuid(r);
            m.planIdentifier = uuid(r);
            boolean course = item.medicine != null && item.medicine.shortCourse();
            m.dose = dose != null ? dose : new Dose(null, null, null, false, "as directed");
            if (course) {
                m.status = "completed";
                m.start = LocalDate.ofInstant(asOf, ZoneOffset.UTC).minusDays(30 + r.nextInt(700));
                m.end = m.start.plusDays(3 + r.nextInt(12));
                m.lastUpdated = m.end.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(r.nextInt(86_400));
            } else {
                m.status = "active";
                m.start = LocalDate.ofInstant(asOf, ZoneOffset.UTC).minusDays(30 + r.nextInt(3650));
                m.lastUpdated = asOf.minus(1 + r.nextInt(150), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
            }
            m.ordersUpdated = m.lastUpdated;
            LocalDate lastIssue = course ? m.start : LocalDate.ofInstant(m.lastUpdated, ZoneOffset.UTC);
            int issues = course ? 1 : 1 + r.nextInt(2);
            for (int i = 0; i < issues; i++) {
                m.orders.add(new String[] {
                    uuid(r), uuid(r), lastIssue.minusDays(28L * i).toString()
                });
            }
            return m;
        }

        private Code gpCode(Item item) {
            if (item.medicine == null || item.textOnly) {
                return item.transferDegraded
                        ? new Code(SCT, TRANSFER_DEGRADED, "Transfer-degraded medication entry")
                        : null;
            }
            List<Product> vmps = formulary.products(item.medicine, "VMP");
            if (!vmps.isEmpty()) {
                Product vmp = vmps.get(r.nextInt(vmps.size()));
                return new Code(SCT, vmp.code(), vmp.name());
            }
            return new Code(SCT, item.medicine.code(), item.medicine.name());
        }

        private Instant latest(List<GpMedication> record, Instant fallback) {
            Instant latest = fallback;
            for (GpMedication m : record) {
                if (m.lastUpdated.isAfter(latest)) {
                    latest = m.lastUpdated;
                }
            }
            return latest;
        }

        private int countGp(List<GpMedication> record) {
            int count = 1;
            for (GpMedication m : record) {
                count += 2 + m.orders.size();
            }
            return count;
        }

        private byte[] gpBundle(SyntheticSource gp, List<GpMedication> record, Instant time) throws IOException {
            return output.json(g -> {
                g.writeStartObject();
                g.writeStringField("resourceType", "Bundle");
                g.writeStringField("id", uuid(r));
                meta(g, time, gp.system());
                g.writeStringField("type", "collection");
                g.writeArrayFieldStart("entry");
                entry(g, gp.system(), "Patient", person.patientId(), () -> patientBody(g, gp, time, false));
                Set<String> medications = new HashSet<>();
                for (GpMedication m : record) {
                    if (medications.add(m.medicationId)) {
                        entry(g, gp.system(), "Medication", m.medicationId, () -> {
                            g.writeStringField("resourceType", "Medication");
                            g.writeStringField("id", m.medicationId);
                            codeableConcept(g, "code", m.code, m.code == null || m.item.textOnly ? m.item.text : null);
                        });
                    }
                }
                for (GpMedication m : record) {
                    entry(g, gp.system(), "MedicationStatement", m.statementId, () -> gpStatement(g, gp, m));
                    entry(
                            g,
                            gp.system(),
                            "MedicationRequest",
                            m.planId,
                            () -> gpRequest(
                                    g,
                                    gp,
                                    m,
                                    m.planId,
                                    m.planIdentifier,
                                    "plan",
                                    m.status,
                                    m.start.toString(),
                                    null,
                                    m.lastUpdated));
                    for (String[] order : m.orders) {
                        entry(
                                g,
                                gp.system(),
                                "MedicationRequest",
                                order[0],
                                () -> gpRequest(
                                        g,
                                        gp,
                                        m,
                                        order[0],
                                        order[1],
                                        "order",
                                        "entered-in-error".equals(m.status) ? "entered-in-error" : "completed",
                                        order[2],
                                        m.planId,
                                        "entered-in-error".equals(m.status) ? m.lastUpdated : m.ordersUpdated));
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        }

        private void gpStatement(JsonGenerator g, SyntheticSource gp, GpMedication m) throws IOException {
            g.writeStringField("resourceType", "MedicationStatement");
            g.writeStringField("id", m.statementId);
            meta(g, m.lastUpdated, gp.system());
            if (!m.orders.isEmpty()) {
                g.writeArrayFieldStart("extension");
                g.writeStartObject();
                g.writeStringField("url", LAST_ISSUE);
                g.writeStringField("valueDateTime", m.orders.get(0)[2]);
                g.writeEndObject();
                g.writeEndArray();
            }
            identifier(g, CROSS_CARE, m.statementIdentifier);
            g.writeArrayFieldStart("basedOn");
            reference(g, null, "MedicationRequest/" + m.planId);
            g.writeEndArray();
            g.writeStringField("status", m.status);
            g.writeObjectFieldStart("medicationReference");
            g.writeStringField("reference", "Medication/" + m.medicationId);
            g.writeEndObject();
            g.writeObjectFieldStart("subject");
            g.writeStringField("reference", "Patient/" + person.patientId());
            g.writeEndObject();
            g.writeObjectFieldStart("effectivePeriod");
            g.writeStringField("start", m.start.toString());
            if (m.end != null) {
                g.writeStringField("end", m.end.toString());
            }
            g.writeEndObject();
            g.writeStringField("dateAsserted", INSTANT.format(m.lastUpdated));
            g.writeArrayFieldStart("dosage");
            g.writeStartObject();
            g.writeStringField("text", m.dose.text());
            g.writeEndObject();
            g.writeEndArray();
        }

        private void gpRequest(
                JsonGenerator g,
                SyntheticSource gp,
                GpMedication m,
                String id,
                String identifier,
                String intent,
                String status,
                String authoredOn,
                String basedOnPlan,
                Instant lastUpdated)
                throws IOException {
            g.writeStringField("resourceType", "MedicationRequest");
            g.writeStringField("id", id);
            meta(g, lastUpdated, gp.system());
            identifier(g, CROSS_CARE, identifier);
            if (basedOnPlan != null) {
                g.writeArrayFieldStart("basedOn");
                reference(g, null, "MedicationRequest/" + basedOnPlan);
                g.writeEndArray();
            }
            g.writeStringField("status", status);
            g.writeStringField("intent", intent);
            g.writeObjectFieldStart("medicationReference");
            g.writeStringField("reference", "Medication/" + m.medicationId);
            g.writeEndObject();
            g.writeObjectFieldStart("subject");
            g.writeStringField("reference", "Patient/" + person.patientId());
            g.writeEndObject();
            g.writeStringField("authoredOn", authoredOn);
            boolean course = m.item.medicine != null && m.item.medicine.shortCourse();
            course(g, course);
            g.writeArrayFieldStart("dosageInstruction");
            g.writeStartObject();
            g.writeStringField("text", m.dose.text());
            g.writeEndObject();
            g.writeEndArray();
            g.writeObjectFieldStart("dispenseRequest");
            g.writeObjectFieldStart("validityPeriod");
            g.writeStringField("start", authoredOn);
            if ("plan".equals(intent) && m.end != null) {
                g.writeStringField("end", m.end.toString());
            }
            g.writeEndObject();
            if ("plan".equals(intent) && !course) {
                g.writeNumberField("numberOfRepeatsAllowed", 6);
            }
            quantity(g, "expectedSupplyDuration", BigDecimal.valueOf(course ? 7 : 28), "day", "d");
            g.writeEndObject();
        }

        // --- acute: Patient, Encounter, UK Core inpatient MedicationRequests ------------------

        private void writeAcute() throws IOException {
            SyntheticSource trust = plan.acute;
            String file = SyntheticSource.ACUTE_FILE;
            LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
            Instant admittedAt = today.minusDays(plan.admitted ? 1 + r.nextInt(14) : 15 + r.nextInt(200))
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .plusSeconds(r.nextInt(86_400));
            Instant dischargedAt = plan.admitted
                    ? null
                    : admittedAt.plus(1 + r.nextInt(10), ChronoUnit.DAYS).plusSeconds(r.nextInt(36_000));
            boolean eventStream = !plan.admitted && r.nextDouble() < 0.3;
            String encounterId = uuid(r);
            String encounterIdentifier = uuid(r);
            String encounterClass = r.nextDouble() < 0.9 ? "IMP" : "EMER";
            output.write(file, output.json(g -> patient(g, trust, admittedAt)), 1);
            if (eventStream || plan.admitted) {
                output.write(
                        file,
                        output.json(g -> encounter(
                                g,
                                trust,
                                encounterId,
                                encounterIdentifier,
                                encounterClass,
                                "in-progress",
                                admittedAt,
                                null,
                                admittedAt)),
                        1);
            }
            List<byte[]> discharge = new ArrayList<>();
            if (!plan.admitted) {
                byte[] finished = output.json(g -> encounter(
                        g,
                        trust,
                        encounterId,
                        encounterIdentifier,
                        encounterClass,
                        "finished",
                        admittedAt,
                        dischargedAt,
                        dischargedAt));
                if (eventStream) {
                    discharge.add(finished);
                } else {
                    output.write(file, finished, 1);
                }
            }
            for (Item item : plan.items) {
                if (!item.acute) {
                    continue;
                }
                Code code = new Code(DMD, item.medicine.code(), item.medicine.name());
                Dose dose = Dose.of(item.medicine);
                if (!item.hospitalOnly && r.nextDouble() < HOSPITAL_DOSE_CHANGE) {
                    dose = dose.changed(r);
                }
                String id = uuid(r);
                String identifier = uuid(r);
                Instant authored = admittedAt.plusSeconds(600 + r.nextInt(7200));
                Dose finalDose = dose;
                if (plan.admitted || eventStream) {
                    byte[] active = output.json(g -> inpatientOrder(
                            g,
                            trust,
                            id,
                            identifier,
                            "active",
                            code,
                            item,
                            finalDose,
                            authored,
                            authored,
                            encounterId));
                    output.write(file, active, 1);
                    if (r.nextDouble() < RESEND) {
                        output.defer(delay(), file, active, 1);
                    }
                    if (plan.admitted) {
                        versions(file, trust, id, identifier, code, item, finalDose, authored, encounterId);
                    }
                }
                if (!plan.admitted) {
                    byte[] completed = output.json(g -> inpatientOrder(
                            g,
                            trust,
                            id,
                            identifier,
                            "completed",
                            code,
                            item,
                            finalDose,
                            authored,
                            dischargedAt,
                            encounterId));
                    if (eventStream) {
                        discharge.add(completed);
                    } else {
                        output.write(file, completed, 1);
                    }
                }
            }
            if (!discharge.isEmpty()) {
                int due = delay();
                for (byte[] line : discharge) {
                    output.defer(due, file, line, 1);
                }
            }
        }

        /** Later versions of an active inpatient order: stopped, restarted, a new dose, entered-in-error. */
        private void versions(
                String file,
                SyntheticSource trust,
                String id,
                String identifier,
                Code code,
                Item item,
                Dose dose,
                Instant authored,
                String encounterId)
                throws IOException {
            double chance = r.nextDouble();
            if (chance < ENTERED_IN_ERROR) {
                Instant when = authored.plus(1 + r.nextInt(48), ChronoUnit.HOURS);
                output.defer(
                        delay(),
                        file,
                        output.json(g -> inpatientOrder(
                                g,
                                trust,
                                id,
                                identifier,
                                "entered-in-error",
                                code,
                                item,
                                dose,
                                authored,
                                when,
                                encounterId)),
                        1);
            } else if (chance < ENTERED_IN_ERROR + NEWER_VERSION) {
                double kind = r.nextDouble();
                Instant when = authored.plus(1 + r.nextInt(72), ChronoUnit.HOURS);
                int due = delay();
                if (kind < 0.5) {
                    output.defer(
                            due,
                            file,
                            output.json(g -> inpatientOrder(
                                    g,
                                    trust,
                                    id,
                                    identifier,
                                    "stopped",
                                    code,
                                    item,
                                    dose,
                                    authored,
                                    when,
                                    encounterId)),
                            1);
                } else if (kind < 0.85) {
                    Dose changed = dose.changed(r);
                    output.defer(
                            due,
                            file,
                            output.json(g -> inpatientOrder(
                                    g,
                                    trust,
                                    id,
                                    identifier,
                                    "active",
                                    code,
                                    item,
                                    changed,
                                    authored,
                                    when,
                                    encounterId)),
                            1);
                } else {
                    Instant again = when.plus(1 + r.nextInt(48), ChronoUnit.HOURS);
                    output.defer(
                            due,
                            file,
                            output.json(g -> inpatientOrder(
                                    g,
                                    trust,
                                    id,
                                    identifier,
                                    "on-hold",
                                    code,
                                    item,
                                    dose,
                                    authored,
                                    when,
                                    encounterId)),
                            1);
                    output.defer(
                            due + 1 + r.nextInt(MAX_DELAY_PATIENTS),
                            file,
                            output.json(g -> inpatientOrder(
                                    g,
                                    trust,
                                    id,
                                    identifier,
                                    "active",
                                    code,
                                    item,
                                    dose,
                                    authored,
                                    again,
                                    encounterId)),
                            1);
                }
            }
        }

        private void inpatientOrder(
                JsonGenerator g,
                SyntheticSource trust,
                String id,
                String identifier,
                String status,
                Code code,
                Item item,
                Dose dose,
                Instant authored,
                Instant lastUpdated,
                String encounterId)
                throws IOException {
            g.writeStartObject();
            g.writeStringField("resourceType", "MedicationRequest");
            g.writeStringField("id", id);
            meta(g, lastUpdated, trust.system());
            identifier(g, trust.system() + "/Id/medication-order", identifier);
            g.writeStringField("status", status);
            g.writeStringField("intent", "order");
            category(g, true, MR_CATEGORY, "inpatient", "Inpatient");
            codeableConcept(g, "medicationCodeableConcept", code, null);
            subjectByNhsNumber(g);
            g.writeObjectFieldStart("encounter");
            g.writeStringField("reference", "Encounter/" + encounterId);
            g.writeEndObject();
            g.writeStringField("authoredOn", INSTANT.format(authored));
            course(g, item.medicine.shortCourse());
            dosage(g, "dosageInstruction", dose);
            g.writeEndObject();
        }

        private void encounter(
                JsonGenerator g,
                SyntheticSource source,
                String id,
                String identifier,
                String encounterClass,
                String status,
                Instant start,
                Instant end,
                Instant lastUpdated)
                throws IOException {
            g.writeStartObject();
            g.writeStringField("resourceType", "Encounter");
            g.writeStringField("id", id);
            meta(g, lastUpdated, source.system());
            identifier(g, source.system() + "/Id/encounter", identifier);
            g.writeStringField("status", status);
            g.writeObjectFieldStart("class");
            g.writeStringField("system", ACT_CODE);
            g.writeStringField("code", encounterClass);
            g.writeStringField("display", "IMP".equals(encounterClass) ? "inpatient encounter" : "emergency");
            g.writeEndObject();
            subjectByNhsNumber(g);
            g.writeObjectFieldStart("period");
            g.writeStringField("start", INSTANT.format(start));
            if (end != null) {
                g.writeStringField("end", INSTANT.format(end));
            }
            g.writeEndObject();
            g.writeEndObject();
        }

        // --- mental health: Patient, sometimes an Encounter, UK Core MedicationStatements -------

        private void writeMentalHealth() throws IOException {
            SyntheticSource trust = plan.mentalHealth;
            String file = SyntheticSource.MENTAL_HEALTH_FILE;
            Instant seen = asOf.minus(1 + r.nextInt(300), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
            output.write(file, output.json(g -> patient(g, trust, seen)), 1);
            if (r.nextDouble() < 0.08) {
                boolean inpatient = r.nextDouble() < 0.4;
                Instant start = asOf.minus(2 + r.nextInt(60), ChronoUnit.DAYS);
                Instant end = inpatient ? null : start.plus(3 + r.nextInt(40), ChronoUnit.DAYS);
                String id = uuid(r);
                String identifier = uuid(r);
                output.write(
                        file,
                        output.json(g -> encounter(
                                g,
                                trust,
                                id,
                                identifier,
                                "IMP",
                                inpatient ? "in-progress" : "finished",
                                start,
                                end,
                                end == null ? start : end)),
                        1);
            }
            for (Item item : plan.items) {
                if (!item.mentalHealth) {
                    continue;
                }
                String id = uuid(r);
                String identifier = uuid(r);
                Code code = item.textOnly ? null : new Code(DMD, item.medicine.code(), item.medicine.name());
                LocalDate start = LocalDate.ofInstant(asOf, ZoneOffset.UTC).minusDays(30 + r.nextInt(1500));
                Instant updated =
                        asOf.minus(1 + r.nextInt(200), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
                Dose dose = Dose.of(item.medicine);
                byte[] line = output.json(
                        g -> statement(g, trust, id, identifier, "active", code, item, dose, start, null, updated));
                output.write(file, line, 1);
                if (r.nextDouble() < RESEND) {
                    output.defer(delay(), file, line, 1);
                }
                double chance = r.nextDouble();
                if (chance < ENTERED_IN_ERROR) {
                    Instant when = updated.plus(1 + r.nextInt(10), ChronoUnit.DAYS);
                    output.defer(
                            delay(),
                            file,
                            output.json(g -> statement(
                                    g, trust, id, identifier, "entered-in-error", code, item, dose, start, null, when)),
                            1);
                } else if (chance < ENTERED_IN_ERROR + NEWER_VERSION) {
                    Instant when = updated.plus(1 + r.nextInt(30), ChronoUnit.DAYS);
                    LocalDate ended = LocalDate.ofInstant(when, ZoneOffset.UTC);
                    Dose changed = dose.changed(r);
                    boolean stop = r.nextBoolean();
                    output.defer(
                            delay(),
                            file,
                            output.json(g -> statement(
                                    g,
                                    trust,
                                    id,
                                    identifier,
                                    stop ? "stopped" : "active",
                                    code,
                                    item,
                                    stop ? dose : changed,
                                    start,
                                    stop ? ended : null,
                                    when)),
                            1);
                }
            }
        }

        private void statement(
                JsonGenerator g,
                SyntheticSource source,
                String id,
                String identifier,
                String status,
                Code code,
                Item item,
                Dose dose,
                LocalDate start,
                LocalDate end,
                Instant lastUpdated)
                throws IOException {
            g.writeStartObject();
            g.writeStringField("resourceType", "MedicationStatement");
            g.writeStringField("id", id);
            meta(g, lastUpdated, source.system());
            identifier(g, source.system() + "/Id/medication-statement", identifier);
            g.writeStringField("status", status);
            category(g, false, MS_CATEGORY, "community", "Community");
            codeableConcept(g, "medicationCodeableConcept", code, code == null ? item.text : null);
            subjectByNhsNumber(g);
            g.writeObjectFieldStart("effectivePeriod");
            g.writeStringField("start", start.toString());
            if (end != null) {
                g.writeStringField("end", end.toString());
            }
            g.writeEndObject();
            g.writeStringField("dateAsserted", INSTANT.format(lastUpdated));
            dosage(g, "dosage", dose);
            g.writeEndObject();
        }

        // --- homecare and drug team: EPS-style prescription-order messages --------------------

        private void writeHomecare() throws IOException {
            SyntheticSource provider = plan.homecare;
            String file = SyntheticSource.HOMECARE_FILE;
            for (Item item : plan.items) {
                if (!item.homecare) {
                    continue;
                }
                List<Product> amps = formulary.products(item.medicine, "AMP");
                List<Product> ampps = formulary.products(item.medicine, "AMPP");
                Code prescribed = amps.isEmpty()
                        ? new Code(SCT, item.medicine.code(), item.medicine.name())
                        : productCode(amps.get(r.nextInt(amps.size())));
                Dose dose = Dose.of(item.medicine);
                String originalIdentifier = uuid(r);
                Instant first = asOf.minus(60 + r.nextInt(300), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
                byte[] original = epsMessage(
                        provider,
                        "original-order",
                        originalIdentifier,
                        null,
                        prescribed,
                        dose,
                        first,
                        "outpatient",
                        "Outpatient");
                output.write(file, original, 2);
                if (r.nextDouble() < RESEND) {
                    output.defer(delay(), file, original, 2);
                }
                int issues = 1 + r.nextInt(2);
                int due = index;
                for (int i = 1; i <= issues; i++) {
                    Code dispensed = ampps.isEmpty() ? prescribed : productCode(ampps.get(r.nextInt(ampps.size())));
                    Instant when = first.plus(28L * i, ChronoUnit.DAYS);
                    due = due + 1 + r.nextInt(MAX_DELAY_PATIENTS);
                    output.defer(
                            due,
                            file,
                            epsMessage(
                                    provider,
                                    "instance-order",
                                    uuid(r),
                                    originalIdentifier,
                                    dispensed,
                                    dose,
                                    when,
                                    "outpatient",
                                    "Outpatient"),
                            2);
                }
            }
        }

        private void writeDrugTeam() throws IOException {
            SyntheticSource team = plan.drugTeam;
            String file = SyntheticSource.DRUG_TEAM_FILE;
            for (Item item : plan.items) {
                if (!item.drugTeam) {
                    continue;
                }
                Code code = new Code(SCT, item.medicine.code(), item.medicine.name());
                Dose dose = Dose.of(item.medicine);
                String identifier = uuid(r);
                Instant when = asOf.minus(7 + r.nextInt(200), ChronoUnit.DAYS).plusSeconds(r.nextInt(86_400));
                String groupId = prescriptionId(r);
                String messageId = uuid(r);
                String requestId = uuid(r);
                byte[] message = epsMessage(
                        team,
                        messageId,
                        requestId,
                        groupId,
                        "original-order",
                        identifier,
                        null,
                        code,
                        dose,
                        when,
                        "community",
                        "Community",
                        "active");
                output.write(file, message, 2);
                if (r.nextDouble() < RESEND) {
                    output.defer(delay(), file, message, 2);
                }
                if (r.nextDouble() < 0.25) {
                    Dose titrated = dose.changed(r);
                    Instant later = when.plus(7 + r.nextInt(21), ChronoUnit.DAYS);
                    output.defer(
                            delay(),
                            file,
                            epsMessage(
                                    team,
                                    uuid(r),
                                    requestId,
                                    groupId,
                                    "original-order",
                                    identifier,
                                    null,
                                    code,
                                    titrated,
                                    later,
                                    "community",
                                    "Community",
                                    "active"),
                            2);
                }
            }
        }

        private byte[] epsMessage(
                SyntheticSource source,
                String intent,
                String identifier,
                String basedOnIdentifier,
                Code code,
                Dose dose,
                Instant when,
                String category,
                String categoryDisplay)
                throws IOException {
            return epsMessage(
                    source,
                    uuid(r),
                    uuid(r),
                    prescriptionId(r),
                    intent,
                    identifier,
                    basedOnIdentifier,
                    code,
                    dose,
                    when,
                    category,
                    categoryDisplay,
                    "active");
        }

        private byte[] epsMessage(
                SyntheticSource source,
                String messageId,
                String requestId,
                String groupId,
                String intent,
                String identifier,
                String basedOnIdentifier,
                Code code,
                Dose dose,
                Instant when,
                String category,
                String categoryDisplay,
                String status)
                throws IOException {
            String headerId = uuid(r);
            String patientUrn = "urn:uuid:" + person.patientId();
            return output.json(g -> {
                g.writeStartObject();
                g.writeStringField("resourceType", "Bundle");
                g.writeStringField("id", messageId);
                meta(g, when, source.system());
                g.writeObjectFieldStart("identifier");
                g.writeStringField("system", "https://tools.ietf.org/html/rfc4122");
                g.writeStringField("value", messageId);
                g.writeEndObject();
                g.writeStringField("type", "message");
                g.writeStringField("timestamp", INSTANT.format(when));
                g.writeArrayFieldStart("entry");
                g.writeStartObject();
                g.writeStringField("fullUrl", "urn:uuid:" + headerId);
                g.writeObjectFieldStart("resource");
                g.writeStringField("resourceType", "MessageHeader");
                g.writeStringField("id", headerId);
                g.writeObjectFieldStart("eventCoding");
                g.writeStringField("system", "https://fhir.nhs.uk/CodeSystem/message-event");
                g.writeStringField("code", "prescription-order");
                g.writeStringField("display", "Prescription Order");
                g.writeEndObject();
                g.writeObjectFieldStart("source");
                g.writeStringField("endpoint", source.system());
                g.writeEndObject();
                g.writeArrayFieldStart("focus");
                reference(g, null, "urn:uuid:" + requestId);
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
                g.writeStartObject();
                g.writeStringField("fullUrl", patientUrn);
                g.writeObjectFieldStart("resource");
                patientBody(g, source, when, true);
                g.writeEndObject();
                g.writeEndObject();
                g.writeStartObject();
                g.writeStringField("fullUrl", "urn:uuid:" + requestId);
                g.writeObjectFieldStart("resource");
                g.writeStringField("resourceType", "MedicationRequest");
                g.writeStringField("id", requestId);
                meta(g, when, source.system());
                identifier(g, "https://fhir.nhs.uk/Id/prescription-order-item-number", identifier);
                if (basedOnIdentifier != null) {
                    g.writeArrayFieldStart("basedOn");
                    g.writeStartObject();
                    g.writeObjectFieldStart("identifier");
                    g.writeStringField("system", "https://fhir.nhs.uk/Id/prescription-order-item-number");
                    g.writeStringField("value", basedOnIdentifier);
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                }
                g.writeStringField("status", status);
                g.writeStringField("intent", intent);
                category(g, true, MR_CATEGORY, category, categoryDisplay);
                codeableConcept(g, "medicationCodeableConcept", code, null);
                g.writeObjectFieldStart("subject");
                g.writeStringField("reference", patientUrn);
                g.writeEndObject();
                g.writeStringField("authoredOn", INSTANT.format(when));
                g.writeObjectFieldStart("groupIdentifier");
                g.writeStringField("system", "https://fhir.nhs.uk/Id/prescription-order-number");
                g.writeStringField("value", groupId);
                g.writeEndObject();
                g.writeObjectFieldStart("courseOfTherapyType");
                g.writeArrayFieldStart("coding");
                g.writeStartObject();
                g.writeStringField("system", COURSE);
                g.writeStringField("code", "continuous");
                g.writeStringField("display", "Continuous long term therapy");
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
                dosage(g, "dosageInstruction", dose);
                g.writeObjectFieldStart("dispenseRequest");
                if ("original-order".equals(intent)) {
                    g.writeNumberField("numberOfRepeatsAllowed", 5);
                }
                quantity(g, "expectedSupplyDuration", BigDecimal.valueOf(28), "day", "d");
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
                g.writeEndObject();
            });
        }

        private Code productCode(Product product) {
            return new Code(SCT, product.code(), product.name());
        }

        // --- shared pieces --------------------------------------------------------------------

        private void patient(JsonGenerator g, SyntheticSource source, Instant lastUpdated) throws IOException {
            g.writeStartObject();
            patientBody(g, source, lastUpdated, false);
            g.writeEndObject();
        }

        /** The Patient's fields (inside an object the caller opened). */
        private void patientBody(JsonGenerator g, SyntheticSource source, Instant lastUpdated, boolean bare)
                throws IOException {
            g.writeStringField("resourceType", "Patient");
            g.writeStringField("id", person.patientId());
            if (!bare) {
                meta(g, lastUpdated, source.system());
            }
            g.writeArrayFieldStart("identifier");
            g.writeStartObject();
            g.writeStringField("system", NHS);
            g.writeStringField("value", person.nhs());
            g.writeEndObject();
            g.writeEndArray();
            g.writeStringField("gender", person.gender());
            g.writeStringField("birthDate", person.birthDate().toString());
        }

        /**
         * A Bundle entry: {@code fields} writes the resource's fields. The fullUrl is the resource's
         * RESTful URL on the GP system, because the GP resources refer to each other as "Patient/id" and
         * "Medication/id": FHIR resolves such relative references only against a RESTful fullUrl (with a
         * urn:uuid fullUrl they point nowhere, and HAPI replaces the resource id with the urn).
         */
        private void entry(JsonGenerator g, String base, String type, String id, Fields fields) throws IOException {
            g.writeStartObject();
            g.writeStringField("fullUrl", base + "/" + type + "/" + id);
            g.writeObjectFieldStart("resource");
            fields.write();
            g.writeEndObject();
            g.writeEndObject();
        }

        private void subjectByNhsNumber(JsonGenerator g) throws IOException {
            g.writeObjectFieldStart("subject");
            g.writeObjectFieldStart("identifier");
            g.writeStringField("system", NHS);
            g.writeStringField("value", person.nhs());
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    // --- JSON pieces (no state) ---------------------------------------------------------------

    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    @FunctionalInterface
    interface Fields {
        void write() throws IOException;
    }

    static void meta(JsonGenerator g, Instant lastUpdated, String source) throws IOException {
        g.writeObjectFieldStart("meta");
        g.writeStringField("lastUpdated", INSTANT.format(lastUpdated.truncatedTo(ChronoUnit.SECONDS)));
        g.writeStringField("source", source);
        g.writeEndObject();
    }

    static void identifier(JsonGenerator g, String system, String value) throws IOException {
        g.writeArrayFieldStart("identifier");
        g.writeStartObject();
        g.writeStringField("system", system);
        g.writeStringField("value", value);
        g.writeEndObject();
        g.writeEndArray();
    }

    static void reference(JsonGenerator g, String field, String reference) throws IOException {
        if (field != null) {
            g.writeObjectFieldStart(field);
        } else {
            g.writeStartObject();
        }
        g.writeStringField("reference", reference);
        g.writeEndObject();
    }

    static void codeableConcept(JsonGenerator g, String field, Code code, String text) throws IOException {
        g.writeObjectFieldStart(field);
        if (code != null) {
            g.writeArrayFieldStart("coding");
            g.writeStartObject();
            g.writeStringField("system", code.system());
            g.writeStringField("code", code.code());
            g.writeStringField("display", code.display());
            g.writeEndObject();
            g.writeEndArray();
        }
        if (text != null) {
            g.writeStringField("text", text);
        }
        g.writeEndObject();
    }

    static void category(JsonGenerator g, boolean array, String system, String code, String display)
            throws IOException {
        if (array) {
            g.writeArrayFieldStart("category");
            g.writeStartObject();
        } else {
            g.writeObjectFieldStart("category");
        }
        g.writeArrayFieldStart("coding");
        g.writeStartObject();
        g.writeStringField("system", system);
        g.writeStringField("code", code);
        g.writeStringField("display", display);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        if (array) {
            g.writeEndArray();
        }
    }

    static void course(JsonGenerator g, boolean acute) throws IOException {
        g.writeObjectFieldStart("courseOfTherapyType");
        g.writeArrayFieldStart("coding");
        g.writeStartObject();
        g.writeStringField("system", COURSE);
        g.writeStringField("code", acute ? "acute" : "continuous");
        g.writeStringField("display", acute ? "Short course (acute) therapy" : "Continuous long term therapy");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    static void quantity(JsonGenerator g, String field, BigDecimal value, String unit, String ucum) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("value", value);
        g.writeStringField("unit", unit);
        g.writeStringField("system", "http://unitsofmeasure.org");
        g.writeStringField("code", ucum);
        g.writeEndObject();
    }

    /** A structured dose with its text. */
    static void dosage(JsonGenerator g, String field, Dose dose) throws IOException {
        g.writeArrayFieldStart(field);
        g.writeStartObject();
        g.writeStringField("text", dose.text());
        if (dose.timing() != null) {
            g.writeObjectFieldStart("timing");
            g.writeObjectFieldStart("repeat");
            g.writeNumberField("frequency", dose.timing().frequency());
            g.writeNumberField("period", dose.timing().period());
            g.writeStringField("periodUnit", dose.timing().unit());
            g.writeEndObject();
            g.writeEndObject();
        }
        if (dose.asNeeded()) {
            g.writeBooleanField("asNeededBoolean", true);
        }
        if (dose.value() != null) {
            g.writeArrayFieldStart("doseAndRate");
            g.writeStartObject();
            g.writeObjectFieldStart("doseQuantity");
            g.writeNumberField("value", dose.value());
            g.writeStringField("unit", dose.unit());
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndArray();
    }

    // =================================================================================================
    // Output: the files, the noise queue, patients.csv
    // =================================================================================================

    private static final class Output implements AutoCloseable {
        private record Deferred(int due, long sequence, String file, byte[] line, int resources) {}

        private final Map<String, OutputStream> files = new LinkedHashMap<>();
        private final Map<String, Long> lines = new LinkedHashMap<>();
        private final Map<String, Long> resources = new LinkedHashMap<>();
        private final PriorityQueue<Deferred> deferred = new PriorityQueue<>(
                (a, b) -> a.due != b.due ? Integer.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
        private final OutputStream patients;
        private final JsonFactory factory = JsonFactory.builder()
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        private long sequence;

        Output(Path dir) throws IOException {
            for (String file : SyntheticSource.FILES) {
                files.put(file, new BufferedOutputStream(Files.newOutputStream(dir.resolve(file)), 1 << 20));
                lines.put(file, 0L);
                resources.put(file, 0L);
            }
            patients = new BufferedOutputStream(Files.newOutputStream(dir.resolve("patients.csv")), 1 << 18);
            patients.write("nhs_number,gender,birth_date,age,medicines,settings,admitted\n"
                    .getBytes(StandardCharsets.US_ASCII));
        }

        byte[] json(JsonBody body) throws IOException {
            buffer.reset();
            try (JsonGenerator g = factory.createGenerator(buffer, JsonEncoding.UTF8)) {
                body.write(g);
            }
            return buffer.toByteArray();
        }

        void write(String file, byte[] line, int resourceCount) throws IOException {
            OutputStream out = files.get(file);
            out.write(line);
            out.write('\n');
            lines.merge(file, 1L, Long::sum);
            resources.merge(file, (long) resourceCount, Long::sum);
        }

        void defer(int due, String file, byte[] line, int resourceCount) {
            deferred.add(new Deferred(due, sequence++, file, line, resourceCount));
        }

        void flushDue(int index) throws IOException {
            while (!deferred.isEmpty() && deferred.peek().due <= index) {
                Deferred next = deferred.poll();
                write(next.file, next.line, next.resources);
            }
        }

        void flushAll() throws IOException {
            flushDue(Integer.MAX_VALUE);
        }

        void patientRow(PatientPlan plan) throws IOException {
            Person p = plan.person;
            String row = p.nhs() + "," + p.gender() + "," + p.birthDate() + "," + p.age() + "," + plan.items.size()
                    + "," + String.join(";", plan.settings()) + "," + plan.admitted + "\n";
            patients.write(row.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void close() throws IOException {
            for (OutputStream out : files.values()) {
                out.close();
            }
            patients.close();
        }
    }

    private static final class Stats {
        private final Map<String, Integer> bySetting = new LinkedHashMap<>();
        private int onFiveOrMore;
        private long medicines;
        private int admitted;

        Stats() {
            for (String setting : List.of("gp", "acute", "mental-health", "homecare", "community-drug-team")) {
                bySetting.put(setting, 0);
            }
        }

        void add(PatientPlan plan) {
            for (String setting : plan.settings()) {
                bySetting.merge(setting, 1, Integer::sum);
            }
            medicines += plan.items.size();
            if (plan.items.size() >= 5) {
                onFiveOrMore++;
            }
            if (plan.admitted) {
                admitted++;
            }
        }

        Result result(int patients, Output output) {
            return new Result(
                    patients,
                    Collections.unmodifiableMap(new LinkedHashMap<>(output.lines)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(output.resources)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(bySetting)),
                    onFiveOrMore,
                    medicines,
                    admitted);
        }
    }

    // =================================================================================================
    // Randomness
    // =================================================================================================

    /** Stafford's variant 13 of the MurmurHash3 finaliser: spreads seeds so neighbouring ones share nothing. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static String uuid(SplittableRandom r) {
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** An EPS-like short-form prescription id: three groups of six. */
    static String prescriptionId(SplittableRandom r) {
        String hex = "0123456789ABCDEF";
        StringBuilder id = new StringBuilder(20);
        for (int group = 0; group < 3; group++) {
            if (group > 0) {
                id.append('-');
            }
            for (int i = 0; i < 6; i++) {
                id.append(hex.charAt(r.nextInt(16)));
            }
        }
        return id.toString();
    }

    static int poisson(double mean, SplittableRandom r) {
        double limit = Math.exp(-mean);
        double product = r.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= r.nextDouble();
            count++;
        }
        return count;
    }

    private static int pick(double[] weights, SplittableRandom r) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double ticket = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            ticket -= weights[i];
            if (ticket < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static int band(int age) {
        for (int i = AGE_FROM.length - 1; i >= 0; i--) {
            if (age >= AGE_FROM[i]) {
                return i;
            }
        }
        return 0;
    }
}
