package health.umr.web;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * Everything the record page shows, worded and ordered for people: built by {@link RecordPages}
 * from one version of the unified record, rendered by the Qute template {@code record.html}.
 */
@TemplateData
public record RecordPage(
        String nhsNumber,
        String nhsDisplay,
        Patient patient,
        Versions versions,
        Admitted admitted,
        List<AlertView> alerts,
        int acbTotal,
        List<AcbRow> acb,
        List<ItemView> current,
        List<ItemView> folded,
        List<String> notes,
        Timeline timeline,
        List<SpanLink> spans) {

    @TemplateData
    public record SpanLink(String label, String href, boolean current) {}

    /** What the newest Patient resource said; each field may be null. */
    @TemplateData
    public record Patient(String name, String born, String age, String sex) {}

    /**
     * Which version is shown and how to move to the others.
     *
     * @param atText       the instant asked for with {@code ?at=}, shown, or null for the latest
     * @param previousAt   the {@code ?at=} value that shows the version before, or null
     * @param nextAt       likewise the version after, or null; the latest version is shown without {@code ?at=}
     */
    @TemplateData
    public record Versions(
            int shown,
            int count,
            String recordedText,
            String recordedIso,
            boolean latest,
            String atText,
            String atLocal,
            String previousAt,
            String nextAt,
            boolean nextIsLatest,
            List<VersionOption> options) {}

    @TemplateData
    public record VersionOption(int version, String at, String label, boolean selected) {}

    @TemplateData
    public record Admitted(SourceBadge by, String since, String forHowLong) {}

    @TemplateData
    public record SourceBadge(String id, String name, String setting, String settingClass, String updated) {}

    @TemplateData
    public record ItemRef(String id, String name) {}

    @TemplateData
    public record AlertView(
            String id,
            String type,
            String title,
            String severity,
            String severityLabel,
            String severityTag,
            String status,
            String message,
            List<ItemRef> items,
            String openSince,
            String openFor,
            boolean overdue,
            boolean matchedByName,
            AcknowledgementView acknowledgement,
            List<AcknowledgementView> history,
            String acknowledgeUrl) {

        public boolean acknowledged() {
            return "acknowledged".equals(status);
        }

        /** More decisions than the one that holds now (an earlier one, or one that has lapsed). */
        public boolean showHistory() {
            return history.size() > (acknowledgement == null ? 0 : 1);
        }
    }

    /** A clinician's decision about an alert: what, why, who, when, until when. */
    @TemplateData
    public record AcknowledgementView(String outcome, String reason, String user, String when, String until) {}

    @TemplateData
    public record AlertRef(String id, String title, String severityLabel, String severityTag) {}

    @TemplateData
    public record AcbRow(String itemId, String name, int score) {}

    @TemplateData
    public record ItemView(
            String id,
            String name,
            String vtm,
            String vmp,
            String text,
            String dosage,
            String status,
            String statusLabel,
            String statusTag,
            boolean active,
            boolean critical,
            String criticalReason,
            int acb,
            boolean mapped,
            boolean matchedByName,
            List<SourceView> sources,
            List<DiscrepancyView> discrepancies,
            List<AlertRef> alerts) {

        public boolean hasDiscrepancies() {
            return !discrepancies.isEmpty();
        }
    }

    /**
     * One source's version of an item, shown side by side with the others'.
     *
     * @param reference the lead record as UMR serves it ({@code Type/id} under {@code /fhir})
     * @param sentId    the lead record's resource id as the source sent it when UMR serves it under another, else null
     * @param linked    how many more records of the source are chained to the lead one (plans, issues)
     */
    @TemplateData
    public record SourceView(
            SourceBadge badge,
            String resourceType,
            String reference,
            String sentId,
            int linked,
            String status,
            String medication,
            String dosage,
            String lastIssued,
            boolean inpatientOrder,
            boolean current,
            boolean doseDiffers,
            boolean statusDiffers,
            boolean medicationDiffers) {}

    @TemplateData
    public record DiscrepancyView(String type, String label, String detail) {}
}
