package health.umr.store;

import health.umr.domain.Admission;
import health.umr.domain.Alert;
import health.umr.domain.AlertType;
import health.umr.domain.Coding;
import health.umr.domain.ContributingRecord;
import health.umr.domain.Discrepancy;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.Dosage;
import health.umr.domain.Gender;
import health.umr.domain.ItemSource;
import health.umr.domain.MedicationStatus;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.SourceSetting;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Patient records of every shape the domain allows, from a seed: each field null, empty or set
 * (strings with quotes, escapes, control characters, non-Latin and unpaired surrogates; times from
 * year 0 to 9999 with 0 to 9 digits of fraction; nested dosages), for {@link StoredRecordReaderTest}.
 */
final class RandomPatientRecords {

    private static final NhsNumber[] PATIENTS = {NhsNumber.parse("9449306680"), NhsNumber.parse("9434765919")};
    private static final String[] WORDS = {
        "gp-a",
        "acute-b",
        "active",
        "MedicationRequest",
        "order",
        "https://dmd.nhs.uk",
        "10mg at night",
        "",
        "a \"quoted\" \\ back/slash",
        "line\nbreak\ttab\u0001\u001f",
        "é ☃ 😀 \ud800",
        "id:acute-0",
    };
    private static final long FIRST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long END_SECOND = 253_402_300_800L; // 10000-01-01T00:00:00Z

    private final Random random;

    RandomPatientRecords(long seed) {
        this.random = new Random(seed);
    }

    PatientRecord patientRecord() {
        Map<String, String> references = new LinkedHashMap<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            references.put(required() + i, required());
        }
        return new PatientRecord(
                new UnifiedRecord(
                        pick(PATIENTS), instant(), instant(), list(this::unifiedItem), list(this::unifiedItem)),
                random.nextInt(4) == 0
                        ? Admission.NOT_ADMITTED
                        : new Admission(random.nextBoolean(), text(), text(), text()),
                list(this::alert),
                random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(20),
                list(this::required),
                references,
                random.nextInt(3) == 0
                        ? null
                        : new PatientFacts(
                                nullOr(() -> pick(PATIENTS)), nullOr(() -> pick(Gender.values())), date(), instant()));
    }

    private UnifiedItem unifiedItem() {
        return new UnifiedItem(
                required(),
                required(),
                coding(),
                coding(),
                text(),
                pick(MedicationStatus.values()),
                random.nextBoolean(),
                text(),
                list(this::itemSource),
                list(() -> new Discrepancy(pick(DiscrepancyType.values()), required(), list(this::required))));
    }

    private ItemSource itemSource() {
        return new ItemSource(
                required(),
                nullOr(() -> pick(SourceSetting.values())),
                required(),
                recordKey(),
                text(),
                text(),
                text(),
                text(),
                coding(),
                text(),
                text(),
                random.nextInt(3) == 0 ? Dosage.NONE : dosage(2),
                text(),
                text(),
                instant(),
                text(),
                random.nextBoolean(),
                random.nextBoolean(),
                list(() -> new ContributingRecord(recordKey(), required(), text(), text(), text(), instant())),
                random.nextBoolean() ? null : list(this::required),
                text(),
                text(),
                text(),
                instant(),
                text(),
                text());
    }

    private Dosage dosage(int depth) {
        return new Dosage(
                text(),
                number(),
                text(),
                number(),
                text(),
                number(),
                number(),
                nullOr(random::nextBoolean),
                nullOr(random::nextInt),
                depth == 0 || random.nextBoolean() ? null : list(() -> dosage(depth - 1)));
    }

    private Alert alert() {
        return new Alert(
                required(),
                pick(AlertType.values()),
                pick(Alert.Severity.values()),
                random.nextBoolean() ? null : list(this::required),
                text(),
                random.nextBoolean() ? null : list(this::required),
                text(),
                instant(),
                nullOr(this::duration),
                random.nextBoolean());
    }

    private RecordKey recordKey() {
        return new RecordKey(text(), nullOr(() -> pick(RecordKind.values())), text());
    }

    private Coding coding() {
        return random.nextInt(3) == 0 ? null : new Coding(text(), text(), text());
    }

    private String text() {
        return random.nextInt(4) == 0 ? null : required();
    }

    private String required() {
        if (random.nextInt(3) > 0) {
            return pick(WORDS);
        }
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.append((char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x10000)));
        }
        return text.toString();
    }

    private Instant instant() {
        if (random.nextInt(5) == 0) {
            return null;
        }
        long second = random.nextInt(3) == 0
                ? pick(new long[] {FIRST_SECOND, END_SECOND - 1, 0})
                : random.nextLong(FIRST_SECOND, END_SECOND);
        return Instant.ofEpochSecond(second, nano());
    }

    private int nano() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
    }

    private LocalDate date() {
        return random.nextInt(4) == 0 ? null : LocalDate.ofEpochDay(random.nextLong(-719_528, 2_932_896));
    }

    /** Durations as alerts have them: whole seconds and up, any fraction (RecordJson writes them plain). */
    private Duration duration() {
        return Duration.ofSeconds(1 + random.nextLong(1_000_000_000L), random.nextBoolean() ? 0 : nano());
    }

    private Double number() {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> (double) random.nextInt(1000);
            case 2 -> pick(new Double[] {0.5, -0.0, 1e-7, 1e22, Double.MIN_VALUE, Double.MAX_VALUE, 2.5});
            default -> random.nextDouble() * 100;
        };
    }

    private <T> List<T> list(Supplier<T> element) {
        List<T> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            list.add(element.get());
        }
        return list;
    }

    private <T> T nullOr(Supplier<T> value) {
        return random.nextInt(4) == 0 ? null : value.get();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private long pick(long[] values) {
        return values[random.nextInt(values.length)];
    }
}
