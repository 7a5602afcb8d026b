package health.umr.api;

import health.umr.alerts.ClinicalAlerts;
import health.umr.domain.Acknowledgement;
import health.umr.domain.AlertState;
import health.umr.domain.Coding;
import health.umr.domain.Discrepancy;
import health.umr.domain.ItemSource;
import health.umr.domain.PatientRecord;
import health.umr.domain.ReferenceTime;
import health.umr.domain.UnifiedItem;
import health.umr.records.RecordView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The unified record as plain JSON for portals (docs/contract.md "JSON for portals"). {@code asOf} is
 * when the stored version was made; {@code evaluatedAt} the reference time its alerts were evaluated at
 * (now, or the {@code at} asked for).
 */
public record PatientMedicationsJson(
        String nhsNumber,
        Instant asOf,
        Instant evaluatedAt,
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
            boolean current,
            String statusReason,
            Instant lastConfirmed,
            String indication) {}

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
            List<DiscrepancyJson> discrepancies,
            boolean recentlyConfirmed,
            Instant lastConfirmed,
            String confirmation) {}

    /** A clinician's decision about an alert. */
    public record AcknowledgementJson(
            String id,
            String outcome,
            String reason,
            Instant until,
            String user,
            String client,
            Instant recordedAt,
            String severity,
            List<String> itemIds) {
        public static AcknowledgementJson of(Acknowledgement ack) {
            return ack == null
                    ? null
                    : new AcknowledgementJson(
                            ack.id(),
                            ack.outcome().code(),
                            ack.reason(),
                            ack.until(),
                            ack.user(),
                            ack.client(),
                            ack.recordedAt(),
                            ack.severity().code(),
                            ack.itemIds());
        }
    }

    /**
     * One alert: the contract's fields, then the sources it rests on, the reference-list versions it was
     * raised under, whether a medicine was matched by name only, for an omission the admission time, how
     * many minutes it has been open and whether it is overdue, the acknowledgement that holds now and every
     * acknowledgement it has had.
     */
    public record AlertJson(
            String id,
            String type,
            String severity,
            String status,
            List<String> itemIds,
            String message,
            List<String> sources,
            String referenceVersions,
            boolean matchedByName,
            Instant since,
            Long openMinutes,
            boolean overdue,
            AcknowledgementJson acknowledgement,
            List<AcknowledgementJson> acknowledgements) {
        static AlertJson of(AlertState state) {
            Duration open = state.openFor();
            return new AlertJson(
                    state.alert().id(),
                    state.alert().type().code(),
                    state.alert().severity().code(),
                    state.status().code(),
                    state.alert().itemIds(),
                    state.message(),
                    state.alert().sourceIds(),
                    state.alert().referenceVersions(),
                    state.alert().matchedByName(),
                    state.alert().since(),
                    open == null ? null : open.toMinutes(),
                    state.overdue(),
                    AcknowledgementJson.of(state.acknowledgement()),
                    state.history().stream().map(AcknowledgementJson::of).toList());
        }
    }

    static PatientMedicationsJson of(RecordView view, ClinicalAlerts rules) {
        PatientRecord record = view.record();
        return new PatientMedicationsJson(
                record.nhsNumber().value(),
                view.version().recordedAt(),
                view.at().instant(),
                view.version().version(),
                record.admission().admitted(),
                record.admission().admittingSourceId(),
                record.acbScore(),
                record.unified().items().stream()
                        .map(i -> item(i, record, rules, view.at()))
                        .toList(),
                view.alerts().stream().map(AlertJson::of).toList(),
                record.notes(),
                record.unified().history().stream()
                        .map(i -> item(i, record, rules, view.at()))
                        .toList());
    }

    private static Item item(UnifiedItem item, PatientRecord record, ClinicalAlerts rules, ReferenceTime at) {
        boolean recent = ClinicalAlerts.recentlyConfirmed(item, at);
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
                item.discrepancies().stream().map(DiscrepancyJson::of).toList(),
                recent,
                health.umr.alerts.Freshness.lastConfirmed(item),
                recent ? null : "not recently confirmed");
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
                source.current(),
                source.statusReason(),
                source.lastConfirmed(),
                source.indication());
    }
}
