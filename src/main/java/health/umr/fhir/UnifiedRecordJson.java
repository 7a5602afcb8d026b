package health.umr.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import health.umr.alerts.ClinicalAlerts;
import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.AlertState;
import health.umr.domain.AlertType;
import health.umr.domain.Coding;
import health.umr.domain.Discrepancy;
import health.umr.domain.ItemSource;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientRecord;
import health.umr.domain.UnifiedItem;
import health.umr.records.RecordVersion;
import health.umr.records.RecordView;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MedicationStatement;

/**
 * The unified record's Bundle written as JSON straight from the record, character for character what
 * HAPI's JSON encoder writes for {@link UnifiedRecordFhirMapper#toBundle} of the same view (compact, no
 * summary or element selection): the same elements in HAPI's order, blank strings and the elements they
 * leave empty left out as HAPI leaves them out, dates formatted by HAPI's own date types, strings escaped
 * by Jackson's generator as HAPI's is. HAPI's encoder builds a path and checks per element and costs
 * about 20 times as much. {@link UnifiedRecordJsonTest} holds it to HAPI's bytes for generated records;
 * {@link #writable} says when it must not be used (ids or references HAPI would rewrite).
 */
final class UnifiedRecordJson {

    private static final JsonFactory JSON = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    /** A FHIR id as HAPI keeps it unchanged ([A-Za-z0-9-.]{1,64}). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** A relative reference {Type}/{id} that HAPI writes unchanged. */
    private static final Pattern REFERENCE = Pattern.compile("[A-Z][A-Za-z]*/[A-Za-z0-9\\-.]{1,64}");

    private static final String SUBJECT_SYSTEM = NhsNumber.SYSTEM;
    private static final String PROVENANCE_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    private UnifiedRecordJson() {}

    /**
     * True when this writer gives HAPI's text for the view: every id is one HAPI keeps as it is, every
     * source reference a plain {Type}/{id}, and no reference-list version is blank.
     */
    static boolean writable(RecordView view) {
        PatientRecord record = view.record();
        if (!ID.matcher(record.nhsNumber().value()).matches()) {
            return false;
        }
        for (UnifiedItem item : record.unified().items()) {
            if (item.id() == null || !ID.matcher(item.id()).matches()) {
                return false;
            }
            for (ItemSource source : item.sources()) {
                String reference = record.references().get(source.key().text());
                if (reference != null && !REFERENCE.matcher(reference).matches()) {
                    return false;
                }
                if (StringUtils.isBlank(source.sourceId())) {
                    return false;
                }
            }
        }
        for (AlertState state : view.alerts()) {
            Alert alert = state.alert();
            if (alert.id() == null || !ID.matcher(alert.id()).matches()) {
                return false;
            }
            if (alert.referenceVersions() != null && StringUtils.isBlank(alert.referenceVersions())) {
                return false;
            }
        }
        return true;
    }

