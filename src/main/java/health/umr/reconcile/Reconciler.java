package health.umr.reconcile;

import health.umr.dmd.Dmd;
import health.umr.dmd.DmdConcept;
import health.umr.domain.Coding;
import health.umr.domain.ItemSource;
import health.umr.domain.NhsNumber;
import health.umr.domain.RecordKey;
import health.umr.domain.Sha256;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import health.umr.domain.VersionStamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reconciles a patient's source records into one {@link UnifiedRecord}: a pure function of the
 * records, the sources' settings, the dm+d release and the {@link ReconcileSettings}. No clock, no
 * I/O; the order of the input does not matter. The matching rules are in the package
 * documentation.
 *
 * <p>Immutable and thread-safe.
 */
public final class Reconciler {

    private static final Comparator<UnifiedItem> ITEM_ORDER = Comparator.comparing(
                    (UnifiedItem item) -> item.isMapped() ? 0 : 1)
            .thenComparing(Reconciler::sortName)
            .thenComparing(item -> item.vmp() == null || item.vmp().display() == null
                    ? ""
                    : item.vmp().display().toLowerCase(Locale.ROOT))
            .thenComparing(UnifiedItem::itemKey);

    private final ReconcileSettings settings;

    public Reconciler(ReconcileSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Reconciler() {
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
        List<SourceRecord> contributing = newestPerKey(patient, records).stream()
                .filter(r -> !r.isEnteredInError())
                .toList();
        Instant newest = newestDate(contributing);
        Instant windowStart = newest == null
                ? null
                : ZonedDateTime.ofInstant(newest, ZoneOffset.UTC)
                        .minus(settings.currentWindow())
                        .toInstant();

        List<Contribution> contributions = contributions(contributing, sources, dmd, windowStart);
        Discrepancies discrepancies = new Discrepancies(dmd);
        List<UnifiedItem> current = new ArrayList<>();
        List<UnifiedItem> history = new ArrayList<>();
        for (ItemDraft draft : group(contributions)) {
            UnifiedItem item = draft.toItem(patient, dmd, discrepancies);
            (item.current() ? current : history).add(item);
        }
        current.sort(ITEM_ORDER);
        history.sort(ITEM_ORDER);
        return new UnifiedRecord(patient, newest, windowStart, current, history);
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
    private static Instant newestDate(List<SourceRecord> records) {
        Instant newest = null;
        for (SourceRecord record : records) {
            newest = ClinicalDates.later(newest, record.version().lastUpdated());
            newest = ClinicalDates.later(newest, ClinicalDates.parse(record.dateAsserted()));
            newest = ClinicalDates.later(newest, ClinicalDates.parse(record.effectiveStart()));
        }
        return newest;
    }

    private static List<Contribution> contributions(
            List<SourceRecord> records, Function<String, Optional<Source>> sources, Dmd dmd, Instant windowStart) {
        Map<String, List<SourceRecord>> bySource = new TreeMap<>();
        for (SourceRecord record : records) {
            bySource.computeIfAbsent(record.key().sourceId(), id -> new ArrayList<>())
                    .add(record);
        }
        List<Contribution> contributions = new ArrayList<>();
        DoseRanges doseRanges = new DoseRanges();
        // each record's medicine resolved once: chaining and the contribution both need it
        Map<SourceRecord, ResolvedMedicine> resolved = new IdentityHashMap<>();
        Function<SourceRecord, ResolvedMedicine> resolve = record -> {
            ResolvedMedicine medicine = resolved.get(record);
            if (medicine == null && !resolved.containsKey(record)) {
                medicine = ResolvedMedicine.resolve(record.medication(), dmd).orElse(null);
                resolved.put(record, medicine);
            }
            return medicine;
        };
        bySource.forEach((sourceId, ofSource) -> {
            Source source = sources.apply(sourceId).orElse(null);
            for (List<SourceRecord> chain : RecordChains.of(ofSource, record -> medicineIdentity(record, resolve))) {
                contributions.add(Contribution.of(chain, source, dmd, windowStart, doseRanges, resolve));
            }
        });
        return contributions;
    }

    /**
     * What a record's medicine is, for chaining: its dm+d VTM and VMP (so an AMP issue chains with
     * its VMP plan); for an unmapped record, its text, else its codings, as sent (case and spacing aside).
     */
    private static String medicineIdentity(SourceRecord record, Function<SourceRecord, ResolvedMedicine> resolve) {
        ResolvedMedicine medicine = resolve.apply(record);
        if (medicine != null) {
            return "dmd:" + medicine.vtm() + "/" + medicine.vmp();
        }
        if (record.medication() == null) {
            return "none";
        }
        String text = DosageWording.normalised(record.medication().text());
        if (text != null) {
            return "text:" + text;
        }
        return "codes:"
                + String.join(
                        " ",
                        record.medication().codings().stream()
                                .map(c -> c.system() + "|" + c.code())
                                .toList());
    }

    // --- matching ----------------------------------------------------------------------------

    /** The contributions of one item, before they are read into it. */
    private record ItemDraft(
            String itemKey, String vtm, String vmp, List<Contribution> contributions, List<String> keptApart) {

        UnifiedItem toItem(NhsNumber patient, Dmd dmd, Discrepancies discrepancies) {
            List<Contribution> current = new ArrayList<>(contributions.size());
            for (Contribution contribution : contributions) {
                if (contribution.current()) {
                    current.add(contribution);
                }
            }
            List<Contribution> considered = current.isEmpty() ? contributions : current;
            Contribution newest = Contribution.newest(considered);
            boolean mapped = vtm != null || vmp != null;
            return new UnifiedItem(
                    Sha256.hex(patient.value() + "\n" + itemKey).substring(0, 32),
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
            for (Contribution contribution : considered) {
                anyActive |= contribution.isActive();
            }
            String named = null;
            for (Contribution contribution : considered) {
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
        Map<String, List<Contribution>> byVtm = new TreeMap<>();
        Map<String, List<Contribution>> byVmpAlone = new TreeMap<>();
        List<ItemDraft> drafts = new ArrayList<>();
        for (Contribution contribution : contributions) {
            if (contribution.vtm() != null) {
                byVtm.computeIfAbsent(contribution.vtm(), v -> new ArrayList<>())
                        .add(contribution);
            } else if (contribution.vmp() != null) {
                byVmpAlone
                        .computeIfAbsent(contribution.vmp(), v -> new ArrayList<>())
                        .add(contribution);
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
        byVtm.forEach((vtm, ofVtm) -> {
            if (!productsKeptApart(ofVtm)) {
                drafts.add(new ItemDraft("vtm:" + vtm, vtm, null, ofVtm, List.of()));
                return;
            }
            Map<String, List<Contribution>> byVmp = new TreeMap<>();
            List<Contribution> vtmOnly = new ArrayList<>();
            for (Contribution contribution : ofVtm) {
                if (contribution.vmp() != null) {
                    byVmp.computeIfAbsent(contribution.vmp(), v -> new ArrayList<>())
                            .add(contribution);
                } else {
                    vtmOnly.add(contribution);
                }
            }
            byVmp.forEach((vmp, ofVmp) ->
                    drafts.add(new ItemDraft("vtm:" + vtm + "|vmp:" + vmp, vtm, vmp, ofVmp, List.of())));
            if (!vtmOnly.isEmpty()) {
                drafts.add(new ItemDraft("vtm:" + vtm, vtm, null, vtmOnly, List.copyOf(byVmp.keySet())));
            }
        });
        byVmpAlone.forEach((vmp, ofVmp) -> drafts.add(new ItemDraft("vmp:" + vmp, null, vmp, ofVmp, List.of())));
        return drafts;
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

    private static String sortName(UnifiedItem item) {
        String name = item.vtm() != null && item.vtm().display() != null
                ? item.vtm().display()
                : item.vmp() != null && item.vmp().display() != null
                        ? item.vmp().display()
                        : item.medicationText() != null ? item.medicationText() : "";
        return name.toLowerCase(Locale.ROOT);
    }
}
