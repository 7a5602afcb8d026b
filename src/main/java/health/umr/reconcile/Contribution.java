package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.dmd.VmpDetail;
import health.umr.dmd.VmpIngredient;
import health.umr.domain.Coding;
import health.umr.domain.ContributingRecord;
import health.umr.domain.Dosage;
import health.umr.domain.ItemSource;
import health.umr.domain.MedicationStatus;
import health.umr.domain.RecordKey;
import health.umr.domain.RecordKind;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.SourceSetting;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One chain of one source's records (see {@link RecordChains}), read as one medicine: the lead
 * record says what the source asserts, the other records add issue dates and references.
 *
 * @param source      the source, or null if it is not registered
 * @param sourceId    the source's id (from the record keys)
 * @param records     the chain, sorted by key
 * @param lead        the statement, else the plan, else the original order, else the order ...
 * @param medicine    the medicine resolved in dm+d, or null when unmapped
 * @param detail      the VMP's form, routes and strengths, or null
 * @param status      the lead record's status
 * @param lastUpdated the newest meta.lastUpdated in the chain
 * @param assertedAt  the newest dateAsserted (else effective start / authoredOn) in the chain
 * @param endedAt     the newest of each record's effective end (else dateAsserted, else effective
 *                    start, else lastUpdated)
 * @param current     false for a completed or stopped course that ended before the current window
 * @param structuredRange the dose range of the lead record's structured dosage, or null
 * @param textRange   the dose range the lead record's dosage text gives, or null
 */
