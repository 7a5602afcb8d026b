package health.umr.reconcile;

import health.umr.domain.Coding;
import health.umr.domain.Dosage;
import health.umr.domain.MedicationCode;
import health.umr.domain.NhsNumber;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.SourceSetting;
import health.umr.domain.VersionStamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds source records as FhirMapper would make them, one field at a time. */
public final class Records {

    static final NhsNumber PATIENT = NhsNumber.parse("9449306680");
    static final NhsNumber OTHER_PATIENT = NhsNumber.parse("9434765919");

    public static final Source GP =
            new Source("gp-a", SourceSetting.GP, "Castle Street Surgery", "https://gp-a.example", null);
    public static final Source ACUTE =
            new Source("acute-b", SourceSetting.ACUTE, "Royal Infirmary EPMA", "https://acute-b.example", null);
    public static final Source MENTAL_HEALTH =
            new Source("mh-c", SourceSetting.MENTAL_HEALTH, "Mental health trust", "https://mh-c.example", null);
    public static final Source HOMECARE =
            new Source("homecare-d", SourceSetting.HOMECARE, "Homecare provider", "https://homecare-d.example", null);

    static final Map<String, Source> SOURCES =
            Map.of(GP.id(), GP, ACUTE.id(), ACUTE, MENTAL_HEALTH.id(), MENTAL_HEALTH, HOMECARE.id(), HOMECARE);

    private final RecordKind kind;
    private final String sourceId;
    private final String id;
    private NhsNumber patient = PATIENT;
    private final List<Coding> codings = new ArrayList<>();
    private String text;
    private String status = "active";
    private String intent;
    private String category;
    private Dosage dosage = Dosage.NONE;
    private String effectiveStart;
    private String effectiveEnd;
    private String dateAsserted;
    private final List<String> basedOn = new ArrayList<>();
    private String groupIdentifier;
    private final List<String> identifiers = new ArrayList<>();
    private String businessKey;
    private Instant lastUpdated;
    private String statusReason;
    private String indication;

    private Records(RecordKind kind, Source source, String id, String intent) {
        this.kind = kind;
        this.sourceId = source.id();
        this.id = id;
        this.intent = intent;
    }

    public static Records statement(Source source, String id) {
        return new Records(RecordKind.MEDICATION_STATEMENT, source, id, null);
    }

    public static Records request(Source source, String id, String intent) {
        return new Records(RecordKind.MEDICATION_REQUEST, source, id, intent);
    }

    public Records dmd(String code) {
        return coded(Codes.DMD, code, null);
    }

    public Records coded(String system, String code, String display) {
        codings.add(new Coding(system, code, display));
        return this;
    }

    public Records text(String medicationText) {
        this.text = medicationText;
        return this;
    }

    public Records status(String value) {
        this.status = value;
        return this;
    }

    /** What the record says the medicine is for (reasonCode / reasonReference as text). */
    public Records indication(String value) {
        this.indication = value;
        return this;
    }

    public Records statusReason(String value) {
        this.statusReason = value;
        return this;
    }

    public Records category(String value) {
        this.category = value;
        return this;
    }

    public Records dosageText(String value) {
        this.dosage = new Dosage(value, dosage.doseValue(), dosage.doseUnit(), dosage.timesPerDay(), dosage.route());
        return this;
    }

    public Records dose(double value, String unit, double timesPerDay) {
        this.dosage = new Dosage(dosage.text(), value, unit, timesPerDay, dosage.route());
        return this;
    }

    public Records route(String code) {
        this.dosage = new Dosage(dosage.text(), dosage.doseValue(), dosage.doseUnit(), dosage.timesPerDay(), code);
        return this;
    }

    public Records dosage(Dosage value) {
        this.dosage = value;
        return this;
    }

    public Records started(String value) {
        this.effectiveStart = value;
        return this;
    }

    public Records ended(String value) {
        this.effectiveEnd = value;
        return this;
    }

    public Records asserted(String value) {
        this.dateAsserted = value;
        return this;
    }

    public Records basedOn(String... references) {
        basedOn.addAll(List.of(references));
        return this;
    }

    public Records group(String value) {
        this.groupIdentifier = value;
        return this;
    }

    public Records identifier(String systemAndValue) {
        identifiers.add(systemAndValue);
        return this;
    }

    /** Keys the record by this business key instead of its resource id. */
    public Records businessKey(String value) {
        this.businessKey = value;
        return this;
    }

    public Records updated(String instant) {
        this.lastUpdated = instant == null ? null : Instant.parse(instant);
        return this;
    }

    public Records patient(NhsNumber value) {
        this.patient = value;
        return this;
    }

    public SourceRecord build() {
        String key = businessKey != null
                ? businessKey
                : !identifiers.isEmpty() ? "identifier:" + identifiers.get(0) : RecordKey.ofResourceId(id);
        return new SourceRecord(
                new RecordKey(sourceId, kind, key),
                id,
                patient,
                new MedicationCode(codings, text),
                status,
                intent,
                category,
                dosage,
                effectiveStart,
                effectiveEnd,
                dateAsserted,
                basedOn,
                groupIdentifier,
                identifiers,
                new VersionStamp(lastUpdated, null, 0),
                statusReason,
                indication);
    }
}
