package health.umr.store;

import static health.umr.store.JsonScalars.bool;
import static health.umr.store.JsonScalars.boxedBoolean;
import static health.umr.store.JsonScalars.boxedDouble;
import static health.umr.store.JsonScalars.boxedInteger;
import static health.umr.store.JsonScalars.constant;
import static health.umr.store.JsonScalars.duration;
import static health.umr.store.JsonScalars.instant;
import static health.umr.store.JsonScalars.integer;
import static health.umr.store.JsonScalars.localDate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a stored unified record (the JSON {@link RecordJson#write} makes of a {@link PatientRecord})
 * token by token, straight into the domain records: the record Jackson's data binding makes of the
 * same JSON, without its per-property machinery, per-name Strings and formatter-based time parsing
 * (data binding was most of the JSON read's CPU). Fields may come in any order, be missing, null or
 * unknown (older rows), as data binding allows. Anything else throws (an {@link Unexpected} value, or
 * the domain's own check), and {@link RecordJson#readRecord} then reads that row with data binding.
 */
final class StoredRecordReader {

    /** A value this reader does not read: data binding reads the row instead (no stack trace: not an error). */
    static final class Unexpected extends RuntimeException {
        Unexpected() {
            super("not in the form RecordJson writes", null, false, false);
        }
    }

    private static final RecordFields PATIENT_RECORD = new RecordFields(
            PatientRecord.class, "unified", "admission", "alerts", "acbScore", "notes", "references", "facts");
    private static final RecordFields UNIFIED_RECORD =
            new RecordFields(UnifiedRecord.class, "nhsNumber", "newestRecordAt", "currentSince", "items", "history");
    private static final RecordFields NHS_NUMBER = new RecordFields(NhsNumber.class, "value");
    private static final RecordFields UNIFIED_ITEM = new RecordFields(
            UnifiedItem.class,
            "id",
            "itemKey",
            "vtm",
            "vmp",
            "medicationText",
            "status",
            "current",
            "dosage",
            "sources",
            "discrepancies");
    private static final RecordFields CODING = new RecordFields(Coding.class, "system", "code", "display");
    private static final RecordFields ITEM_SOURCE = new RecordFields(
            ItemSource.class,
            "sourceId",
            "setting",
            "resourceType",
            "key",
            "resourceId",
            "status",
            "intent",
            "category",
            "medication",
            "medicationText",
            "dmdCode",
            "dosage",
            "dosageText",
            "dailyDose",
            "lastUpdated",
            "lastIssued",
            "inpatientOrder",
            "current",
            "records",
            "routes",
            "form",
            "strength",
            "orderedAt",
            "lastConfirmed",
            "statusReason",
            "indication");
    private static final RecordFields RECORD_KEY = new RecordFields(RecordKey.class, "sourceId", "kind", "businessKey");
    private static final RecordFields DOSAGE = new RecordFields(
            Dosage.class,
            "text",
            "doseValue",
            "doseUnit",
            "timesPerDay",
            "route",
            "doseHigh",
            "timesPerDayHigh",
            "asNeeded",
            "sequence",
            "more");
    private static final RecordFields CONTRIBUTING_RECORD = new RecordFields(
            ContributingRecord.class, "key", "resourceType", "resourceId", "intent", "status", "lastUpdated");
    private static final RecordFields DISCREPANCY = new RecordFields(Discrepancy.class, "type", "detail", "sourceIds");
    private static final RecordFields ADMISSION =
            new RecordFields(Admission.class, "admitted", "admittingSourceId", "encounterKey", "since");
    private static final RecordFields ALERT = new RecordFields(
            Alert.class,
            "id",
            "type",
            "severity",
            "itemIds",
            "message",
            "sourceIds",
            "referenceVersions",
            "since",
            "dueWithin",
            "matchedByName");
    private static final RecordFields PATIENT_FACTS =
            new RecordFields(PatientFacts.class, "nhsNumber", "gender", "birthDate", "assertedAt");

    private static final MedicationStatus[] STATUSES = MedicationStatus.values();
    private static final SourceSetting[] SETTINGS = SourceSetting.values();
    private static final RecordKind[] KINDS = RecordKind.values();
    private static final DiscrepancyType[] DISCREPANCY_TYPES = DiscrepancyType.values();
    private static final AlertType[] ALERT_TYPES = AlertType.values();
    private static final Alert.Severity[] SEVERITIES = Alert.Severity.values();
    private static final Gender[] GENDERS = Gender.values();

    private final JsonParser p;

    /**
     * The strings read so far, by a hash of their characters: the short values a record repeats (source
     * ids, statuses, resource types, code systems) are one String each instead of one per occurrence.
     */
    private final String[] strings = new String[256];

    private StoredRecordReader(JsonParser parser) {
        this.p = parser;
    }

    /** The record of a parser before its first token. */
    static PatientRecord read(JsonParser parser) throws IOException {
        parser.nextToken();
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new Unexpected();
        }
        return new StoredRecordReader(parser).patientRecord();
    }

    private String string() throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new Unexpected();
        }
        int length = p.getTextLength();
        if (length > 24) {
            return p.getText();
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int hash = length;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + text[i];
        }
        int slot = (hash ^ (hash >>> 8)) & (strings.length - 1);
        String known = strings[slot];
        if (known != null && JsonScalars.matches(known, text, offset, length)) {
            return known;
        }
        String string = new String(text, offset, length);
        strings[slot] = string;
        return string;
    }

    private PatientRecord patientRecord() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        UnifiedRecord unified = null;
        Admission admission = null;
        List<Alert> alerts = null;
        int acbScore = 0;
        List<String> notes = null;
        Map<String, String> references = null;
        PatientFacts facts = null;
        for (int f = PATIENT_RECORD.first(p); f >= 0; f = PATIENT_RECORD.after(p, f)) {
            switch (f) {
                case 0 -> unified = unifiedRecord();
                case 1 -> admission = admission();
                case 2 -> alerts = list(this::alert);
                case 3 -> acbScore = integer(p);
                case 4 -> notes = list(this::string);
                case 5 -> references = references();
                default -> facts = patientFacts();
            }
        }
        return new PatientRecord(unified, admission, alerts, acbScore, notes, references, facts);
    }

    private UnifiedRecord unifiedRecord() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        NhsNumber nhsNumber = null;
        Instant newestRecordAt = null;
        Instant currentSince = null;
        List<UnifiedItem> items = null;
        List<UnifiedItem> history = null;
        for (int f = UNIFIED_RECORD.first(p); f >= 0; f = UNIFIED_RECORD.after(p, f)) {
            switch (f) {
                case 0 -> nhsNumber = nhsNumber();
                case 1 -> newestRecordAt = instant(p);
                case 2 -> currentSince = instant(p);
                case 3 -> items = list(this::unifiedItem);
                default -> history = list(this::unifiedItem);
            }
        }
        return new UnifiedRecord(nhsNumber, newestRecordAt, currentSince, items, history);
    }

    private NhsNumber nhsNumber() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        String value = null;
        for (int f = NHS_NUMBER.first(p); f >= 0; f = NHS_NUMBER.after(p, f)) {
            value = string();
        }
        return new NhsNumber(value);
    }

    private UnifiedItem unifiedItem() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        String id = null;
        String itemKey = null;
        Coding vtm = null;
        Coding vmp = null;
        String medicationText = null;
        MedicationStatus status = null;
        boolean current = false;
        String dosage = null;
        List<ItemSource> sources = null;
        List<Discrepancy> discrepancies = null;
        for (int f = UNIFIED_ITEM.first(p); f >= 0; f = UNIFIED_ITEM.after(p, f)) {
            switch (f) {
                case 0 -> id = string();
                case 1 -> itemKey = string();
                case 2 -> vtm = coding();
                case 3 -> vmp = coding();
                case 4 -> medicationText = string();
                case 5 -> status = constant(p, STATUSES);
                case 6 -> current = bool(p);
                case 7 -> dosage = string();
                case 8 -> sources = list(this::itemSource);
                default -> discrepancies = list(this::discrepancy);
            }
        }
        return new UnifiedItem(id, itemKey, vtm, vmp, medicationText, status, current, dosage, sources, discrepancies);
    }

    private Coding coding() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        String system = null;
        String code = null;
        String display = null;
        for (int f = CODING.first(p); f >= 0; f = CODING.after(p, f)) {
            switch (f) {
                case 0 -> system = string();
                case 1 -> code = string();
                default -> display = string();
            }
        }
        return new Coding(system, code, display);
    }

    private ItemSource itemSource() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        String sourceId = null;
        SourceSetting setting = null;
        String resourceType = null;
        RecordKey key = null;
        String resourceId = null;
        String status = null;
        String intent = null;
        String category = null;
        Coding medication = null;
        String medicationText = null;
        String dmdCode = null;
        Dosage dosage = null;
        String dosageText = null;
        String dailyDose = null;
        Instant lastUpdated = null;
        String lastIssued = null;
        boolean inpatientOrder = false;
        boolean current = false;
        List<ContributingRecord> records = null;
        List<String> routes = null;
        String form = null;
        String strength = null;
        String orderedAt = null;
        Instant lastConfirmed = null;
        String statusReason = null;
        String indication = null;
        for (int f = ITEM_SOURCE.first(p); f >= 0; f = ITEM_SOURCE.after(p, f)) {
            switch (f) {
                case 0 -> sourceId = string();
                case 1 -> setting = constant(p, SETTINGS);
                case 2 -> resourceType = string();
                case 3 -> key = recordKey();
                case 4 -> resourceId = string();
                case 5 -> status = string();
                case 6 -> intent = string();
                case 7 -> category = string();
                case 8 -> medication = coding();
                case 9 -> medicationText = string();
                case 10 -> dmdCode = string();
                case 11 -> dosage = dosage();
                case 12 -> dosageText = string();
                case 13 -> dailyDose = string();
                case 14 -> lastUpdated = instant(p);
                case 15 -> lastIssued = string();
                case 16 -> inpatientOrder = bool(p);
                case 17 -> current = bool(p);
                case 18 -> records = list(this::contributingRecord);
                case 19 -> routes = list(this::string);
                case 20 -> form = string();
                case 21 -> strength = string();
                case 22 -> orderedAt = string();
                case 23 -> lastConfirmed = instant(p);
                case 24 -> statusReason = string();
                default -> indication = string();
            }
        }
        return new ItemSource(
                sourceId,
                setting,
                resourceType,
                key,
                resourceId,
                status,
                intent,
                category,
                medication,
                medicationText,
                dmdCode,
                dosage,
                dosageText,
                dailyDose,
                lastUpdated,
                lastIssued,
                inpatientOrder,
                current,
                records,
                routes,
                form,
                strength,
                orderedAt,
                lastConfirmed,
                statusReason,
                indication);
    }

    private RecordKey recordKey() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        String sourceId = null;
        RecordKind kind = null;
        String businessKey = null;
        for (int f = RECORD_KEY.first(p); f >= 0; f = RECORD_KEY.after(p, f)) {
            switch (f) {
                case 0 -> sourceId = string();
                case 1 -> kind = constant(p, KINDS);
                default -> businessKey = string();
            }
        }
        return new RecordKey(sourceId, kind, businessKey);
    }

    private Dosage dosage() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        String text = null;
        Double doseValue = null;
        String doseUnit = null;
        Double timesPerDay = null;
        String route = null;
        Double doseHigh = null;
        Double timesPerDayHigh = null;
        Boolean asNeeded = null;
        Integer sequence = null;
        List<Dosage> more = null;
        for (int f = DOSAGE.first(p); f >= 0; f = DOSAGE.after(p, f)) {
            switch (f) {
                case 0 -> text = string();
                case 1 -> doseValue = boxedDouble(p);
                case 2 -> doseUnit = string();
                case 3 -> timesPerDay = boxedDouble(p);
                case 4 -> route = string();
                case 5 -> doseHigh = boxedDouble(p);
                case 6 -> timesPerDayHigh = boxedDouble(p);
                case 7 -> asNeeded = boxedBoolean(p);
                case 8 -> sequence = boxedInteger(p);
                default -> more = list(this::dosage);
            }
        }
        return new Dosage(
                text, doseValue, doseUnit, timesPerDay, route, doseHigh, timesPerDayHigh, asNeeded, sequence, more);
    }

    private ContributingRecord contributingRecord() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        RecordKey key = null;
        String resourceType = null;
        String resourceId = null;
        String intent = null;
        String status = null;
        Instant lastUpdated = null;
        for (int f = CONTRIBUTING_RECORD.first(p); f >= 0; f = CONTRIBUTING_RECORD.after(p, f)) {
            switch (f) {
                case 0 -> key = recordKey();
                case 1 -> resourceType = string();
                case 2 -> resourceId = string();
                case 3 -> intent = string();
                case 4 -> status = string();
                default -> lastUpdated = instant(p);
            }
        }
        return new ContributingRecord(key, resourceType, resourceId, intent, status, lastUpdated);
    }

    private Discrepancy discrepancy() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        DiscrepancyType type = null;
        String detail = null;
        List<String> sourceIds = null;
        for (int f = DISCREPANCY.first(p); f >= 0; f = DISCREPANCY.after(p, f)) {
            switch (f) {
                case 0 -> type = constant(p, DISCREPANCY_TYPES);
                case 1 -> detail = string();
                default -> sourceIds = list(this::string);
            }
        }
        return new Discrepancy(type, detail, sourceIds);
    }

    private Admission admission() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        boolean admitted = false;
        String admittingSourceId = null;
        String encounterKey = null;
        String since = null;
        for (int f = ADMISSION.first(p); f >= 0; f = ADMISSION.after(p, f)) {
            switch (f) {
                case 0 -> admitted = bool(p);
                case 1 -> admittingSourceId = string();
                case 2 -> encounterKey = string();
                default -> since = string();
            }
        }
        return new Admission(admitted, admittingSourceId, encounterKey, since);
    }

    private Alert alert() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        String id = null;
        AlertType type = null;
        Alert.Severity severity = null;
        List<String> itemIds = null;
        String message = null;
        List<String> sourceIds = null;
        String referenceVersions = null;
        Instant since = null;
        Duration dueWithin = null;
        boolean matchedByName = false;
        for (int f = ALERT.first(p); f >= 0; f = ALERT.after(p, f)) {
            switch (f) {
                case 0 -> id = string();
                case 1 -> type = constant(p, ALERT_TYPES);
                case 2 -> severity = constant(p, SEVERITIES);
                case 3 -> itemIds = list(this::string);
                case 4 -> message = string();
                case 5 -> sourceIds = list(this::string);
                case 6 -> referenceVersions = string();
                case 7 -> since = instant(p);
                case 8 -> dueWithin = duration(p);
                default -> matchedByName = bool(p);
            }
        }
        return new Alert(
                id, type, severity, itemIds, message, sourceIds, referenceVersions, since, dueWithin, matchedByName);
    }

    private PatientFacts patientFacts() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        NhsNumber nhsNumber = null;
        Gender gender = null;
        LocalDate birthDate = null;
        Instant assertedAt = null;
        for (int f = PATIENT_FACTS.first(p); f >= 0; f = PATIENT_FACTS.after(p, f)) {
            switch (f) {
                case 0 -> nhsNumber = nhsNumber();
                case 1 -> gender = constant(p, GENDERS);
                case 2 -> birthDate = localDate(p);
                default -> assertedAt = instant(p);
            }
        }
        return new PatientFacts(nhsNumber, gender, birthDate, assertedAt);
    }

    /** The references map in the order stored, as data binding's LinkedHashMap has it (Map.copyOf keeps it). */
    private Map<String, String> references() throws IOException {
        if (isNull(JsonToken.START_OBJECT)) {
            return null;
        }
        Map<String, String> references = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            references.put(key, string());
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new Unexpected();
        }
        return references;
    }

    private interface Element<T> {
        T read() throws IOException;
    }

    private <T> List<T> list(Element<T> element) throws IOException {
        if (isNull(JsonToken.START_ARRAY)) {
            return null;
        }
        List<T> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(element.read());
        }
        return list;
    }

    /** True at a null; false at {@code start}; anything else is not what RecordJson writes there. */
    private boolean isNull(JsonToken start) {
        JsonToken token = p.currentToken();
        if (token == start) {
            return false;
        }
        if (token == JsonToken.VALUE_NULL) {
            return true;
        }
        throw new Unexpected();
    }
}