record Contribution(
        Source source,
        String sourceId,
        List<SourceRecord> records,
        SourceRecord lead,
        ResolvedMedicine medicine,
        VmpDetail detail,
        MedicationStatus status,
        Instant lastUpdated,
        Instant assertedAt,
        Instant endedAt,
        boolean current,
        DoseRange structuredRange,
        DoseRange textRange) {

    static final Comparator<RecordKey> KEY_ORDER = Comparator.comparing(RecordKey::sourceId)
            .thenComparing(RecordKey::kind)
            .thenComparing(RecordKey::businessKey);

    static final Comparator<SourceRecord> KEY_ORDER_OF_RECORDS = Comparator.comparing(SourceRecord::key, KEY_ORDER);

    /**
     * Newest assertion first: the newest meta.lastUpdated (a contribution without one is oldest),
     * then the newest dateAsserted / effective start; on a full tie an active contribution comes
     * first (so a tie never hides a medicine), then the smaller source id, then the smaller key.
     */
    static final Comparator<Contribution> NEWEST_FIRST = Comparator.comparing(
                    Contribution::lastUpdated, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Contribution::assertedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(c -> c.status().isActive() ? 0 : 1)
            .thenComparing(Contribution::sourceId)
            .thenComparing(c -> c.lead().key(), KEY_ORDER);

    private static final Set<String> ISSUE_INTENTS =
            Set.of("order", "original-order", "instance-order", "reflex-order", "filler-order");

    /** Reads a chain; {@code windowStart} may be null (no window: every course is current). */
    private static final Comparator<SourceRecord> BY_ROLE = Comparator.comparingInt(Contribution::roleRank)
            .thenComparing(
                    (SourceRecord r) -> r.version().lastUpdated(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(KEY_ORDER_OF_RECORDS);

    static Contribution of(List<SourceRecord> chain, Source source, Dmd dmd, Instant windowStart, DoseTexts doseTexts) {
        // most chains are one record: no sorting for them
        List<SourceRecord> records = chain.size() == 1
                ? List.copyOf(chain)
                : chain.stream().sorted(KEY_ORDER_OF_RECORDS).toList();
        List<SourceRecord> byRole =
                records.size() == 1 ? records : records.stream().sorted(BY_ROLE).toList();
        SourceRecord lead = byRole.get(0);
        ResolvedMedicine medicine = byRole.stream()
                .map(r -> ResolvedMedicine.resolve(r.medication(), dmd))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(null);
        VmpDetail detail = medicine == null || medicine.vmp() == null
                ? null
                : dmd.vmpDetail(medicine.vmp()).orElse(null);
        Instant lastUpdated = null;
        Instant assertedAt = null;
        Instant endedAt = null;
        for (SourceRecord record : records) {
            lastUpdated = ClinicalDates.later(lastUpdated, record.version().lastUpdated());
            assertedAt = ClinicalDates.later(assertedAt, assertedAt(record));
            endedAt = ClinicalDates.later(endedAt, endedAt(record));
        }
        MedicationStatus status = MedicationStatus.ofSourceStatus(lead.status());
        boolean current =
                !(status.isEnded() && windowStart != null && endedAt != null && endedAt.isBefore(windowStart));
        // read once here: the item's sources and its discrepancies both compare them
        Dosage dosage = lead.dosage();
        DoseRange structuredRange = DoseRange.structured(dosage, detail).orElse(null);
        DoseRange textRange = dosage == null
                ? null
                : DoseRange.text(doseTexts.parse(dosage.text()), detail).orElse(null);
        return new Contribution(
                source,
                lead.key().sourceId(),
                records,
                lead,
                medicine,
                detail,
                status,
                lastUpdated,
                assertedAt,
                endedAt,
                current,
                structuredRange,
                textRange);
    }

    /** The record that speaks for the chain: statement, plan, original order, order, instance order, other. */
    private static int roleRank(SourceRecord record) {
        if (record.key().kind() == RecordKind.MEDICATION_STATEMENT) {
            return 0;
        }
        String intent = record.intent() == null ? "" : record.intent();
        return switch (intent) {
            case "plan" -> 1;
            case "original-order" -> 2;
            case "order" -> 3;
            case "instance-order" -> 4;
            default -> 5;
        };
    }

    static Instant assertedAt(SourceRecord record) {
        Instant asserted = ClinicalDates.parse(record.dateAsserted());
        return asserted != null ? asserted : ClinicalDates.parse(record.effectiveStart());
    }

    private static Instant endedAt(SourceRecord record) {
        Instant end = ClinicalDates.parse(record.effectiveEnd());
        if (end == null) {
            end = assertedAt(record);
        }
        return end != null ? end : record.version().lastUpdated();
    }

    String vtm() {
        return medicine == null ? null : medicine.vtm();
    }

    String vmp() {
        return medicine == null ? null : medicine.vmp();
    }

    boolean isActive() {
        return current && status.isActive();
    }

    SourceSetting setting() {
        return source == null ? null : source.setting();
    }

    /** The route the source gave in the dosage, else the VMP's route when dm+d lists only one; else null. */
    String route() {
        if (lead.dosage() != null
                && lead.dosage().route() != null
                && !lead.dosage().route().isBlank()) {
            return lead.dosage().route().strip();
        }
        if (detail != null && detail.routes().size() == 1) {
            return detail.routes().get(0).code();
        }
        return null;
    }

    /** The dose range of the lead record's structured dosage (every instruction), if structured. */
    Optional<DoseRange> structuredDose() {
        return Optional.ofNullable(structuredRange);
    }

    /** The dose range its dosage text gives, if the text can be read. */
    Optional<DoseRange> textDose() {
        return Optional.ofNullable(textRange);
    }

    /** True when a request of the chain is an inpatient order from a setting that admits patients. */
    boolean inpatientOrder() {
        if (source == null || !source.setting().admits()) {
            return false;
        }
        return records.stream()
                .anyMatch(r -> r.key().kind() == RecordKind.MEDICATION_REQUEST
                        && r.category() != null
                        && "inpatient".equals(r.category().strip().toLowerCase(Locale.ROOT)));
    }

    /** The authoredOn (as sent) of the newest issue in the chain, or null. */
    String lastIssued() {
        return records.stream()
                .filter(r -> r.key().kind() == RecordKind.MEDICATION_REQUEST
                        && r.intent() != null
                        && ISSUE_INTENTS.contains(r.intent())
                        && r.effectiveStart() != null)
                .max(Comparator.comparing(
                                (SourceRecord r) -> ClinicalDates.parse(r.effectiveStart()),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(SourceRecord::effectiveStart)
                        .thenComparing(KEY_ORDER_OF_RECORDS.reversed()))
                .map(SourceRecord::effectiveStart)
                .orElse(null);
    }

    /** The medicine's text as sent: the lead record's text, else the first display, else null. */
    String medicationText() {
        String fromLead = textOf(lead);
        if (fromLead != null) {
            return fromLead;
        }
        for (SourceRecord record : records) { // in key order (see of)
            String text = record == lead ? null : textOf(record);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /** The medicine's text, else the first display of its codings, else null. */
    private static String textOf(SourceRecord record) {
        if (record.medication() == null) {
            return null;
        }
        if (record.medication().text() != null && !record.medication().text().isBlank()) {
            return record.medication().text();
        }
        for (Coding coding : record.medication().codings()) {
            if (coding.display() != null && !coding.display().isBlank()) {
                return coding.display();
            }
        }
        return null;
    }

    ItemSource toItemSource() {
        Coding coding = medicine != null
                ? medicine.coding()
                : lead.medication() == null || lead.medication().codings().isEmpty()
                        ? null
                        : lead.medication().codings().get(0);
        return new ItemSource(
                sourceId,
                setting(),
                lead.key().kind().resourceType(),
                lead.key(),
                lead.resourceId(),
                lead.status(),
                lead.intent(),
                lead.category(),
                coding,
                medicationText(),
                medicine == null ? null : medicine.code(),
                lead.dosage() == null ? Dosage.NONE : lead.dosage(),
                DosageWording.of(lead.dosage()),
                structuredDose().or(this::textDose).map(DoseRange::text).orElse(null),
                lastUpdated,
                lastIssued(),
                inpatientOrder(),
                current,
                records.stream().map(ContributingRecord::of).toList(),
                routes(),
                detail == null ? null : detail.formName(),
                strength(),
                inpatientOrder() ? orderedAt() : null,
                lastConfirmed(),
                statusReason(),
                indication());
    }

    /** The route the dosage gives, else the VMP's dm+d routes (sorted); empty when neither says. */
    List<String> routes() {
        if (lead.dosage() != null
                && lead.dosage().route() != null
                && !lead.dosage().route().isBlank()) {
            return List.of(lead.dosage().route().strip());
        }
        return detail == null
                ? List.of()
                : detail.routeCodes().stream().sorted().toList();
    }

    /** The VMP's strengths ("10 unit/1 ml", "25 mg + 100 mg"), or null when not all are known. */
    private String strength() {
        if (detail == null
                || detail.ingredients().isEmpty()
                || detail.ingredients().stream().anyMatch(i -> i.numeratorValue() == null)) {
            return null;
        }
        return String.join(
                " + ",
                detail.ingredients().stream()
                        .sorted(Comparator.comparing(VmpIngredient::ingredientId))
                        .map(VmpIngredient::strengthText)
                        .toList());
    }

    /** The newest authoredOn (as sent) among the chain's inpatient requests. */
    private String orderedAt() {
        return records.stream()
                .filter(r -> r.key().kind() == RecordKind.MEDICATION_REQUEST
                        && r.category() != null
                        && "inpatient".equals(r.category().strip().toLowerCase(Locale.ROOT))
                        && r.effectiveStart() != null)
                .max(Comparator.comparing(
                                (SourceRecord r) -> ClinicalDates.parse(r.effectiveStart()),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(SourceRecord::effectiveStart))
                .map(SourceRecord::effectiveStart)
                .orElse(null);
    }

    /** The newest lastUpdated, dateAsserted, effective start or authoredOn in the chain. */
    private Instant lastConfirmed() {
        Instant newest = null;
        for (SourceRecord record : records) {
            newest = ClinicalDates.later(newest, record.version().lastUpdated());
            newest = ClinicalDates.later(newest, ClinicalDates.parse(record.dateAsserted()));
            newest = ClinicalDates.later(newest, ClinicalDates.parse(record.effectiveStart()));
        }
        return newest;
    }

    /** The lead record's status reason, else the newest one another record of the chain gives. */
    private String statusReason() {
        if (lead.statusReason() != null && !lead.statusReason().isBlank()) {
            return lead.statusReason().strip();
        }
        return records.stream()
                .filter(r -> r.statusReason() != null && !r.statusReason().isBlank())
                .max(Comparator.comparing(
                                (SourceRecord r) -> r.version().lastUpdated(),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(KEY_ORDER_OF_RECORDS))
                .map(r -> r.statusReason().strip())
                .orElse(null);
    }

    /** The lead record's indication, else the newest one another record of the chain gives. */
    private String indication() {
        if (lead.indication() != null && !lead.indication().isBlank()) {
            return lead.indication().strip();
        }
        return records.stream()
                .filter(r -> r.indication() != null && !r.indication().isBlank())
                .max(Comparator.comparing(
                                (SourceRecord r) -> r.version().lastUpdated(),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(KEY_ORDER_OF_RECORDS))
                .map(r -> r.indication().strip())
                .orElse(null);
    }
}
