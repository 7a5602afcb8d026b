package health.umr.web;

import health.umr.alerts.ClinicalAlerts;
import health.umr.alerts.TimeCriticalMedicine;
import health.umr.domain.Acknowledgement;
import health.umr.domain.Alert;
import health.umr.domain.AlertState;
import health.umr.domain.ClinicalRecord;
import health.umr.domain.Coding;
import health.umr.domain.Discrepancy;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.Gender;
import health.umr.domain.ItemSource;
import health.umr.domain.PatientFacts;
import health.umr.domain.PatientRecord;
import health.umr.domain.Source;
import health.umr.domain.UnifiedItem;
import health.umr.records.RecordVersion;
import health.umr.records.RecordVersionSummary;
import health.umr.records.RecordView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds the {@link RecordPage} of one version of a patient's unified record. Plain Java. */
final class RecordPages {

    private RecordPages() {}

    /** What the page is built from, all read through the record query service. */
    record Facts(
            RecordView view,
            List<RecordVersionSummary> versions,
            Optional<Instant> at,
            Optional<TimelineSpan> span,
            Instant now,
            ClinicalAlerts rules,
            List<Source> sources,
            Optional<PatientFacts> patient,
            String patientName,
            List<ClinicalRecord> records) {

        /** The stored version shown. */
        RecordVersion shown() {
            return view.version();
        }
    }

    static RecordPage of(Facts facts) {
        // the stored version with its alerts evaluated at the time asked for (ages, how long open)
        PatientRecord record = facts.view().record();
        Map<String, Source> sources =
                facts.sources().stream().collect(Collectors.toMap(Source::id, Function.identity(), (a, b) -> a));
        Instant reference = facts.at().orElse(facts.now());
        boolean latest = facts.versions().isEmpty()
                || facts.versions().get(facts.versions().size() - 1).version()
                        == facts.shown().version();

        Map<String, UnifiedItem> itemsById = new LinkedHashMap<>();
        record.unified().allItems().forEach(i -> itemsById.put(i.id(), i));

        // open alerts first, then those a clinician has acknowledged; each by severity
        List<RecordPage.AlertView> alerts = facts.view().alerts().stream()
                .sorted(Comparator.comparing((AlertState a) -> a.status() != AlertState.Status.ACTIVE)
                        .thenComparing(a -> a.alert().severity())
                        .thenComparing(a -> a.alert().type().ordinal()))
                .map(a -> alert(a, itemsById, facts, reference, latest))
                .toList();

        List<UnifiedItem> active = new ArrayList<>();
        List<UnifiedItem> folded = new ArrayList<>();
        for (UnifiedItem item : record.unified().items()) {
            (item.isActive() || item.status() == health.umr.domain.MedicationStatus.ON_HOLD ? active : folded)
                    .add(item);
        }
        folded.addAll(record.unified().history());
        Comparator<UnifiedItem> byName = Comparator.comparing(i -> i.name().toLowerCase(Locale.ROOT));
        active.sort(byName);
        folded.sort(byName);

        Map<String, ClinicalRecord> records = new LinkedHashMap<>();
        facts.records().forEach(r -> records.put(r.key().text(), r));
        TimelineSpan span =
                facts.span().orElse(TimelineSpan.defaultFor(record.admission().admitted()));
        List<UnifiedItem> drawn = new ArrayList<>(active);
        drawn.addAll(folded);

        return new RecordPage(
                record.nhsNumber().value(),
                Display.nhsNumber(record.nhsNumber().value()),
                patient(facts, reference),
                versions(facts, latest),
                admitted(record, sources, reference),
                alerts,
                record.acbScore(),
                acb(record, facts.rules()),
                active.stream()
                        .map(i -> item(i, record, facts.rules(), sources))
                        .toList(),
                folded.stream()
                        .map(i -> item(i, record, facts.rules(), sources))
                        .toList(),
                record.notes(),
                Timelines.of(drawn, records, sources, reference, span),
                spans(record.nhsNumber().value(), facts.at(), span));
    }

    /** Links that redraw the timeline over another span, keeping the instant shown. */
    private static List<RecordPage.SpanLink> spans(String nhs, Optional<Instant> at, TimelineSpan current) {
        List<RecordPage.SpanLink> links = new ArrayList<>();
        for (TimelineSpan span : TimelineSpan.values()) {
            links.add(new RecordPage.SpanLink(
                    span.label(),
                    "/patients/" + nhs + "?" + at.map(a -> "at=" + a + "&").orElse("") + "span=" + span.code()
                            + "#timeline",
                    span == current));
        }
        return List.copyOf(links);
    }

