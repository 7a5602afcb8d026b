package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.dmd.DmdConcept;
import health.umr.domain.Coding;
import health.umr.domain.ItemSource;
import health.umr.domain.NhsNumber;
import health.umr.domain.RecordKey;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import health.umr.domain.VersionStamp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The reconciler as it stood at b66242c, kept in test scope as the oracle of {@code ReconcilerSameAnswerTest}:
 * the speed work of helper reconcile-v must give equal records. Only the classes whose code that work changed
 * are copied ({@link DiscrepanciesBefore}, {@link RecordChainsBefore} and this one, each as it stood at b66242c
 * but for its name); it calls main's classes for the rest, which are byte for byte as they were at b66242c
 * (Contribution but for a list-of-one fast path giving an equal list). A refactoring oracle: when the
 * reconciler is next changed on purpose (its rules, its answers), delete these three classes and that test
 * rather than editing the copies to match.
 *
 * <p>Reconciles a patient's source records into one {@link UnifiedRecord}: a pure function of the
 * records, the sources' settings, the dm+d release and the {@link ReconcileSettings}. No clock, no
 * I/O; the order of the input does not matter. The matching rules are in the package
 * documentation.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReconcilerBefore {

    /**
     * An item with what orders the record's items worked out once: mapped items first, then by name (the
     * VTM's, else the VMP's, else the medicine's text; case aside), then by the VMP's name, then by key.
     */
    private record Ordered(UnifiedItem item, boolean unmapped, String name, String vmpName) {

        private static final Comparator<Ordered> ORDER = (a, b) -> {
            int order = Boolean.compare(a.unmapped(), b.unmapped());
            if (order != 0) {
                return order;
            }
            order = a.name().compareTo(b.name());
            if (order != 0) {
                return order;
            }
            order = a.vmpName().compareTo(b.vmpName());
            return order != 0 ? order : a.item().itemKey().compareTo(b.item().itemKey());
        };

        static Ordered of(UnifiedItem item) {
            return new Ordered(
                    item,
                    !item.isMapped(),
                    sortName(item),
                    item.vmp() == null || item.vmp().display() == null
                            ? ""
                            : lowerCase(item.vmp().display()));
        }

        static List<UnifiedItem> sorted(List<Ordered> items) {
            Ordered[] sorted = items.toArray(new Ordered[0]);
            Arrays.sort(sorted, ORDER);
            UnifiedItem[] ordered = new UnifiedItem[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                ordered[i] = sorted[i].item();
            }
            return List.of(ordered);
        }
    }

    /**
     * Item ids: the first 32 hex digits of the SHA-256 of {@code "<patient>\n<itemKey>"} in UTF-8, from one
     * digest per reconciliation (a digest is not thread-safe), reset by each id it gives.
     */
    private static final class ItemIds {

        private static final MessageDigest SHA_256 = sha256();
        private static final HexFormat HEX = HexFormat.of();

        private final MessageDigest digest;
        private final byte[] patientLine;

        ItemIds(NhsNumber patient) {
            digest = copy(SHA_256);
            patientLine = (patient.value() + "\n").getBytes(StandardCharsets.UTF_8);
        }

        String of(String itemKey) {
            digest.update(patientLine);
            byte[] hash = digest.digest(itemKey.getBytes(StandardCharsets.UTF_8)); // and reset for the next
            return HEX.formatHex(hash, 0, 16);
        }

        private static MessageDigest copy(MessageDigest digest) {
            try {
                return (MessageDigest) digest.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests can be copied", e);
            }
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
    }

    private final ReconcileSettings settings;

    public ReconcilerBefore(ReconcileSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ReconcilerBefore() {
        this(ReconcileSettings.DEFAULT);
    }

    public ReconcileSettings settings() {
        return settings;
    }

    /**
     * The unified record of one patient.
     *
     * @param patient the patient's NHS number; every record must be this patient's
     * @param records the patient's current source records (normally one per {@link RecordKey}; if a
     *                key comes more than once, the newest by {@link VersionStamp#ORDER} is taken),
     *                entered-in-error ones included (they are left out here)
     * @param sources the registered sources by id (for their settings); a source it does not know
     *                gives its contributions a null setting
     * @param dmd     the dm+d release to resolve medicines in
     * @throws IllegalArgumentException if a record belongs to another patient
     */
    public UnifiedRecord reconcile(
            NhsNumber patient, Collection<SourceRecord> records, Function<String, Optional<Source>> sources, Dmd dmd) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(dmd, "dmd");
        // each record read once (dates, medicine), in key order: so by source
        List<SourceRecord> newestPerKey = newestPerKey(patient, records);
        List<ReadRecord> contributing = new ArrayList<>(newestPerKey.size());
        for (SourceRecord record : newestPerKey) {
            if (!record.isEnteredInError()) {
                contributing.add(ReadRecord.of(record, dmd));
            }
        }
        Instant newest = newestDate(contributing);
        Instant windowStart = newest == null
                ? null
                : ZonedDateTime.ofInstant(newest, ZoneOffset.UTC)
                        .minus(settings.currentWindow())
                        .toInstant();

        List<Contribution> contributions = contributions(contributing, sources, dmd, windowStart);
        DiscrepanciesBefore discrepancies = new DiscrepanciesBefore(dmd);
        ItemIds ids = new ItemIds(patient);
        List<Ordered> current = new ArrayList<>();
        List<Ordered> history = new ArrayList<>();
        for (ItemDraft draft : group(contributions)) {
            UnifiedItem item = draft.toItem(ids, dmd, discrepancies);
            (item.current() ? current : history).add(Ordered.of(item));
        }
        return new UnifiedRecord(patient, newest, windowStart, Ordered.sorted(current), Ordered.sorted(history));
    }

    /** As {@link #reconcile(NhsNumber, Collection, Function, Dmd)}, with the sources as a map by id. */
    public UnifiedRecord reconcile(
            NhsNumber patient, Collection<SourceRecord> records, Map<String, Source> sources, Dmd dmd) {
        Objects.requireNonNull(sources, "sources");
        return reconcile(patient, records, id -> Optional.ofNullable(sources.get(id)), dmd);
    }

    // --- inputs ------------------------------------------------------------------------------

    /** One record per key: the newest version; equal versions are ordered by their content. */
    private static List<SourceRecord> newestPerKey(NhsNumber patient, Collection<SourceRecord> records) {
        SourceRecord[] sorted = records.toArray(new SourceRecord[0]);
        for (SourceRecord record : sorted) {
            if (!patient.equals(record.nhsNumber())) {
                throw new IllegalArgumentException(
                        "record " + record.key() + " is of patient " + record.nhsNumber() + ", not " + patient);
            }
        }
        // sorted once (stably, so a key's records keep their input order), then one record per run of a key
        Arrays.sort(sorted, Contribution.KEY_ORDER_OF_RECORDS);
        List<SourceRecord> newest = new ArrayList<>(sorted.length);
        for (int i = 0; i < sorted.length; i++) {
            SourceRecord kept = sorted[i];
            while (i + 1 < sorted.length && Contribution.KEY_ORDER.compare(kept.key(), sorted[i + 1].key()) == 0) {
                kept = newer(kept, sorted[++i]);
            }
            newest.add(kept);
        }
        return newest;
    }

    /** The newer version of one key's record; equal versions are ordered by their content. */
    private static SourceRecord newer(SourceRecord a, SourceRecord b) {
        int order = VersionStamp.ORDER.compare(a.version(), b.version());
        if (order == 0) {
            order = a.toString().compareTo(b.toString());
        }
        return order >= 0 ? a : b;
    }

    /** The newest lastUpdated, dateAsserted or effective start among the records; null if none has one. */
    private static Instant newestDate(List<ReadRecord> records) {
        Instant newest = null;
        for (int atRecord = 0; atRecord < records.size(); atRecord++) {
            ReadRecord record = records.get(atRecord);
            newest = ClinicalDates.later(newest, record.newestDate());
        }
        return newest;
    }

    /** The contributions: each source's records (a run of them, as they are in key order) cut into chains. */
    private static List<Contribution> contributions(
            List<ReadRecord> records, Function<String, Optional<Source>> sources, Dmd dmd, Instant windowStart) {
        List<Contribution> contributions = new ArrayList<>(records.size());
        DoseRanges doseRanges = new DoseRanges();
        int from = 0;
        for (int i = 1; i <= records.size(); i++) {
            String sourceId = records.get(from).key().sourceId();
            if (i < records.size() && records.get(i).key().sourceId().equals(sourceId)) {
                continue;
            }
            Source source = sources.apply(sourceId).orElse(null);
            for (List<ReadRecord> chain : RecordChainsBefore.of(records.subList(from, i))) {
                contributions.add(Contribution.of(chain, source, dmd, windowStart, doseRanges));
            }
            from = i;
        }
        return contributions;
    }

    // --- matching ----------------------------------------------------------------------------

    /** The contributions of one item, before they are read into it. */
    private record ItemDraft(
            String itemKey, String vtm, String vmp, List<Contribution> contributions, List<String> keptApart) {

        UnifiedItem toItem(ItemIds ids, Dmd dmd, DiscrepanciesBefore discrepancies) {
            List<Contribution> current = new ArrayList<>(contributions.size());
            for (int atContribution = 0; atContribution < contributions.size(); atContribution++) {
                Contribution contribution = contributions.get(atContribution);
                if (contribution.current()) {
                    current.add(contribution);
                }
            }
            List<Contribution> considered = current.isEmpty() ? contributions : current;
            Contribution newest = Contribution.newest(considered);
            boolean mapped = vtm != null || vmp != null;
            return new UnifiedItem(
                    ids.of(itemKey),
                    itemKey,
                    vtm == null ? null : coding(vtm, dmd),
                    agreedVmp(considered, dmd),
                    mapped ? null : newest.medicationText(),
                    newest.status(),
                    !current.isEmpty(),
                    DosageWording.of(newest.lead().dosage()),
                    itemSources(),
                    discrepancies.find(contributions, keptApart));
        }

        /** What each contribution shows, by source and then key. */
        private List<ItemSource> itemSources() {
            Contribution[] sorted = contributions.toArray(new Contribution[0]);
            Arrays.sort(sorted, Contribution.BY_LEAD_KEY);
            ItemSource[] sources = new ItemSource[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                sources[i] = sorted[i].toItemSource();
            }
            return List.of(sources);
        }

        /** The item's VMP if it has one, else the one VMP every active (else current) contribution naming one names. */
        private Coding agreedVmp(List<Contribution> considered, Dmd dmd) {
            if (vmp != null) {
                return coding(vmp, dmd);
            }
            boolean anyActive = false;
            for (int atContribution = 0; atContribution < considered.size(); atContribution++) {
                Contribution contribution = considered.get(atContribution);
                anyActive |= contribution.isActive();
            }
            String named = null;
            for (int atContribution = 0; atContribution < considered.size(); atContribution++) {
                Contribution contribution = considered.get(atContribution);
                if ((contribution.isActive() || !anyActive) && contribution.vmp() != null) {
                    if (named != null && !named.equals(contribution.vmp())) {
                        return null; // more than one
                    }
                    named = contribution.vmp();
                }
            }
            return named == null ? null : coding(named, dmd);
        }
    }

    /**
     * Contributions with a VTM are grouped by VTM; a VTM whose products are kept apart (one source
     * lists two of its VMPs as active) is split into one item per VMP, plus one item of the
     * contributions that name only the VTM. Contributions with a VMP but no VTM are grouped by
     * VMP. Each unmapped contribution is its own item.
     */
    private static List<ItemDraft> group(List<Contribution> contributions) {
        List<Contribution> withVtm = new ArrayList<>(contributions.size());
        List<Contribution> withVmpAlone = new ArrayList<>();
        List<ItemDraft> drafts = new ArrayList<>();
        for (int atContribution = 0; atContribution < contributions.size(); atContribution++) {
            Contribution contribution = contributions.get(atContribution);
            if (contribution.vtm() != null) {
                withVtm.add(contribution);
            } else if (contribution.vmp() != null) {
                withVmpAlone.add(contribution);
            } else {
                RecordKey key = contribution.lead().key();
                drafts.add(new ItemDraft(
                        "unmapped:" + key.sourceId() + "|" + key.kind().resourceType() + "|" + key.businessKey(),
                        null,
                        null,
                        List.of(contribution),
                        List.of()));
            }
        }
        // sorted stably by VTM (a VMP alone: by VMP) and cut into runs, each keeping the contributions' order
        withVtm.sort(BY_VTM);
        for (List<Contribution> ofVtm : runs(withVtm, Contribution::vtm)) {
            String vtm = ofVtm.get(0).vtm();
            if (!productsKeptApart(ofVtm)) {
                drafts.add(new ItemDraft("vtm:" + vtm, vtm, null, ofVtm, List.of()));
                continue;
            }
            List<Contribution> withVmp = new ArrayList<>(ofVtm.size());
            List<Contribution> vtmOnly = new ArrayList<>();
            for (int atContribution = 0; atContribution < ofVtm.size(); atContribution++) {
                Contribution contribution = ofVtm.get(atContribution);
                (contribution.vmp() != null ? withVmp : vtmOnly).add(contribution);
            }
            withVmp.sort(BY_VMP);
            List<String> vmps = new ArrayList<>();
            for (List<Contribution> ofVmp : runs(withVmp, Contribution::vmp)) {
                String vmp = ofVmp.get(0).vmp();
                vmps.add(vmp);
                drafts.add(new ItemDraft("vtm:" + vtm + "|vmp:" + vmp, vtm, vmp, ofVmp, List.of()));
            }
            if (!vtmOnly.isEmpty()) {
                drafts.add(new ItemDraft("vtm:" + vtm, vtm, null, vtmOnly, List.copyOf(vmps)));
            }
        }
        withVmpAlone.sort(BY_VMP);
        for (List<Contribution> ofVmp : runs(withVmpAlone, Contribution::vmp)) {
            String vmp = ofVmp.get(0).vmp();
            drafts.add(new ItemDraft("vmp:" + vmp, null, vmp, ofVmp, List.of()));
        }
        return drafts;
    }

    private static final Comparator<Contribution> BY_VTM = Comparator.comparing(Contribution::vtm);

    private static final Comparator<Contribution> BY_VMP = Comparator.comparing(Contribution::vmp);

    /** The runs of equal values in a list sorted by them. */
    private static List<List<Contribution>> runs(List<Contribution> sorted, Function<Contribution, String> value) {
        List<List<Contribution>> runs = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || !value.apply(sorted.get(i)).equals(value.apply(sorted.get(from)))) {
                runs.add(sorted.subList(from, i));
                from = i;
            }
        }
        return runs;
    }

    /** True when one source has two different VMPs of this VTM active at once. */
    private static boolean productsKeptApart(List<Contribution> ofVtm) {
        for (int i = 0; i < ofVtm.size(); i++) {
            Contribution a = ofVtm.get(i);
            if (!a.isActive() || a.vmp() == null) {
                continue;
            }
            for (int j = i + 1; j < ofVtm.size(); j++) {
                Contribution b = ofVtm.get(j);
                if (b.isActive()
                        && b.vmp() != null
                        && a.sourceId().equals(b.sourceId())
                        && !a.vmp().equals(b.vmp())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Coding coding(String code, Dmd dmd) {
        return new Coding(
                Dmd.DMD_SYSTEM, code, dmd.lookup(code).map(DmdConcept::name).orElse(null));
    }

    /** dm+d names in lower case (as {@code toLowerCase(Locale.ROOT)}), kept: a pure function of a few thousand names. */
    private static final Memo<String, String> LOWER_CASE = new Memo<>(DoseRanges.LIMIT);

    private static String lowerCase(String name) {
        return LOWER_CASE.get(name, n -> n.toLowerCase(Locale.ROOT));
    }

    private static String sortName(UnifiedItem item) {
        if (item.vtm() != null && item.vtm().display() != null) {
            return lowerCase(item.vtm().display());
        }
        if (item.vmp() != null && item.vmp().display() != null) {
            return lowerCase(item.vmp().display());
        }
        return item.medicationText() != null
                ? item.medicationText().toLowerCase(Locale.ROOT)
                : ""; // free text: not kept
    }
}
