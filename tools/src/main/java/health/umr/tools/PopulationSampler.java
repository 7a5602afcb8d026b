package health.umr.tools;

import static health.umr.tools.Randomness.pick;
import static health.umr.tools.Randomness.poisson;
import static health.umr.tools.Randomness.uuid;

import health.umr.tools.Formulary.Medicine;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Sampling: who each patient is (age, sex), which sources hold them and which medicines they take,
 * drawn from one patient's own random stream so patient i depends only on the seed and i.
 */
final class PopulationSampler {

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

    private final List<SyntheticSource> sources = SyntheticSource.all();
    private final Pool gpPool;
    private final Pool mentalHealthPool;
    private final Pool homecarePool;
    private final Pool drugTeamPool;
    private final Pool hospitalOnlyPool;

    PopulationSampler(Formulary formulary) {
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
    // The population
    // =================================================================================================

    record Person(int index, String nhs, String gender, LocalDate birthDate, int age, String patientId) {}

    static Person person(int index, String nhs, SplittableRandom r, Instant asOf) {
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

    PatientPlan plan(Person person, SplittableRandom r) {
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

    private static int band(int age) {
        for (int i = AGE_FROM.length - 1; i >= 0; i--) {
            if (age >= AGE_FROM[i]) {
                return i;
            }
        }
        return 0;
    }
}