    private static RecordPage.Patient patient(Facts facts, Instant reference) {
        Optional<PatientFacts> known = facts.patient();
        LocalDate born = known.map(PatientFacts::birthDate).orElse(null);
        Gender gender = known.map(PatientFacts::gender).orElse(null);
        String age = born == null
                ? null
                : Period.between(born, reference.atZone(Display.ZONE).toLocalDate())
                                .getYears()
                        + " years";
        return new RecordPage.Patient(
                facts.patientName(),
                born == null ? null : Display.fhirDate(born.toString()),
                age,
                gender == null ? null : capitalise(gender.name().toLowerCase(Locale.ROOT)));
    }

    private static RecordPage.Versions versions(Facts facts, boolean latest) {
        List<RecordVersionSummary> all = facts.versions();
        int shown = facts.shown().version();
        int index = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).version() == shown) {
                index = i;
            }
        }
        String previous = index > 0 ? all.get(index - 1).recordedAt().toString() : null;
        String next = index >= 0 && index < all.size() - 1
                ? all.get(index + 1).recordedAt().toString()
                : null;
        boolean nextIsLatest = index == all.size() - 2;
        List<RecordPage.VersionOption> options = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            RecordVersionSummary v = all.get(i);
            int count = v.alertIds().size();
            options.add(new RecordPage.VersionOption(
                    v.version(),
                    i == all.size() - 1 ? "" : v.recordedAt().toString(),
                    "Version " + v.version() + ", " + Display.instant(v.recordedAt()) + ", " + count
                            + (count == 1 ? " alert" : " alerts") + (i == all.size() - 1 ? " (latest)" : ""),
                    v.version() == shown));
        }
        Instant at = facts.at().orElse(null);
        return new RecordPage.Versions(
                shown,
                all.size(),
                Display.instant(facts.shown().recordedAt()),
                facts.shown().recordedAt().toString(),
                latest && at == null,
                at == null ? null : Display.instant(at),
                java.time.LocalDateTime.ofInstant(at == null ? facts.now() : at, Display.ZONE)
                        .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                        .toString(),
                previous,
                next,
                nextIsLatest,
                List.copyOf(options));
    }

    private static RecordPage.Admitted admitted(PatientRecord record, Map<String, Source> sources, Instant reference) {
        if (!record.admission().admitted()) {
            return null;
        }
        String by = record.admission().admittingSourceId();
        Optional<Instant> since = Display.parseFhirDate(record.admission().since());
        return new RecordPage.Admitted(
                badge(by, sources.get(by), null),
                Display.fhirDate(record.admission().since()),
                since.map(s -> Display.duration(s, reference)).orElse(null));
    }

    private static RecordPage.AlertView alert(
            AlertState state, Map<String, UnifiedItem> items, Facts facts, Instant reference, boolean latest) {
        Alert alert = state.alert();
        Instant since = alert.since() != null ? alert.since() : openSince(alert.id(), facts);
        return new RecordPage.AlertView(
                alert.id(),
                alert.type().code(),
                Display.alertTitle(alert.type()),
                alert.severity().code(),
                Display.severityLabel(alert.severity()),
                Display.severityTag(alert.severity()),
                state.status().code(),
                alert.message(),
                alert.itemIds().stream()
                        .map(items::get)
                        .filter(Objects::nonNull)
                        .map(i -> new RecordPage.ItemRef(i.id(), i.name()))
                        .toList(),
                Display.instant(since),
                Display.duration(since, reference),
                state.overdue(),
                alert.matchedByName(),
                state.acknowledgement() == null ? null : acknowledgement(state.acknowledgement()),
                state.history().stream().map(RecordPages::acknowledgement).toList(),
                latest
                        ? "/api/patients/" + facts.shown().record().nhsNumber().value() + "/alerts/" + alert.id()
                                + "/acknowledgements"
                        : null);
    }

    private static RecordPage.AcknowledgementView acknowledgement(Acknowledgement a) {
        return new RecordPage.AcknowledgementView(
                Display.outcomeLabel(a.outcome()),
                a.reason(),
                a.user(),
                Display.instant(a.recordedAt()),
                a.until() == null ? null : Display.instant(a.until()));
    }

    /** When the alert was first raised in the run of versions that ends with the one shown. */
    private static Instant openSince(String alertId, Facts facts) {
        List<RecordVersionSummary> all = facts.versions();
        Instant since = facts.shown().recordedAt();
        for (int i = all.size() - 1; i >= 0; i--) {
            RecordVersionSummary v = all.get(i);
            if (v.version() > facts.shown().version()) {
                continue;
            }
            if (!v.alertIds().contains(alertId)) {
                break;
            }
            since = v.recordedAt();
        }
        return since;
    }

    /** Each VTM counts once, as the total does. */
    private static List<RecordPage.AcbRow> acb(PatientRecord record, ClinicalAlerts rules) {
        Map<String, RecordPage.AcbRow> rows = new LinkedHashMap<>();
        for (UnifiedItem item : record.unified().activeItems()) {
            int score = rules.acbScore(item);
            if (score > 0) {
                rows.putIfAbsent(
                        item.vtmCode().orElse(item.id()),
                        new RecordPage.AcbRow(item.id(), item.vtm() == null ? item.name() : name(item.vtm()), score));
            }
        }
        return rows.values().stream()
                .sorted(Comparator.comparingInt(RecordPage.AcbRow::score)
                        .reversed()
                        .thenComparing(RecordPage.AcbRow::name))
                .toList();
    }

    private static RecordPage.ItemView item(
            UnifiedItem item, PatientRecord record, ClinicalAlerts rules, Map<String, Source> sources) {
        boolean critical = rules.isTimeCritical(item);
        String reason = critical
                ? item.vtmCode()
                        .flatMap(code -> rules.lists().timeCritical(code))
                        .map(TimeCriticalMedicine::reason)
                        .orElse(null)
                : null;
        List<RecordPage.AlertRef> alerts = record.alerts().stream()
                .filter(a -> a.itemIds().contains(item.id()))
                .sorted(Comparator.comparing(Alert::severity))
                .map(a -> new RecordPage.AlertRef(
                        a.id(),
                        Display.alertTitle(a.type()),
                        Display.severityLabel(a.severity()),
                        Display.severityTag(a.severity())))
                .toList();
        boolean doses = item.hasDiscrepancy(DiscrepancyType.DOSE);
        boolean statuses = item.hasDiscrepancy(DiscrepancyType.STATUS);
        boolean products = item.hasDiscrepancy(DiscrepancyType.PRODUCT)
                || item.hasDiscrepancy(DiscrepancyType.FORM)
                || item.hasDiscrepancy(DiscrepancyType.ROUTE);
        return new RecordPage.ItemView(
                item.id(),
                item.name(),
                item.vtm() == null ? null : name(item.vtm()),
                item.vmp() == null ? null : name(item.vmp()),
                item.medicationText(),
                item.dosage(),
                item.status().code(),
                Display.statusLabel(item.status()),
                Display.statusTag(item.status()),
                item.isActive(),
                critical,
                reason,
                rules.acbScore(item),
                item.isMapped(),
                record.alerts().stream()
                        .anyMatch(a -> a.matchedByName() && a.itemIds().contains(item.id())),
                item.sources().stream()
                        .map(s -> source(s, record, sources, doses, statuses, products))
                        .toList(),
                item.discrepancies().stream().map(RecordPages::discrepancy).toList(),
                alerts);
    }

    private static RecordPage.SourceView source(
            ItemSource source,
            PatientRecord record,
            Map<String, Source> sources,
            boolean doses,
            boolean statuses,
            boolean products) {
        String reference = record.references().get(source.key().text());
        Coding medication = source.medication();
        String asSent = medication != null && medication.display() != null
                ? medication.display()
                : source.medicationText() != null ? source.medicationText() : null;
        return new RecordPage.SourceView(
                badge(source.sourceId(), sources.get(source.sourceId()), source.lastUpdated()),
                source.resourceType(),
                reference != null
                        ? reference
                        : source.resourceId() == null ? null : source.resourceType() + "/" + source.resourceId(),
                reference != null && reference.endsWith("/" + source.resourceId()) ? null : source.resourceId(),
                source.records().size() - 1,
                "entered-in-error".equals(source.status())
                        ? "Entered in error"
                        : Display.statusLabel(source.medicationStatus()),
                asSent,
                source.dosageText(),
                Display.fhirDate(source.lastIssued()),
                source.inpatientOrder(),
                source.current(),
                doses,
                statuses,
                products);
    }

    private static RecordPage.SourceBadge badge(String id, Source source, Instant updated) {
        return new RecordPage.SourceBadge(
                id,
                source == null ? id : source.name(),
                Display.settingLabel(source == null ? null : source.setting()),
                Display.settingClass(source == null ? null : source.setting()),
                Display.date(updated));
    }

    private static RecordPage.DiscrepancyView discrepancy(Discrepancy discrepancy) {
        return new RecordPage.DiscrepancyView(
                discrepancy.type().code(), Display.discrepancyLabel(discrepancy.type()), discrepancy.detail());
    }

    private static String name(Coding coding) {
        return coding.display() != null ? coding.display() : coding.code();
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
