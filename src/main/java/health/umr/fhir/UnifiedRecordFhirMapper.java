package health.umr.fhir;

import health.umr.alerts.ClinicalAlerts;
import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.AlertState;
import health.umr.domain.AlertType;
import health.umr.domain.Discrepancy;
import health.umr.domain.ItemSource;
import health.umr.domain.NhsNumber;
import health.umr.domain.PatientRecord;
import health.umr.domain.UnifiedItem;
import health.umr.records.RecordVersion;
import health.umr.records.RecordView;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** The unified record → FHIR: the one place that writes HAPI model classes for it (docs/contract.md "The unified record"). */
final class UnifiedRecordFhirMapper {

    static final String DMD = "https://dmd.nhs.uk";
    static final String ACB_EXTENSION = "https://fhir.umr.example/StructureDefinition/acb-score";
    static final String ITEM_EXTENSION_BASE = "https://fhir.umr.example/StructureDefinition/";

    private UnifiedRecordFhirMapper() {}

    static final String ALERT_STATUS_EXTENSION = ITEM_EXTENSION_BASE + "alert-status";
    static final String ACKNOWLEDGEMENT_SYSTEM = "https://fhir.umr.example/CodeSystem/alert-acknowledgement";

    /**
     * The unified record's Bundle without its entries: its type, id, meta and timestamp, from which HAPI
     * takes the answer's Content-Location and Last-Modified headers.
     */
    static Bundle shell(String nhsNumber, int version, java.time.Instant recordedAt) {
        Date recorded = Date.from(recordedAt);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.setId("unified-" + nhsNumber + "-" + version);
        bundle.getMeta().setLastUpdated(recorded).setVersionId(String.valueOf(version));
        bundle.setTimestamp(recorded);
        return bundle;
    }

    static Bundle toBundle(RecordView view, ClinicalAlerts rules) {
        RecordVersion version = view.version();
        PatientRecord record = view.record();
        Date recorded = Date.from(version.recordedAt());
        Bundle bundle = shell(record.nhsNumber().value(), version.version(), version.recordedAt());

        ListResource list = new ListResource();
        list.setId("unified-" + record.nhsNumber().value());
        list.setStatus(ListResource.ListStatus.CURRENT)
                .setMode(ListResource.ListMode.WORKING)
                .setTitle("Unified medicines record")
                .setDate(recorded)
                .setSubject(subject(record.nhsNumber()));
        list.getCode()
                .addCoding()
                .setSystem("http://snomed.info/sct")
                .setCode("933361000000108")
                .setDisplay("Medications and medical devices");
        list.addExtension(ACB_EXTENSION, new IntegerType(record.acbScore()));
        // What a rule could not assess (valproate with no known sex or age) must be visible, not silent.
        record.notes().forEach(note -> list.addNote().setText(note));
        add(bundle, list);
        for (UnifiedItem item : record.unified().items()) {
            MedicationStatement statement = toMedicationStatement(item, record, rules);
            list.addEntry().setItem(new Reference(fullUrl(statement)).setDisplay(item.name()));
            add(bundle, statement);
        }
        for (AlertState alert : view.alerts()) {
            add(bundle, toDetectedIssue(alert, record.nhsNumber(), recorded));
        }
        add(bundle, toProvenance(record, recorded));
        return bundle;
    }

    static MedicationStatement toMedicationStatement(UnifiedItem item, PatientRecord record, ClinicalAlerts rules) {
        MedicationStatement statement = new MedicationStatement();
        statement.setId(item.id());
        statement.setStatus(MedicationStatement.MedicationStatementStatus.fromCode(
                item.status().code()));
        statement.setSubject(subject(record.nhsNumber()));
        CodeableConcept medication = new CodeableConcept();
        item.medication()
                .ifPresent(c ->
                        medication.addCoding().setSystem(DMD).setCode(c.code()).setDisplay(c.display()));
        medication.setText(item.name());
        statement.setMedication(medication);
        if (item.dosage() != null) {
            statement.addDosage().setText(item.dosage());
        }
        item.sources().stream()
                .filter(s -> s.statusReason() != null && s.medicationStatus() == item.status())
                .findFirst()
                .ifPresent(s -> statement.addStatusReason().setText(s.statusReason()));
        for (ItemSource source : item.sources()) {
            String reference = record.references().get(source.key().text());
            if (reference != null) {
                statement.addDerivedFrom(new Reference(reference)
                        .setDisplay(source.sourceId() + ": " + source.status()
                                + (source.statusReason() == null ? "" : " (" + source.statusReason() + ")")));
            }
        }
        for (Discrepancy discrepancy : item.discrepancies()) {
            statement.addNote().setText(discrepancy.type().code() + " discrepancy: " + discrepancy.detail());
        }
        statement.addExtension(
                ITEM_EXTENSION_BASE + "time-critical",
                new org.hl7.fhir.r4.model.BooleanType(rules.isTimeCritical(item)));
        statement.addExtension(ACB_EXTENSION, new IntegerType(rules.acbScore(item)));
        if (!item.isMapped()) {
            statement.addExtension(ITEM_EXTENSION_BASE + "unmapped", new org.hl7.fhir.r4.model.BooleanType(true));
        }
        return statement;
    }

