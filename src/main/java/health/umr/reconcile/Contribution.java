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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One chain of one source's records (see {@link RecordChains}), read as one medicine: the lead
 * record says what the source asserts, the other records add issue dates and references.
 *
 * @param source      the source, or null if it is not registered
 * @param sourceId    the source's id (from the record keys)
 * @param records     the chain, sorted by key, each record read once ({@link ReadRecord})
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
 * @param structuredText {@code structuredRange}'s text for people ({@link DoseRange#text()}), or null
 * @param textRangeText {@code textRange}'s text for people, or null
 */
record Contribution(
        Source source,
        String sourceId,
        List<ReadRecord> records,
        SourceRecord lead,
        ResolvedMedicine medicine,
        VmpDetail detail,
        MedicationStatus status,
        Instant lastUpdated,
        Instant assertedAt,
        Instant endedAt,
        boolean current,
        DoseRange structuredRange,
        DoseRange textRange,
        String structuredText,
        String textRangeText) {

    /** By source id, then kind, then business key (each in natural order), written out: it orders every sort here. */
    static final Comparator<RecordKey> KEY_ORDER = (a, b) -> {
        int order = a.sourceId().compareTo(b.sourceId());
        if (order != 0) {
            return order;
        }
        order = a.kind().compareTo(b.kind());
        return order != 0 ? order : a.businessKey().compareTo(b.businessKey());
    };

    static final Comparator<SourceRecord> KEY_ORDER_OF_RECORDS = Comparator.comparing(SourceRecord::key, KEY_ORDER);

    /**
     * Newest assertion first: the newest meta.lastUpdated (a contribution without one is oldest),
     * then the newest dateAsserted / effective start; on a full tie an active contribution comes
     * first (so a tie never hides a medicine), then the smaller source id, then the smaller key.
     */
    static final Comparator<Contribution> NEWEST_FIRST = (a, b) -> {
        int order = newestFirst(a.lastUpdated(), b.lastUpdated());
        if (order != 0) {
            return order;
        }
        order = newestFirst(a.assertedAt(), b.assertedAt());
        if (order != 0) {
            return order;
        }
        order = Integer.compare(a.status().isActive() ? 0 : 1, b.status().isActive() ? 0 : 1);
        if (order != 0) {
            return order;
        }
        order = a.sourceId().compareTo(b.sourceId());
        return order != 0 ? order : KEY_ORDER.compare(a.lead().key(), b.lead().key());
    };

    /** Newest first, an unknown (null) one last: {@code Comparator.nullsLast(Comparator.reverseOrder())}. */
    static int newestFirst(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return b.compareTo(a);
    }

    /** By the lead record's key: so by source id first. */
    static final Comparator<Contribution> BY_LEAD_KEY =
            Comparator.comparing(c -> c.lead().key(), KEY_ORDER);

    private static final Comparator<VmpIngredient> BY_INGREDIENT_ID = Comparator.comparing(VmpIngredient::ingredientId);

    private static final Set<String> ISSUE_INTENTS =
            Set.of("order", "original-order", "instance-order", "reflex-order", "filler-order");

    /** The record that speaks for the chain first ({@link ReadRecord#role}), then the newest lastUpdated, then the smaller key. */
    private static final Comparator<ReadRecord> BY_ROLE = (a, b) -> {
        int order = Integer.compare(a.role(), b.role());
        if (order != 0) {
            return order;
        }
        order = newestFirst(a.lastUpdated(), b.lastUpdated());
        return order != 0 ? order : KEY_ORDER.compare(a.key(), b.key());
    };

    /**
     * Reads a chain (sorted by key, as {@link RecordChains} gives it); {@code windowStart} may be null (no
     * window: every course is current).
     */
    static Contribution of(List<ReadRecord> chain, Source source, Dmd dmd, Instant windowStart, DoseRanges doseRanges) {
        // the lead is the first record by role; the medicine, the first by role that has one
        ReadRecord lead = null;
        ReadRecord named = null;
        for (int atRecord = 0; atRecord < chain.size(); atRecord++) {
            ReadRecord record = chain.get(atRecord);
            if (lead == null || BY_ROLE.compare(record, lead) < 0) {
                lead = record;
            }
            if (record.medicine() != null && (named == null || BY_ROLE.compare(record, named) < 0)) {
                named = record;
            }
        }
        ResolvedMedicine medicine = named == null ? null : named.medicine();
        VmpDetail detail = medicine == null || medicine.vmp() == null
                ? null
                : dmd.vmpDetail(medicine.vmp()).orElse(null);
        Instant lastUpdated = null;
        Instant assertedAt = null;
        Instant endedAt = null;
        for (int atRecord = 0; atRecord < chain.size(); atRecord++) {
            ReadRecord record = chain.get(atRecord);
            lastUpdated = ClinicalDates.later(lastUpdated, record.lastUpdated());
            assertedAt = ClinicalDates.later(assertedAt, record.assertedAt());
            endedAt = ClinicalDates.later(endedAt, record.endedAt());
        }
        MedicationStatus status = MedicationStatus.ofSourceStatus(lead.record().status());
        boolean current =
                !(status.isEnded() && windowStart != null && endedAt != null && endedAt.isBefore(windowStart));
        // worked out once here: the item's sources and its discrepancies both compare them
        Dosage dosage = lead.record().dosage();
        DoseRanges.Described structured = doseRanges.structured(dosage, detail);
        DoseRanges.Described fromText =
                dosage == null ? DoseRanges.Described.NONE : doseRanges.text(dosage.text(), detail);
        return new Contribution(
                source,
                lead.key().sourceId(),
                chain,
                lead.record(),
                medicine,
                detail,
                status,
                lastUpdated,
                assertedAt,
                endedAt,
                current,
                structured.range(),
                fromText.range(),
                structured.text(),
                fromText.text());
    }

    /** The newest of some contributions ({@link #NEWEST_FIRST}). */
    static Contribution newest(List<Contribution> contributions) {
        Contribution newest = contributions.get(0);
        for (int i = 1; i < contributions.size(); i++) {
            if (NEWEST_FIRST.compare(contributions.get(i), newest) < 0) {
                newest = contributions.get(i);
            }
        }
        return newest;
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

    /** True when a request of the chain is an inpatient order from a setting that admits patients. */
    boolean inpatientOrder() {
        if (source == null || !source.setting().admits()) {
            return false;
        }
        for (int atRecord = 0; atRecord < records.size(); atRecord++) {
            ReadRecord record = records.get(atRecord);
            if (isInpatientRequest(record.record())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInpatientRequest(SourceRecord record) {
        return record.key().kind() == RecordKind.MEDICATION_REQUEST
                && record.category() != null
                && "inpatient".equals(record.category().strip().toLowerCase(Locale.ROOT));
    }

    /** The authoredOn (as sent) of the newest issue in the chain (by date, then text, then smaller key), or null. */
    String lastIssued() {
        return newestStart(Contribution::isIssue);
    }

    private static boolean isIssue(SourceRecord record) {
        return record.key().kind() == RecordKind.MEDICATION_REQUEST
                && record.intent() != null
                && ISSUE_INTENTS.contains(record.intent());
    }

    /**
     * The effective start (as sent) of the newest of the chain's records that {@code counted} picks (by
     * date, then text, then smaller key: records are in key order and a full tie keeps the first), or null.
     */
    private String newestStart(Predicate<SourceRecord> counted) {
        SourceRecord newest = null;
        Instant newestAt = null;
        for (int atRead = 0; atRead < records.size(); atRead++) {
            ReadRecord read = records.get(atRead);
            SourceRecord record = read.record();
            if (!counted.test(record) || record.effectiveStart() == null) {
                continue;
            }
            Instant at = read.start();
            if (newest == null || isLater(at, record.effectiveStart(), newestAt, newest.effectiveStart())) {
                newest = record;
                newestAt = at;
            }
        }
        return newest == null ? null : newest.effectiveStart();
    }

    /** Whether a date (null: unreadable, so oldest) and its text come after another's. */
    private static boolean isLater(Instant at, String text, Instant otherAt, String otherText) {
        int order = compareNullsFirst(at, otherAt);
        return order > 0 || (order == 0 && text.compareTo(otherText) > 0);
    }

    /** The medicine's text as sent: the lead record's text, else the first display, else null. */
    String medicationText() {
        String fromLead = textOf(lead);
        if (fromLead != null) {
            return fromLead;
        }
        for (int atRead = 0; atRead < records.size(); atRead++) { // in key order (see of)
            ReadRecord read = records.get(atRead);
            SourceRecord record = read.record();
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
        List<Coding> codingList = record.medication().codings();
        for (int atCoding = 0; atCoding < codingList.size(); atCoding++) {
            Coding coding = codingList.get(atCoding);
            if (coding.display() != null && !coding.display().isBlank()) {
                return coding.display();
            }
        }
        return null;
    }

    ItemSource toItemSource() {
        boolean inpatient = inpatientOrder();
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
                structuredRange != null ? structuredText : textRangeText,
                lastUpdated,
                lastIssued(),
                inpatient,
                current,
                contributingRecords(),
                routes(),
                detail == null ? null : detail.formName(),
                strength(),
                inpatient ? orderedAt() : null,
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
        if (detail == null) {
            return List.of();
        }
        String[] codes = new String[detail.routes().size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = detail.routes().get(i).code();
        }
        Arrays.sort(codes);
        return List.of(codes);
    }

    private List<ContributingRecord> contributingRecords() {
        if (records.size() == 1) { // most chains: a list of one holds no array (List.of(array) copies its array)
            return List.of(ContributingRecord.of(records.get(0).record()));
        }
        ContributingRecord[] contributing = new ContributingRecord[records.size()];
        for (int i = 0; i < contributing.length; i++) {
            contributing[i] = ContributingRecord.of(records.get(i).record());
        }
        return List.of(contributing);
    }

    /** The VMP's strengths ("10 unit/1 ml", "25 mg + 100 mg": ingredients in id order), or null when not all are known. */
    String strength() {
        if (detail == null) {
            return null;
        }
        Strength kept = STRENGTHS.get(detail.vmpId(), id -> new Strength(detail, strengthOf(detail)));
        return DoseRanges.sameProduct(kept.detail(), detail) ? kept.text() : strengthOf(detail);
    }

    /** A VMP's strength text (may be null) and the detail it was worked out from. */
    private record Strength(VmpDetail detail, String text) {}

    /** Strengths by VMP id, for every reconciliation: a pure function of the VMP's detail. */
    private static final Memo<String, Strength> STRENGTHS = new Memo<>(DoseRanges.LIMIT);

    private static String strengthOf(VmpDetail detail) {
        if (detail.ingredients().isEmpty()) {
            return null;
        }
        VmpIngredient[] ingredients = detail.ingredients().toArray(new VmpIngredient[0]);
        for (VmpIngredient ingredient : ingredients) {
            if (ingredient.numeratorValue() == null) {
                return null;
            }
        }
        Arrays.sort(ingredients, BY_INGREDIENT_ID);
        StringBuilder text = new StringBuilder();
        for (VmpIngredient ingredient : ingredients) {
            text.append(text.isEmpty() ? "" : " + ").append(ingredient.strengthText());
        }
        return text.toString();
    }

    /** The newest authoredOn (as sent) among the chain's inpatient requests. */
    private String orderedAt() {
        return newestStart(Contribution::isInpatientRequest);
    }

    /** The newest lastUpdated, dateAsserted, effective start or authoredOn in the chain. */
    private Instant lastConfirmed() {
        Instant newest = null;
        for (int atRecord = 0; atRecord < records.size(); atRecord++) {
            ReadRecord record = records.get(atRecord);
            newest = ClinicalDates.later(newest, record.newestDate());
        }
        return newest;
    }

    /** The lead record's status reason, else the newest one another record of the chain gives. */
    private String statusReason() {
        return fromLeadElseNewest(SourceRecord::statusReason);
    }

    /** The lead record's indication, else the newest one another record of the chain gives. */
    private String indication() {
        return fromLeadElseNewest(SourceRecord::indication);
    }

    /**
     * A text field of the lead record, else of the record with the newest lastUpdated (on a tie, the
     * larger key) that gives one; stripped, or null when none does.
     */
    private String fromLeadElseNewest(Function<SourceRecord, String> field) {
        String fromLead = field.apply(lead);
        if (fromLead != null && !fromLead.isBlank()) {
            return fromLead.strip();
        }
        String newest = null;
        Instant newestAt = null;
        for (int atRead = 0; atRead < records.size(); atRead++) { // in key order: on a tie the later (larger key) wins
            ReadRecord read = records.get(atRead);
            String value = field.apply(read.record());
            Instant at = read.lastUpdated();
            if (value != null && !value.isBlank() && (newest == null || compareNullsFirst(at, newestAt) >= 0)) {
                newest = value;
                newestAt = at;
            }
        }
        return newest == null ? null : newest.strip();
    }

    /** Instants in time order, an unknown (null) one first. */
    private static int compareNullsFirst(Instant a, Instant b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }
}