    /** Writes the Bundle's JSON to {@code out} (not closed, not flushed beyond the generator's own buffer). */
    static void write(RecordView view, ClinicalAlerts rules, Writer out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            new Run(view, rules, json).bundle();
        }
    }

    /** One answer being written: the view, the rules, the generator and the item URLs already computed. */
    private static final class Run {

        private final RecordView view;
        private final PatientRecord record;
        private final ClinicalAlerts rules;
        private final JsonGenerator json;
        private final Map<String, String> itemUrls = new HashMap<>();
        private final String nhs;

        Run(RecordView view, ClinicalAlerts rules, JsonGenerator json) {
            this.view = view;
            this.record = view.record();
            this.rules = rules;
            this.json = json;
            this.nhs = record.nhsNumber().value();
        }

        void bundle() throws IOException {
            RecordVersion version = view.version();
            Date recorded = Date.from(version.recordedAt());
            String instant = new InstantType(recorded).getValueAsString();
            String dateTime = new DateTimeType(recorded).getValueAsString();
            json.writeStartObject();
            json.writeStringField("resourceType", "Bundle");
            json.writeStringField("id", "unified-" + nhs + "-" + version.version());
            json.writeObjectFieldStart("meta");
            json.writeStringField("versionId", String.valueOf(version.version()));
            json.writeStringField("lastUpdated", instant);
            json.writeEndObject();
            json.writeStringField("type", "collection");
            json.writeStringField("timestamp", instant);
            json.writeArrayFieldStart("entry");
            list(dateTime);
            List<UnifiedItem> items = record.unified().items();
            for (UnifiedItem item : items) {
                statement(item);
            }
            for (AlertState alert : view.alerts()) {
                detectedIssue(alert, recorded);
            }
            provenance(instant);
            json.writeEndArray();
            json.writeEndObject();
        }

        private void entryStart(String fullUrl, String resourceType, String id) throws IOException {
            json.writeStartObject();
            json.writeStringField("fullUrl", fullUrl);
            json.writeObjectFieldStart("resource");
            json.writeStringField("resourceType", resourceType);
            json.writeStringField("id", id);
        }

        private void entryEnd() throws IOException {
            json.writeEndObject();
            json.writeEndObject();
        }

        private void list(String dateTime) throws IOException {
            String id = "unified-" + nhs;
            entryStart(uuidUrl("List", id), "List", id);
            json.writeArrayFieldStart("extension");
            extensionInteger(UnifiedRecordFhirMapper.ACB_EXTENSION, record.acbScore());
            json.writeEndArray();
            json.writeStringField("status", "current");
            json.writeStringField("mode", "working");
            json.writeStringField("title", "Unified medicines record");
            json.writeObjectFieldStart("code");
            json.writeArrayFieldStart("coding");
            coding("http://snomed.info/sct", "933361000000108", "Medications and medical devices");
            json.writeEndArray();
            json.writeEndObject();
            subject("subject");
            json.writeStringField("date", dateTime);
            texts("note", record.notes());
            boolean started = false;
            for (UnifiedItem item : record.unified().items()) {
                if (!started) {
                    json.writeArrayFieldStart("entry");
                    started = true;
                }
                json.writeStartObject();
                json.writeObjectFieldStart("item");
                json.writeStringField("reference", itemUrl(item.id()));
                stringIfAny("display", item.name());
                json.writeEndObject();
                json.writeEndObject();
            }
            if (started) {
                json.writeEndArray();
            }
            entryEnd();
        }

        private void statement(UnifiedItem item) throws IOException {
            entryStart(itemUrl(item.id()), "MedicationStatement", item.id());
            json.writeArrayFieldStart("extension");
            extensionBoolean(UnifiedRecordFhirMapper.ITEM_EXTENSION_BASE + "time-critical", rules.isTimeCritical(item));
            extensionInteger(UnifiedRecordFhirMapper.ACB_EXTENSION, rules.acbScore(item));
            if (!item.isMapped()) {
                extensionBoolean(UnifiedRecordFhirMapper.ITEM_EXTENSION_BASE + "unmapped", true);
            }
            json.writeEndArray();
            json.writeStringField(
                    "status",
                    MedicationStatement.MedicationStatementStatus.fromCode(
                                    item.status().code())
                            .toCode());
            String reason = null;
            for (ItemSource s : item.sources()) {
                if (s.statusReason() != null && s.medicationStatus() == item.status()) {
                    reason = s.statusReason();
                    break;
                }
            }
            texts("statusReason", reason == null ? List.of() : List.of(reason));
            Coding medication = item.medication().orElse(null);
            String name = item.name();
            if (medication != null || !StringUtils.isBlank(name)) {
                json.writeObjectFieldStart("medicationCodeableConcept");
                if (medication != null) {
                    json.writeArrayFieldStart("coding");
                    coding(UnifiedRecordFhirMapper.DMD, medication.code(), medication.display());
                    json.writeEndArray();
                }
                stringIfAny("text", name);
                json.writeEndObject();
            }
            subject("subject");
            boolean started = false;
            for (ItemSource source : item.sources()) {
                String reference = record.references().get(source.key().text());
                if (reference == null) {
                    continue;
                }
                if (!started) {
                    json.writeArrayFieldStart("derivedFrom");
                    started = true;
                }
                json.writeStartObject();
                json.writeStringField("reference", reference);
                json.writeStringField(
                        "display",
                        source.sourceId() + ": " + source.status()
                                + (source.statusReason() == null ? "" : " (" + source.statusReason() + ")"));
                json.writeEndObject();
            }
            if (started) {
                json.writeEndArray();
            }
            if (!item.discrepancies().isEmpty()) {
                json.writeArrayFieldStart("note");
                for (Discrepancy discrepancy : item.discrepancies()) {
                    json.writeStartObject();
                    json.writeStringField("text", discrepancy.type().code() + " discrepancy: " + discrepancy.detail());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            if (item.dosage() != null) {
                texts("dosage", List.of(item.dosage()));
            }
            entryEnd();
        }

        private void detectedIssue(AlertState state, Date recorded) throws IOException {
            Alert alert = state.alert();
            entryStart(uuidUrl("DetectedIssue", alert.id()), "DetectedIssue", alert.id());
            json.writeArrayFieldStart("extension");
            json.writeStartObject();
            json.writeStringField("url", UnifiedRecordFhirMapper.ALERT_STATUS_EXTENSION);
            stringIfAny("valueCode", state.status().code());
            json.writeEndObject();
            if (alert.referenceVersions() != null) {
                json.writeStartObject();
                json.writeStringField("url", UnifiedRecordFhirMapper.ITEM_EXTENSION_BASE + "reference-versions");
                json.writeStringField("valueString", alert.referenceVersions());
                json.writeEndObject();
            }
            if (alert.matchedByName()) {
                extensionBoolean(UnifiedRecordFhirMapper.ITEM_EXTENSION_BASE + "matched-by-name", true);
            }
            if (state.openFor() != null) {
                extensionInteger(UnifiedRecordFhirMapper.ITEM_EXTENSION_BASE + "open-minutes", (int)
                        state.openFor().toMinutes());
                extensionBoolean(UnifiedRecordFhirMapper.ITEM_EXTENSION_BASE + "overdue", state.overdue());
            }
            json.writeEndArray();
            json.writeStringField("status", "final");
            json.writeObjectFieldStart("code");
            json.writeArrayFieldStart("coding");
            coding(AlertType.SYSTEM, alert.type().code(), null);
            json.writeEndArray();
            stringIfAny("text", alert.type().code());
            json.writeEndObject();
            json.writeStringField(
                    "severity",
                    DetectedIssue.DetectedIssueSeverity.fromCode(
                                    alert.severity().code())
                            .toCode());
            subject("patient");
            json.writeStringField(
                    "identifiedDateTime",
                    new DateTimeType(alert.since() != null ? Date.from(alert.since()) : recorded).getValueAsString());
            if (!alert.itemIds().isEmpty()) {
                json.writeArrayFieldStart("implicated");
                for (String itemId : alert.itemIds()) {
                    json.writeStartObject();
                    json.writeStringField("reference", itemUrl(itemId));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            stringIfAny("detail", state.message());
            if (!state.history().isEmpty()) {
                json.writeArrayFieldStart("mitigation");
                for (Acknowledgement ack : state.history()) {
                    mitigation(ack, ack == state.acknowledgement());
                }
                json.writeEndArray();
            }
            entryEnd();
        }

        private void mitigation(Acknowledgement ack, boolean holds) throws IOException {
            json.writeStartObject();
            json.writeArrayFieldStart("extension");
            if (ack.until() != null) {
                json.writeStartObject();
                json.writeStringField("url", UnifiedRecordFhirMapper.ITEM_EXTENSION_BASE + "acknowledgement-until");
                json.writeStringField("valueDateTime", dateTime(ack.until()));
                json.writeEndObject();
            }
            extensionBoolean(UnifiedRecordFhirMapper.ITEM_EXTENSION_BASE + "acknowledgement-holds", holds);
            json.writeEndArray();
            json.writeObjectFieldStart("action");
            json.writeArrayFieldStart("coding");
            coding(UnifiedRecordFhirMapper.ACKNOWLEDGEMENT_SYSTEM, ack.outcome().code(), null);
            json.writeEndArray();
            stringIfAny("text", ack.reason());
            json.writeEndObject();
            json.writeStringField("date", dateTime(ack.recordedAt()));
            String author = ack.client() == null ? ack.user() : ack.user() + " (" + ack.client() + ")";
            if (!StringUtils.isBlank(author)) {
                json.writeObjectFieldStart("author");
                json.writeStringField("display", author);
                json.writeEndObject();
            }
            json.writeEndObject();
        }

        private void provenance(String instant) throws IOException {
            String id = "unified-" + nhs;
            entryStart(uuidUrl("Provenance", id), "Provenance", id);
            List<UnifiedItem> items = record.unified().items();
            if (!items.isEmpty()) {
                json.writeArrayFieldStart("target");
                for (UnifiedItem item : items) {
                    json.writeStartObject();
                    json.writeStringField("reference", itemUrl(item.id()));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeStringField("recorded", instant);
            json.writeObjectFieldStart("activity");
            json.writeArrayFieldStart("coding");
            coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create");
            json.writeEndArray();
            json.writeEndObject();
            json.writeArrayFieldStart("agent");
            json.writeStartObject();
            agentType("assembler");
            json.writeObjectFieldStart("who");
            json.writeStringField("display", "UMR reconciliation");
            json.writeEndObject();
            json.writeEndObject();
            TreeSet<String> sources = new TreeSet<>();
            for (UnifiedItem item : items) {
                for (ItemSource source : item.sources()) {
                    sources.add(source.sourceId());
                }
            }
            for (String source : sources) {
                json.writeStartObject();
                agentType("author");
                json.writeObjectFieldStart("who");
                json.writeObjectFieldStart("identifier");
                json.writeStringField("system", "https://fhir.umr.example/Id/source");
                json.writeStringField("value", source);
                json.writeEndObject();
                json.writeStringField("display", source);
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            entryEnd();
        }

        private void agentType(String code) throws IOException {
            json.writeObjectFieldStart("type");
            json.writeArrayFieldStart("coding");
            coding(PROVENANCE_TYPE, code, null);
            json.writeEndArray();
            json.writeEndObject();
        }

        private void subject(String name) throws IOException {
            json.writeObjectFieldStart(name);
            json.writeObjectFieldStart("identifier");
            json.writeStringField("system", SUBJECT_SYSTEM);
            json.writeStringField("value", nhs);
            json.writeEndObject();
            json.writeEndObject();
        }

        /** A coding whose system is always set (so the coding is never empty). */
        private void coding(String system, String code, String display) throws IOException {
            json.writeStartObject();
            json.writeStringField("system", system);
            stringIfAny("code", code);
            stringIfAny("display", display);
            json.writeEndObject();
        }

        /** A list of elements whose only content is a text (Annotation, CodeableConcept, Dosage): blank ones left out. */
        private void texts(String name, List<String> texts) throws IOException {
            boolean started = false;
            for (String text : texts) {
                if (StringUtils.isBlank(text)) {
                    continue;
                }
                if (!started) {
                    json.writeArrayFieldStart(name);
                    started = true;
                }
                json.writeStartObject();
                json.writeStringField("text", text);
                json.writeEndObject();
            }
            if (started) {
                json.writeEndArray();
            }
        }

        private void extensionInteger(String url, int value) throws IOException {
            json.writeStartObject();
            json.writeStringField("url", url);
            json.writeNumberField("valueInteger", value);
            json.writeEndObject();
        }

        private void extensionBoolean(String url, boolean value) throws IOException {
            json.writeStartObject();
            json.writeStringField("url", url);
            json.writeBooleanField("valueBoolean", value);
            json.writeEndObject();
        }

        private void stringIfAny(String name, String value) throws IOException {
            if (!StringUtils.isBlank(value)) {
                json.writeStringField(name, value);
            }
        }

        private String itemUrl(String itemId) {
            return itemUrls.computeIfAbsent(itemId, UnifiedRecordFhirMapper::itemUrl);
        }

        private static String uuidUrl(String type, String id) {
            return UnifiedRecordFhirMapper.uuidUrl(type, id);
        }

        private static String dateTime(Instant instant) {
            return new DateTimeType(Date.from(instant)).getValueAsString();
        }
    }
}
