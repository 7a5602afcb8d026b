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
import static health.umr.store.JsonScalars.string;

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

    private StoredRecordReader() {}

    /** The record of a parser before its first token. */
    static PatientRecord read(JsonParser parser) throws IOException {
        parser.nextToken();
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new Unexpected();
        }
        return patientRecord(parser);
    }

    private static PatientRecord patientRecord(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        UnifiedRecord unified = null;
        Admission admission = null;
        List<Alert> alerts = null;
        int acbScore = 0;
        List<String> notes = null;
        Map<String, String> references = null;
        PatientFacts facts = null;
        for (int f = PATIENT_RECORD.next(p, 0); f >= 0; f = PATIENT_RECORD.next(p, f + 1)) {
            switch (f) {
                case 0 -> unified = unifiedRecord(p);
                case 1 -> admission = admission(p);
                case 2 -> alerts = list(p, StoredRecordReader::alert);
                case 3 -> acbScore = integer(p);
                case 4 -> notes = list(p, JsonScalars::string);
                case 5 -> references = references(p);
                default -> facts = patientFacts(p);
            }
        }
        return new PatientRecord(unified, admission, alerts, acbScore, notes, references, facts);
    }

    private static UnifiedRecord unifiedRecord(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        NhsNumber nhsNumber = null;
        Instant newestRecordAt = null;
        Instant currentSince = null;
        List<UnifiedItem> items = null;
        List<UnifiedItem> history = null;
        for (int f = UNIFIED_RECORD.next(p, 0); f >= 0; f = UNIFIED_RECORD.next(p, f + 1)) {
            switch (f) {
                case 0 -> nhsNumber = nhsNumber(p);
                case 1 -> newestRecordAt = instant(p);
                case 2 -> currentSince = instant(p);
                case 3 -> items = list(p, StoredRecordReader::unifiedItem);
                default -> history = list(p, StoredRecordReader::unifiedItem);
            }
        }
        return new UnifiedRecord(nhsNumber, newestRecordAt, currentSince, items, history);
    }

    private static NhsNumber nhsNumber(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        String value = null;
        for (int f = NHS_NUMBER.next(p, 0); f >= 0; f = NHS_NUMBER.next(p, f + 1)) {
            value = string(p);
        }
        return new NhsNumber(value);
    }

    private static UnifiedItem unifiedItem(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
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
        for (int f = UNIFIED_ITEM.next(p, 0); f >= 0; f = UNIFIED_ITEM.next(p, f + 1)) {
            switch (f) {
                case 0 -> id = string(p);
                case 1 -> itemKey = string(p);
                case 2 -> vtm = coding(p);
                case 3 -> vmp = coding(p);
                case 4 -> medicationText = string(p);
                case 5 -> status = constant(p, STATUSES);
                case 6 -> current = bool(p);
                case 7 -> dosage = string(p);
                case 8 -> sources = list(p, StoredRecordReader::itemSource);
                default -> discrepancies = list(p, StoredRecordReader::discrepancy);
            }
        }
        return new UnifiedItem(id, itemKey, vtm, vmp, medicationText, status, current, dosage, sources, discrepancies);
    }

    private static Coding coding(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        String system = null;
        String code = null;
        String display = null;
        for (int f = CODING.next(p, 0); f >= 0; f = CODING.next(p, f + 1)) {
            switch (f) {
                case 0 -> system = string(p);
                case 1 -> code = string(p);
                default -> display = string(p);
            }
        }
        return new Coding(system, code, display);
    }

    private static ItemSource itemSource(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
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
        for (int f = ITEM_SOURCE.next(p, 0); f >= 0; f = ITEM_SOURCE.next(p, f + 1)) {
            switch (f) {
                case 0 -> sourceId = string(p);
                case 1 -> setting = constant(p, SETTINGS);
                case 2 -> resourceType = string(p);
                case 3 -> key = recordKey(p);
                case 4 -> resourceId = string(p);
                case 5 -> status = string(p);
                case 6 -> intent = string(p);
                case 7 -> category = string(p);
                case 8 -> medication = coding(p);
                case 9 -> medicationText = string(p);
                case 10 -> dmdCode = string(p);
                case 11 -> dosage = dosage(p);
                case 12 -> dosageText = string(p);
                case 13 -> dailyDose = string(p);
                case 14 -> lastUpdated = instant(p);
                case 15 -> lastIssued = string(p);
                case 16 -> inpatientOrder = bool(p);
                case 17 -> current = bool(p);
                case 18 -> records = list(p, StoredRecordReader::contributingRecord);
                case 19 -> routes = list(p, JsonScalars::string);
                case 20 -> form = string(p);
                case 21 -> strength = string(p);
                case 22 -> orderedAt = string(p);
                case 23 -> lastConfirmed = instant(p);
                case 24 -> statusReason = string(p);
                default -> indication = string(p);
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

    private static RecordKey recordKey(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        String sourceId = null;
        RecordKind kind = null;
        String businessKey = null;
        for (int f = RECORD_KEY.next(p, 0); f >= 0; f = RECORD_KEY.next(p, f + 1)) {
            switch (f) {
                case 0 -> sourceId = string(p);
                case 1 -> kind = constant(p, KINDS);
                default -> businessKey = string(p);
            }
        }
        return new RecordKey(sourceId, kind, businessKey);
    }

    private static Dosage dosage(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
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
        for (int f = DOSAGE.next(p, 0); f >= 0; f = DOSAGE.next(p, f + 1)) {
            switch (f) {
                case 0 -> text = string(p);
                case 1 -> doseValue = boxedDouble(p);
                case 2 -> doseUnit = string(p);
                case 3 -> timesPerDay = boxedDouble(p);
                case 4 -> route = string(p);
                case 5 -> doseHigh = boxedDouble(p);
                case 6 -> timesPerDayHigh = boxedDouble(p);
                case 7 -> asNeeded = boxedBoolean(p);
                case 8 -> sequence = boxedInteger(p);
                default -> more = list(p, StoredRecordReader::dosage);
            }
        }
        return new Dosage(
                text, doseValue, doseUnit, timesPerDay, route, doseHigh, timesPerDayHigh, asNeeded, sequence, more);
    }

    private static ContributingRecord contributingRecord(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        RecordKey key = null;
        String resourceType = null;
        String resourceId = null;
        String intent = null;
        String status = null;
        Instant lastUpdated = null;
        for (int f = CONTRIBUTING_RECORD.next(p, 0); f >= 0; f = CONTRIBUTING_RECORD.next(p, f + 1)) {
            switch (f) {
                case 0 -> key = recordKey(p);
                case 1 -> resourceType = string(p);
                case 2 -> resourceId = string(p);
                case 3 -> intent = string(p);
                case 4 -> status = string(p);
                default -> lastUpdated = instant(p);
            }
        }
        return new ContributingRecord(key, resourceType, resourceId, intent, status, lastUpdated);
    }

    private static Discrepancy discrepancy(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        DiscrepancyType type = null;
        String detail = null;
        List<String> sourceIds = null;
        for (int f = DISCREPANCY.next(p, 0); f >= 0; f = DISCREPANCY.next(p, f + 1)) {
            switch (f) {
                case 0 -> type = constant(p, DISCREPANCY_TYPES);
                case 1 -> detail = string(p);
                default -> sourceIds = list(p, JsonScalars::string);
            }
        }
        return new Discrepancy(type, detail, sourceIds);
    }

    private static Admission admission(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        boolean admitted = false;
        String admittingSourceId = null;
        String encounterKey = null;
        String since = null;
        for (int f = ADMISSION.next(p, 0); f >= 0; f = ADMISSION.next(p, f + 1)) {
            switch (f) {
                case 0 -> admitted = bool(p);
                case 1 -> admittingSourceId = string(p);
                case 2 -> encounterKey = string(p);
                default -> since = string(p);
            }
        }
        return new Admission(admitted, admittingSourceId, encounterKey, since);
    }

    private static Alert alert(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
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
        for (int f = ALERT.next(p, 0); f >= 0; f = ALERT.next(p, f + 1)) {
            switch (f) {
                case 0 -> id = string(p);
                case 1 -> type = constant(p, ALERT_TYPES);
                case 2 -> severity = constant(p, SEVERITIES);
                case 3 -> itemIds = list(p, JsonScalars::string);
                case 4 -> message = string(p);
                case 5 -> sourceIds = list(p, JsonScalars::string);
                case 6 -> referenceVersions = string(p);
                case 7 -> since = instant(p);
                case 8 -> dueWithin = duration(p);
                default -> matchedByName = bool(p);
            }
        }
        return new Alert(
                id, type, severity, itemIds, message, sourceIds, referenceVersions, since, dueWithin, matchedByName);
    }

    private static PatientFacts patientFacts(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        NhsNumber nhsNumber = null;
        Gender gender = null;
        LocalDate birthDate = null;
        Instant assertedAt = null;
        for (int f = PATIENT_FACTS.next(p, 0); f >= 0; f = PATIENT_FACTS.next(p, f + 1)) {
            switch (f) {
                case 0 -> nhsNumber = nhsNumber(p);
                case 1 -> gender = constant(p, GENDERS);
                case 2 -> birthDate = localDate(p);
                default -> assertedAt = instant(p);
            }
        }
        return new PatientFacts(nhsNumber, gender, birthDate, assertedAt);
    }

    /** The references map in the order stored, as data binding's LinkedHashMap has it (Map.copyOf keeps it). */
    private static Map<String, String> references(JsonParser p) throws IOException {
        if (isNull(p, JsonToken.START_OBJECT)) {
            return null;
        }
        Map<String, String> references = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            references.put(key, string(p));
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new Unexpected();
        }
        return references;
    }

    private interface Element<T> {
        T read(JsonParser parser) throws IOException;
    }

    private static <T> List<T> list(JsonParser p, Element<T> element) throws IOException {
        if (isNull(p, JsonToken.START_ARRAY)) {
            return null;
        }
        List<T> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(element.read(p));
        }
        return list;
    }

    /** True at a null; false at {@code start}; anything else is not what RecordJson writes there. */
    private static boolean isNull(JsonParser p, JsonToken start) {
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
