package health.umr.api;

import health.umr.alerts.ClinicalAlerts;
import health.umr.domain.Alert;
import health.umr.domain.Coding;
import health.umr.domain.Discrepancy;
import health.umr.domain.ItemSource;
import health.umr.domain.PatientRecord;
import health.umr.domain.UnifiedItem;
import health.umr.records.RecordVersion;
import java.time.Instant;
import java.util.List;

/** The unified record as plain JSON for portals (docs/contract.md "JSON for portals"). */
public record PatientMedicationsJson(
        String nhsNumber,
        Instant asOf,
        int version,
        boolean admitted,
        String admittedBy,
        int acbScore,
        List<Item> items,
        List<AlertJson> alerts,
        List<String> notes,
        List<Item> history) {

    public record Code(String code, String display) {
        static Code of(Coding coding) {
            return coding == null ? null : new Code(coding.code(), coding.display());
        }
    }

    public record Medication(String system, String code, String display) {}

    public record SourceJson(
            String source,
            String setting,
            String resourceType,
            String id,
            String status,
            Medication medication,
            String dosage,
            Instant lastUpdated,
            String lastIssued,
            boolean inpatientOrder,
            boolean current) {}

    public record DiscrepancyJson(String type, String detail, List<String> sources) {
        static DiscrepancyJson of(Discrepancy discrepancy) {
            return new DiscrepancyJson(discrepancy.type().code(), discrepancy.detail(), discrepancy.sourceIds());
        }
    }

    public record Item(
            String id,
            Code vtm,
            Code vmp,
            String text,
            String status,
            boolean critical,
            int acb,
            String dosage,
            boolean mapped,
            List<SourceJson> sources,
            List<DiscrepancyJson> discrepancies) {}

    public record AlertJson(
            String id, String type, String severity, String status, List<String> itemIds, String message) {
        static AlertJson of(Alert alert) {
            return new AlertJson(
                    alert.id(),
                    alert.type().code(),
                    alert.severity().code(),
                    "active",
                    alert.itemIds(),
                    alert.message());
        }
    }

    static PatientMedicationsJson of(RecordVersion version, ClinicalAlerts rules) {
        PatientRecord record = version.record();
        return new PatientMedicationsJson(
                record.nhsNumber().value(),
                version.recordedAt(),
                version.version(),
                record.admission().admitted(),
                record.admission().admittingSourceId(),
                record.acbScore(),
                record.unified().items().stream()
                        .map(i -> item(i, record, rules))
                        .toList(),
                record.alerts().stream().map(AlertJson::of).toList(),
                record.notes(),
                record.unified().history().stream()
                        .map(i -> item(i, record, rules))
                        .toList());
    }

    private static Item item(UnifiedItem item, PatientRecord record, ClinicalAlerts rules) {
        return new Item(
                item.id(),
                Code.of(item.vtm()),
                Code.of(item.vmp()),
                item.medicationText(),
                item.status().code(),
                rules.isTimeCritical(item),
                rules.acbScore(item),
                item.dosage(),
                item.isMapped(),
                item.sources().stream().map(s -> source(s, record)).toList(),
                item.discrepancies().stream().map(DiscrepancyJson::of).toList());
    }

    private static SourceJson source(ItemSource source, PatientRecord record) {
        String reference = record.references().get(source.key().text());
        Coding coding = source.medication();
        return new SourceJson(
                source.sourceId(),
                source.setting() == null ? null : source.setting().code(),
                source.resourceType(),
                reference == null ? source.resourceId() : reference.substring(reference.indexOf('/') + 1),
                source.status(),
                coding == null
                        ? new Medication(null, null, source.medicationText())
                        : new Medication(coding.system(), coding.code(), coding.display()),
                source.dosageText(),
                source.lastUpdated(),
                source.lastIssued(),
                source.inpatientOrder(),
                source.current());
    }
}