    /**
     * One alert as a DetectedIssue: its code, severity, detail (with how long an omission has been open),
     * the items it implicates, when it was identified (an omission: the admission), extensions for its
     * status (active / acknowledged), reference-list versions, "matched by name", and whether it is overdue;
     * every acknowledgement as a {@code mitigation} (action coded accepted / overridden / not-applicable,
     * the reason as its text, the date, the user as author; {@code until} and whether it has lapsed as
     * extensions).
     */
    static DetectedIssue toDetectedIssue(AlertState state, NhsNumber nhsNumber, Date recorded) {
        Alert alert = state.alert();
        DetectedIssue issue = new DetectedIssue();
        issue.setId(alert.id());
        issue.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        issue.getCode()
                .addCoding()
                .setSystem(AlertType.SYSTEM)
                .setCode(alert.type().code());
        issue.getCode().setText(alert.type().code());
        issue.setSeverity(
                DetectedIssue.DetectedIssueSeverity.fromCode(alert.severity().code()));
        issue.setPatient(subject(nhsNumber));
        issue.setIdentified(
                new org.hl7.fhir.r4.model.DateTimeType(alert.since() != null ? Date.from(alert.since()) : recorded));
        issue.setDetail(state.message());
        alert.itemIds().forEach(id -> issue.addImplicated(new Reference(itemUrl(id))));
        issue.addExtension(
                ALERT_STATUS_EXTENSION,
                new org.hl7.fhir.r4.model.CodeType(state.status().code()));
        if (alert.referenceVersions() != null) {
            issue.addExtension(
                    ITEM_EXTENSION_BASE + "reference-versions",
                    new org.hl7.fhir.r4.model.StringType(alert.referenceVersions()));
        }
        if (alert.matchedByName()) {
            issue.addExtension(ITEM_EXTENSION_BASE + "matched-by-name", new org.hl7.fhir.r4.model.BooleanType(true));
        }
        if (state.openFor() != null) {
            issue.addExtension(ITEM_EXTENSION_BASE + "open-minutes", new IntegerType((int)
                    state.openFor().toMinutes()));
            issue.addExtension(ITEM_EXTENSION_BASE + "overdue", new org.hl7.fhir.r4.model.BooleanType(state.overdue()));
        }
        for (Acknowledgement ack : state.history()) {
            DetectedIssue.DetectedIssueMitigationComponent mitigation = issue.addMitigation();
            mitigation
                    .getAction()
                    .setText(ack.reason())
                    .addCoding()
                    .setSystem(ACKNOWLEDGEMENT_SYSTEM)
                    .setCode(ack.outcome().code());
            mitigation.setDate(Date.from(ack.recordedAt()));
            mitigation.setAuthor(new Reference()
                    .setDisplay(ack.client() == null ? ack.user() : ack.user() + " (" + ack.client() + ")"));
            if (ack.until() != null) {
                mitigation.addExtension(
                        ITEM_EXTENSION_BASE + "acknowledgement-until",
                        new org.hl7.fhir.r4.model.DateTimeType(Date.from(ack.until())));
            }
            boolean holds = ack == state.acknowledgement();
            mitigation.addExtension(
                    ITEM_EXTENSION_BASE + "acknowledgement-holds", new org.hl7.fhir.r4.model.BooleanType(holds));
        }
        return issue;
    }

    private static Provenance toProvenance(PatientRecord record, Date recorded) {
        Provenance provenance = new Provenance();
        provenance.setId("unified-" + record.nhsNumber().value());
        provenance.setRecorded(recorded);
        record.unified().items().forEach(item -> provenance.addTarget(new Reference(itemUrl(item.id()))));
        provenance
                .getActivity()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/v3-DataOperation")
                .setCode("CREATE")
                .setDisplay("create");
        TreeSet<String> sources = new TreeSet<>();
        record.unified().items().forEach(i -> i.sources().forEach(s -> sources.add(s.sourceId())));
        provenance
                .addAgent()
                .setWho(new Reference().setDisplay("UMR reconciliation"))
                .getType()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/provenance-participant-type")
                .setCode("assembler");
        for (String source : sources) {
            provenance
                    .addAgent()
                    .setWho(new Reference()
                            .setIdentifier(new Identifier()
                                    .setSystem("https://fhir.umr.example/Id/source")
                                    .setValue(source))
                            .setDisplay(source))
                    .getType()
                    .addCoding()
                    .setSystem("http://terminology.hl7.org/CodeSystem/provenance-participant-type")
                    .setCode("author");
        }
        return provenance;
    }

    static Reference subject(NhsNumber nhsNumber) {
        return new Reference()
                .setIdentifier(new Identifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber.value()));
    }

    private static void add(Bundle bundle, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl(resource)).setResource(resource);
    }

    private static String fullUrl(Resource resource) {
        return resource instanceof MedicationStatement
                ? itemUrl(resource.getIdElement().getIdPart())
                : uuidUrl(resource.fhirType(), resource.getIdElement().getIdPart());
    }

    /** The stable urn:uuid of a resource UMR creates for the record (List, DetectedIssue, Provenance). */
    static String uuidUrl(String resourceType, String id) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes((resourceType + "/" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Items are referred to by a stable urn:uuid derived from the item id, so references resolve inside the Bundle. */
    static String itemUrl(String itemId) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(("MedicationStatement/" + itemId).getBytes(StandardCharsets.UTF_8));
    }
}
