package health.umr.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.umr.alerts.ClinicalAlerts;
import health.umr.alerts.Freshness;
import health.umr.domain.Acknowledgement;
import health.umr.domain.AlertState;
import health.umr.domain.Coding;
import health.umr.domain.Discrepancy;
import health.umr.domain.IsoInstant;
import health.umr.domain.ItemSource;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.domain.UnifiedItem;
import health.umr.records.RecordView;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The JSON answer of a read, written straight from the view with the mapper's generator: the same bytes
 * as data binding of {@link PatientMedicationsJson#of} (PatientMedicationsWriterTest compares them byte
 * for byte; ReadCacheHttpTest through the service's own mapper), without the DTOs, their lists and
 * data binding's per-property work (about a third of the bytes a worked-out read allocated). Fields
 * come in the records' component order, nulls are written, instants as ISO-8601 ({@code
 * InstantSerializer}'s form when dates are not timestamps).
 */
final class PatientMedicationsWriter {

    private PatientMedicationsWriter() {}

    static byte[] write(ObjectMapper mapper, RecordView view, ClinicalAlerts rules) throws IOException {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(mapper.getFactory()._getBufferRecycler())) {
            try (JsonGenerator g = mapper.createGenerator(bytes, JsonEncoding.UTF8)) {
                answer(g, view, rules);
            }
            byte[] result = bytes.toByteArray();
            bytes.release();
            return result;
        }
    }

    private static void answer(JsonGenerator g, RecordView view, ClinicalAlerts rules) throws IOException {
        PatientRecord record = view.record();
        g.writeStartObject();
        g.writeStringField("nhsNumber", record.nhsNumber().value());
        instant(g, "asOf", view.version().recordedAt());
        instant(g, "evaluatedAt", view.at().instant());
        g.writeNumberField("version", view.version().version());
        g.writeBooleanField("admitted", record.admission().admitted());
        g.writeStringField("admittedBy", record.admission().admittingSourceId());
        g.writeNumberField("acbScore", record.acbScore());
        g.writeFieldName("items");
        items(g, record.unified().items(), record, rules, view.at());
        g.writeFieldName("alerts");
        g.writeStartArray();
        for (AlertState state : view.alerts()) {
            alert(g, state);
        }
        g.writeEndArray();
        strings(g, "notes", record.notes());
        g.writeFieldName("history");
        items(g, record.unified().history(), record, rules, view.at());
        g.writeEndObject();
    }

    private static void items(
            JsonGenerator g, List<UnifiedItem> items, PatientRecord record, ClinicalAlerts rules, ReferenceTime at)
            throws IOException {
        g.writeStartArray();
        for (UnifiedItem item : items) {
            item(g, item, record, rules, at);
        }
        g.writeEndArray();
    }

    private static void item(
            JsonGenerator g, UnifiedItem item, PatientRecord record, ClinicalAlerts rules, ReferenceTime at)
            throws IOException {
        boolean recent = ClinicalAlerts.recentlyConfirmed(item, at);
        g.writeStartObject();
        g.writeStringField("id", item.id());
        code(g, "vtm", item.vtm());
        code(g, "vmp", item.vmp());
        g.writeStringField("text", item.medicationText());
        g.writeStringField("status", item.status().code());
        g.writeBooleanField("critical", rules.isTimeCritical(item));
        g.writeNumberField("acb", rules.acbScore(item));
        g.writeStringField("dosage", item.dosage());
        g.writeBooleanField("mapped", item.isMapped());
        g.writeFieldName("sources");
        if (item.sources() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (ItemSource source : item.sources()) {
                source(g, source, record);
            }
            g.writeEndArray();
        }
        g.writeFieldName("discrepancies");
        if (item.discrepancies() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (Discrepancy discrepancy : item.discrepancies()) {
                g.writeStartObject();
                g.writeStringField("type", discrepancy.type().code());
                g.writeStringField("detail", discrepancy.detail());
                strings(g, "sources", discrepancy.sourceIds());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeBooleanField("recentlyConfirmed", recent);
        instant(g, "lastConfirmed", Freshness.lastConfirmed(item));
        g.writeStringField("confirmation", recent ? null : "not recently confirmed");
        g.writeEndObject();
    }

    private static void source(JsonGenerator g, ItemSource source, PatientRecord record) throws IOException {
        String reference = record.references().get(source.key().text());
        Coding coding = source.medication();
        g.writeStartObject();
        g.writeStringField("source", source.sourceId());
        g.writeStringField(
                "setting", source.setting() == null ? null : source.setting().code());
        g.writeStringField("resourceType", source.resourceType());
        g.writeStringField(
                "id", reference == null ? source.resourceId() : reference.substring(reference.indexOf('/') + 1));
        g.writeStringField("status", source.status());
        g.writeObjectFieldStart("medication");
        g.writeStringField("system", coding == null ? null : coding.system());
        g.writeStringField("code", coding == null ? null : coding.code());
        g.writeStringField("display", coding == null ? source.medicationText() : coding.display());
        g.writeEndObject();
        g.writeStringField("dosage", source.dosageText());
        instant(g, "lastUpdated", source.lastUpdated());
        g.writeStringField("lastIssued", source.lastIssued());
        g.writeBooleanField("inpatientOrder", source.inpatientOrder());
        g.writeBooleanField("current", source.current());
        g.writeStringField("statusReason", source.statusReason());
        instant(g, "lastConfirmed", source.lastConfirmed());
        g.writeStringField("indication", source.indication());
        g.writeEndObject();
    }

    private static void alert(JsonGenerator g, AlertState state) throws IOException {
        Duration open = state.openFor();
        g.writeStartObject();
        g.writeStringField("id", state.alert().id());
        g.writeStringField("type", state.alert().type().code());
        g.writeStringField("severity", state.alert().severity().code());
        g.writeStringField("status", state.status().code());
        strings(g, "itemIds", state.alert().itemIds());
        g.writeStringField("message", state.message());
        strings(g, "sources", state.alert().sourceIds());
        g.writeStringField("referenceVersions", state.alert().referenceVersions());
        g.writeBooleanField("matchedByName", state.alert().matchedByName());
        instant(g, "since", state.alert().since());
        g.writeFieldName("openMinutes");
        if (open == null) {
            g.writeNull();
        } else {
            g.writeNumber(open.toMinutes());
        }
        g.writeBooleanField("overdue", state.overdue());
        g.writeFieldName("acknowledgement");
        acknowledgement(g, state.acknowledgement());
        g.writeFieldName("acknowledgements");
        g.writeStartArray();
        for (Acknowledgement ack : state.history()) {
            acknowledgement(g, ack);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void acknowledgement(JsonGenerator g, Acknowledgement ack) throws IOException {
        if (ack == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("id", ack.id());
        g.writeStringField("outcome", ack.outcome().code());
        g.writeStringField("reason", ack.reason());
        instant(g, "until", ack.until());
        g.writeStringField("user", ack.user());
        g.writeStringField("client", ack.client());
        instant(g, "recordedAt", ack.recordedAt());
        g.writeStringField("severity", ack.severity().code());
        strings(g, "itemIds", ack.itemIds());
        g.writeEndObject();
    }

    private static void code(JsonGenerator g, String name, Coding coding) throws IOException {
        g.writeFieldName(name);
        if (coding == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("code", coding.code());
        g.writeStringField("display", coding.display());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeFieldName(name);
        if (values == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static void instant(JsonGenerator g, String name, Instant value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
            return;
        }
        char[] text = new char[IsoInstant.MAX_LENGTH];
        int length = IsoInstant.write(value, text);
        if (length < 0) {
            g.writeString(DateTimeFormatter.ISO_INSTANT.format(value));
        } else {
            g.writeString(text, 0, length);
        }
    }
}
