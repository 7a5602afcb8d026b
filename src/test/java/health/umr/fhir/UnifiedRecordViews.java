package health.umr.fhir;

import health.umr.alerts.AlertStates;
import health.umr.alerts.ClinicalAlerts;
import health.umr.dmd.Dmd;
import health.umr.dmd.SnomedId;
import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.ClinicalRecord;
import health.umr.domain.EncounterRecord;
import health.umr.domain.Gender;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.ReferenceTime;
import health.umr.domain.Source;
import health.umr.domain.VersionStamp;
import health.umr.reconcile.Records;
import health.umr.records.PatientRecordBuilder;
import health.umr.records.RecordVersion;
import health.umr.records.RecordView;
import health.umr.sources.SourceRegistry;
import health.umr.store.SourceRecordRepository;
import health.umr.support.DmdFixtures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Unified-record views built without a database, as a read builds them: source records reconciled by
 * the real {@link PatientRecordBuilder} over the test dm+d release, alerts evaluated at the reading
 * time, acknowledgements applied by {@link AlertStates}. {@link #realistic()} is the benchmarks' patient
 * (ten medicines from four sources, admitted, with alerts and acknowledgements); {@link #of(Spec)}
 * builds any variation the properties generate.
 */
public final class UnifiedRecordViews {

    // the sources every domain test shares (reconcile.Records)
    static final Source GP = Records.GP;
    static final Source ACUTE = Records.ACUTE;
    static final Source MENTAL_HEALTH = Records.MENTAL_HEALTH;
    static final Source HOMECARE = Records.HOMECARE;
    static final List<Source> SOURCES = List.of(GP, ACUTE, MENTAL_HEALTH, HOMECARE);

    /** dm+d codes of the test release (VMPs, VTMs, a retired one) and null for a text-only medicine. */
    static final List<String> CODES = List.of(
            synthetic(104), // amitriptyline 10mg tablets
            synthetic(101), // co-careldopa 25/100 tablets (time-critical)
            synthetic(105), // apixaban 5mg tablets
            synthetic(107), // sertraline 50mg tablets
            synthetic(109), // omeprazole 20mg capsules
            synthetic(111), // insulin glargine pre-filled (time-critical)
            "318136009", // co-amilofruse 5/40 tablets
            "346377002", // co-careldopa, retired
            "40589005", // amitriptyline VTM
            "3549611000001100", // Nutrison liquid (a VMP without a VTM)
            "");

    private static final NhsNumber PATIENT = NhsNumber.parse("9449306680");
    private static Dmd dmd;
    private static PatientRecordBuilder builder;

    private UnifiedRecordViews() {}

    /** One medicine as each of its sources holds it. */
    public record Medicine(String code, String text, List<Held> held) {}

    /** One source's record of a medicine: which source, statement or order, status, dosage, status reason. */
    public record Held(int source, boolean order, String status, String dosage, String statusReason, int day) {}

    /** An acknowledgement of the n-th alert (modulo the alerts there are). */
    public record Ack(
            int alert, int outcome, String reason, Long untilMinutes, String user, String client, int minutesAgo) {}

    /**
     * Everything a view is built from: the medicines, whether the patient is in hospital (and since
     * when), sex and birth date, the acknowledgements, when the version was recorded, and when it is
     * read.
     */
    public record Spec(
            List<Medicine> medicines,
            Integer admittedMinutesAgo,
            Gender gender,
            LocalDate birthDate,
            List<Ack> acks,
            Instant recordedAt,
            long readMinutesLater,
            int version) {}

    private static final List<String> STATUSES = List.of(
            "active",
            "active",
            "active",
            "stopped",
            "completed",
            "entered-in-error",
            "on-hold",
            "cancelled",
            "intended");

    /** Texts that stress HAPI's blanks and Jackson's escaping. */
    private static final List<String> TEXTS = List.of(
            "10mg at night",
            "",
            " ",
            "\t\n",
            "une fois par jour, ½ comprimé « au coucher » — 5 µg",
            "say \"when\" \\ path/to",
            "line\nbreak\r\ttab",
            "\u0000\u0001\u001f\u007f control",
            "emoji \uD83D\uDE00 and \u2028 separator",
            "<b>&amp;</b> '",
            "  padded  ");

    /**
     * Specs of any record: any mix of dm+d-coded and text-only medicines from four sources, statuses,
     * doses and reasons with blanks, quotes, control characters and text outside the BMP, in hospital or
     * not, acknowledgements with and without an end, read at any time after the version was recorded.
     */
    public static Arbitrary<Spec> specs() {
        Arbitrary<String> text = Arbitraries.of(TEXTS);
        Arbitrary<String> maybeText = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(null)), net.jqwik.api.Tuple.of(2, text));
        Arbitrary<Held> held = Combinators.combine(
                        Arbitraries.integers().between(0, SOURCES.size() - 1),
                        Arbitraries.of(true, false),
                        Arbitraries.of(STATUSES),
                        maybeText,
                        maybeText,
                        Arbitraries.integers().between(0, 330))
                .as(Held::new);
        Arbitrary<Medicine> medicine = Combinators.combine(
                        Arbitraries.of(CODES),
                        maybeText,
                        held.list().ofMinSize(1).ofMaxSize(4))
                .as((code, name, helds) -> new Medicine(code, code.isEmpty() && name == null ? "Herbal" : name, helds));
        Arbitrary<Ack> ack = Combinators.combine(
                        Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 2),
                        text,
                        Arbitraries.longs().between(-600, 6000).injectNull(0.4),
                        Arbitraries.of("dr.jones", "nurse ali", " ", "Zoë"),
                        maybeText,
                        Arbitraries.integers().between(0, 3000))
                .as(Ack::new);
        Arbitrary<Instant> recorded = Combinators.combine(
                        Arbitraries.longs().between(1_780_000_000L, 1_800_000_000L),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        return Combinators.combine(
                        medicine.list().ofMaxSize(8),
                        Arbitraries.integers().between(0, 5000).injectNull(0.4),
                        Arbitraries.of(Gender.values()).injectNull(0.2),
                        Arbitraries.integers()
                                .between(0, 90 * 365)
                                .map(d -> LocalDate.parse("2026-06-01").minusDays(d)),
                        ack.list().ofMaxSize(4),
                        recorded,
                        Arbitraries.longs().between(0, 10_000),
                        Arbitraries.integers().between(1, 500))
                .as(Spec::new);
    }

    public static synchronized ClinicalAlerts rules() {
        return builder().alerts();
    }

    /**
     * The benchmarks' patient: ten medicines (one text only) held by GP, acute, mental health and homecare
     * with differing doses and a stopped order, in hospital for 30 hours, so the omission, burden,
     * duplication, discrepancy and unmapped rules have work; two alerts acknowledged.
     */
    public static RecordView realistic() {
        return of(realisticSpec());
    }

    /** The spec of {@link #realistic()}. */
    public static Spec realisticSpec() {
        String[] doses = {
            "10mg at night",
            "1 tablet four times a day",
            "5mg twice a day",
            "50mg once a day",
            "20mg once a day",
            "20 units at night",
            "1 tablet in the morning",
            "as directed",
            "10mg at night",
            "500ml daily",
            "Herbal remedy, as needed"
        };
        List<Medicine> medicines = new ArrayList<>();
        for (int m = 0; m < CODES.size(); m++) {
            List<Held> held = new ArrayList<>();
            held.add(new Held(0, false, "active", doses[m], null, 1 + m));
            held.add(new Held(0, true, "active", doses[m], null, 2 + m));
            if (m < 7) {
                held.add(new Held(
                        1,
                        true,
                        m == 4 ? "stopped" : "active",
                        m == 2 ? "2.5mg twice a day" : doses[m],
                        m == 4 ? "Stopped on admission: GI bleed" : null,
                        300));
            }
            if (m == 3 || m == 0) {
                held.add(new Held(2, false, "active", doses[m], null, 150));
            }
            if (m == 9) {
                held.add(new Held(3, true, "active", doses[m], null, 180));
            }
            medicines.add(new Medicine(CODES.get(m), m == 10 ? "Herbal remedy" : null, held));
        }
        List<Ack> acks = List.of(
                new Ack(0, 0, "Reviewed with the ward pharmacist", 720L, "dr.jones", "ward-app", 90),
                new Ack(1, 1, "Patient's usual regime, Parkinson's nurse aware", null, "nurse.ali", null, 60),
                new Ack(1, 2, "Not applicable", -10L, "nurse.ali", null, 200));
        return new Spec(
                medicines,
                30 * 60,
                Gender.FEMALE,
                LocalDate.parse("1948-03-14"),
                acks,
                Instant.parse("2026-11-30T08:15:42.123456789Z"),
                24 * 60 + 17,
                12);
    }

    /** The view a read at {@code recordedAt + readMinutesLater} sees of the record built from the spec. */
    public static RecordView of(Spec spec) {
        Reading reading = reading(spec);
        PatientRecord record = reading.stored();
        Instant read = reading.read();
        return new RecordView(
                new RecordVersion(spec.version(), spec.recordedAt(), record.fingerprint(), record),
                record,
                AlertStates.at(record.alerts(), reading.acknowledgements(), read),
                ReferenceTime.at(read));
    }

    /**
     * What a view is made of: the stored record (as built at the reading time), the acknowledgements and
     * the reading time.
     */
    public record Reading(Spec spec, PatientRecord stored, List<Acknowledgement> acknowledgements, Instant read) {}

    /** The view of the same stored record and acknowledgements read at another instant, as a read does it. */
    public static RecordView at(Reading reading, Instant at) {
        PatientRecord stored = reading.stored();
        PatientRecord record = builder().reevaluate(stored, ReferenceTime.at(at));
        return new RecordView(
                new RecordVersion(reading.spec().version(), reading.spec().recordedAt(), stored.fingerprint(), stored),
                record,
                AlertStates.at(record.alerts(), reading.acknowledgements(), at),
                ReferenceTime.at(at));
    }

    public static Reading reading(Spec spec) {
        Instant read = spec.recordedAt().plusSeconds(60 * spec.readMinutesLater());
        Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
        List<SourceRecordRepository.Loaded> loaded = new ArrayList<>();
        for (int m = 0; m < spec.medicines().size(); m++) {
            Medicine medicine = spec.medicines().get(m);
            for (int h = 0; h < medicine.held().size(); h++) {
                Held held = medicine.held().get(h);
                Source source = SOURCES.get(held.source());
                String id = "m" + m + "-" + h;
                Records record = held.order() ? Records.request(source, id, "order") : Records.statement(source, id);
                record.patient(PATIENT)
                        .status(held.status())
                        .started(epoch.plusSeconds(86_400L * held.day())
                                .toString()
                                .substring(0, 10))
                        .updated(epoch.plusSeconds(86_400L * held.day() + 3600).toString())
                        .statusReason(held.statusReason());
                if (held.dosage() != null) {
                    record.dosageText(held.dosage());
                }
                if (medicine.code() != null && !medicine.code().isEmpty()) {
                    record.dmd(medicine.code());
                }
                if (medicine.text() != null) {
                    record.text(medicine.text());
                }
                if (held.order() && held.source() == 1) {
                    record.category("inpatient");
                }
                ClinicalRecord built = record.build();
                loaded.add(new SourceRecordRepository.Loaded(built, id));
            }
        }
        if (spec.admittedMinutesAgo() != null) {
            Instant admitted = read.minusSeconds(60L * spec.admittedMinutesAgo());
            loaded.add(new SourceRecordRepository.Loaded(
                    new EncounterRecord(
                            new RecordKey(ACUTE.id(), RecordKind.ENCOUNTER, RecordKey.ofResourceId("enc-1")),
                            "enc-1",
                            PATIENT,
                            "IMP",
                            "in-progress",
                            admitted.toString(),
                            null,
                            List.of(),
                            new VersionStamp(admitted, null, 0)),
                    "enc-1"));
        }
        Optional<PatientFacts> facts = spec.gender() == null
                ? Optional.empty()
                : Optional.of(new PatientFacts(PATIENT, spec.gender(), spec.birthDate(), epoch));
        PatientRecord record = builder().build(PATIENT, loaded, facts, ReferenceTime.at(read));
        List<Acknowledgement> acknowledgements = new ArrayList<>();
        List<Alert> alerts = record.alerts();
        for (int a = 0; a < spec.acks().size() && !alerts.isEmpty(); a++) {
            Ack ack = spec.acks().get(a);
            Alert alert = alerts.get(ack.alert() % alerts.size());
            Instant recorded = read.minusSeconds(60L * ack.minutesAgo());
            acknowledgements.add(new Acknowledgement(
                    "ack-" + a,
                    PATIENT,
                    alert.id(),
                    Acknowledgement.Outcome.values()[ack.outcome() % 3],
                    ack.reason(),
                    ack.untilMinutes() == null ? null : recorded.plusSeconds(60 * ack.untilMinutes()),
                    ack.user(),
                    ack.client(),
                    recorded,
                    alert.severity(),
                    alert.itemIds()));
        }
        return new Reading(spec, record, acknowledgements, read);
    }

    public static synchronized PatientRecordBuilder builder() {
        if (builder == null) {
            dmd = DmdFixtures.testRelease();
            Map<String, Source> byId =
                    Map.of(GP.id(), GP, ACUTE.id(), ACUTE, MENTAL_HEALTH.id(), MENTAL_HEALTH, HOMECARE.id(), HOMECARE);
            SourceRegistry registry = new SourceRegistry(null) {
                @Override
                public Optional<Source> findById(String id) {
                    return Optional.ofNullable(byId.get(id));
                }
            };
            builder = new PatientRecordBuilder(null, null, registry, dmd);
        }
        return builder;
    }

    private static String synthetic(long item) {
        return SnomedId.extensionConceptId(item, "9999999");
    }
}
