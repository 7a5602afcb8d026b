package health.umr.reconcile;

import static health.umr.reconcile.Codes.*;
import static health.umr.reconcile.Records.PATIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.dmd.Dmd;
import health.umr.domain.ContributingRecord;
import health.umr.domain.DiscrepancyType;
import health.umr.domain.Dosage;
import health.umr.domain.ItemSource;
import health.umr.domain.RecordKey;
import health.umr.domain.Source;
import health.umr.domain.SourceRecord;
import health.umr.domain.UnifiedItem;
import health.umr.domain.UnifiedRecord;
import health.umr.domain.VersionStamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of reconciliation over generated feeds: several sources sending statements, orders,
 * GP Connect chains (statement → plan ← issue), EPS repeats (groupIdentifier), text-only and
 * unknown medicines, at every dm+d level and with retired ids, with resends of one key reduced to
 * the newest version first, as the store does.
 */
class ReconcilerPropertiesTest {

    private static final int TRIES = 200;

    static final List<Source> SOURCES = List.of(Records.GP, Records.ACUTE, Records.MENTAL_HEALTH, Records.HOMECARE);

    /** system, code, text: real and fixture dm+d codes at every level, retired ids, and unmapped medicines. */
    static final List<String[]> MEDICINES = List.of(
            new String[] {DMD, AMITRIPTYLINE, null},
            new String[] {DMD, AMITRIPTYLINE_10MG_TABLETS, null},
            new String[] {SNOMED, AMITRIPTYLINE_10MG_TABLETS_AMP, null},
            new String[] {DMD, CO_CARELDOPA, null},
            new String[] {DMD_SLASH, CO_CARELDOPA_RETIRED, null},
            new String[] {DMD, CO_CARELDOPA_25_100_TABLETS, null},
            new String[] {SNOMED, CO_CARELDOPA_25_100_TABLETS_AMP, null},
            new String[] {DMD, CO_CARELDOPA_50_200_MR_TABLETS, null},
            new String[] {SNOMED, CO_CARELDOPA_50_200_MR_TABLETS_AMP, null},
            new String[] {DMD, CO_AMILOFRUSE_5_40_TABLETS, null},
            new String[] {SNOMED, CO_AMILOFRUSE_5_40_COMBINATION_PACK_AMPP, null},
            new String[] {DMD, CO_AMILOFRUSE_RETIRED, null},
            new String[] {DMD, CO_AMILOFRUSE_2_5_20_TABLETS, null},
            new String[] {DMD, APIXABAN_5MG_TABLETS, null},
            new String[] {DMD, APIXABAN_RETIRED, null},
            new String[] {DMD, NUTRISON_LIQUID, null},
            new String[] {null, null, "Hypromellose 0.3% eye drops"},
            new String[] {"http://read.info/readv2", "bxd5.", "Furosemide 40mg tablets"},
            new String[] {DMD, "999999999999999", "Unknown tablets"});

    static final List<String> STATUSES = List.of(
            "active", "active", "active", "active", "stopped", "completed", "entered-in-error", "on-hold", "cancelled");

    static final List<Dosage> DOSAGES = List.of(
            Dosage.NONE,
            new Dosage("one at night", null, null, null, null),
            new Dosage("ONE at  night.", null, null, null, null),
            new Dosage(null, 1.0, "tablet", 1.0, null),
            new Dosage(null, 20.0, "mg", 1.0, null),
            new Dosage("one three times a day", 1.0, "tablet", 3.0, ORAL));

    private static final LocalDate EPOCH = LocalDate.of(2018, 1, 1);

    private final Reconciler reconciler = new Reconciler();
    private final Dmd dmd = TestDmd.get();

    private UnifiedRecord reconcile(List<SourceRecord> feed) {
        return reconciler.reconcile(PATIENT, feed, Records.SOURCES, dmd);
    }

    // --- properties --------------------------------------------------------------------------

    @Property(tries = TRIES)
    void anyPermutationOfTheInputGivesAnEqualRecord(@ForAll("feeds") List<SourceRecord> feed, @ForAll Random random) {
        List<SourceRecord> shuffled = new ArrayList<>(feed);
        Collections.shuffle(shuffled, random);

        UnifiedRecord original = reconcile(feed);
        UnifiedRecord permuted = reconcile(shuffled);

        assertEquals(original, permuted);
        assertEquals(original.fingerprint(), permuted.fingerprint());
    }

    @Property(tries = TRIES)
    void reconcilingTwiceGivesEqualResults(@ForAll("feeds") List<SourceRecord> feed) {
        UnifiedRecord first = reconcile(feed);
        UnifiedRecord second = new Reconciler().reconcile(PATIENT, List.copyOf(feed), Records.SOURCES, dmd);

        assertEquals(first, second);
        assertEquals(first.canonicalText(), second.canonicalText());
        assertEquals(first.fingerprint(), second.fingerprint());
    }

    @Property(tries = TRIES)
    void everyRecordNotEnteredInErrorIsInExactlyOneItem(@ForAll("feeds") List<SourceRecord> feed) {
        UnifiedRecord record = reconcile(feed);

        List<RecordKey> shown = record.allItems().stream()
                .flatMap(i -> i.derivedFrom().stream())
                .map(ContributingRecord::key)
                .toList();
        Set<RecordKey> expected = new HashSet<>();
        feed.stream().filter(r -> !r.isEnteredInError()).forEach(r -> expected.add(r.key()));

        assertEquals(expected.size(), shown.size(), "nothing lost, nothing duplicated");
        assertEquals(expected, new HashSet<>(shown));
    }

    @Property(tries = TRIES)
    void recordsEnteredInErrorAppearNowhere(@ForAll("feeds") List<SourceRecord> feed) {
        UnifiedRecord record = reconcile(feed);

        Set<RecordKey> withdrawn = new HashSet<>();
        feed.stream().filter(SourceRecord::isEnteredInError).forEach(r -> withdrawn.add(r.key()));
        Set<RecordKey> shown = new HashSet<>();
        record.allItems().forEach(i -> i.derivedFrom().forEach(r -> shown.add(r.key())));

        assertTrue(Collections.disjoint(withdrawn, shown));
        assertTrue(record.allItems().stream()
                .flatMap(i -> i.sources().stream())
                .noneMatch(s -> "entered-in-error".equals(s.status())));
    }

    @Property(tries = TRIES)
    void currentItemsShareAVtmOnlyWhenOneSourceListsTwoOfItsProducts(@ForAll("feeds") List<SourceRecord> feed) {
        UnifiedRecord record = reconcile(feed);

        Set<String> pairs = new HashSet<>();
        for (UnifiedItem item : record.items()) {
            String pair = item.vtmCode().orElse("-") + "/" + item.vmpCode().orElse("-");
            assertTrue(!item.isMapped() || pairs.add(pair), () -> "two current items with " + pair);
        }
        Map<String, List<UnifiedItem>> byVtm = new TreeMap<>();
        record.items()
                .forEach(i -> i.vtmCode()
                        .ifPresent(v ->
                                byVtm.computeIfAbsent(v, k -> new ArrayList<>()).add(i)));
        byVtm.forEach((vtm, items) -> {
            if (items.size() > 1) {
                assertTrue(
                        someSourceHasTwoActiveProducts(record, vtm),
                        () -> "VTM " + vtm + " split without a source listing two of its products: "
                                + record.canonicalText());
            }
        });
    }

    private boolean someSourceHasTwoActiveProducts(UnifiedRecord record, String vtm) {
        Map<String, Set<String>> activeVmps = new HashMap<>();
        for (UnifiedItem item : record.itemsOfVtm(vtm)) {
            for (ItemSource source : item.activeSources()) {
                dmd.vmpOf(source.dmdCode())
                        .ifPresent(vmp -> activeVmps
                                .computeIfAbsent(source.sourceId(), s -> new TreeSet<>())
                                .add(vmp));
            }
        }
        return activeVmps.values().stream().anyMatch(vmps -> vmps.size() > 1);
    }

    @Property(tries = TRIES)
    void itemsHaveDistinctIdsAndOneSourcePerContribution(@ForAll("feeds") List<SourceRecord> feed) {
        UnifiedRecord record = reconcile(feed);

        Set<String> ids = new HashSet<>();
        for (UnifiedItem item : record.allItems()) {
            assertTrue(ids.add(item.id()), "item ids are unique");
            for (ItemSource source : item.sources()) {
                assertTrue(source.records().stream()
                        .allMatch(r -> r.key().sourceId().equals(source.sourceId())));
            }
        }
    }

    @Property(tries = TRIES)
    void historyHoldsExactlyTheItemsWithNoCurrentContribution(@ForAll("feeds") List<SourceRecord> feed) {
        UnifiedRecord record = reconcile(feed);

        assertTrue(record.items().stream()
                .allMatch(i -> i.current() && i.sources().stream().anyMatch(ItemSource::current)));
        assertTrue(record.history().stream()
                .allMatch(i -> !i.current() && i.sources().stream().noneMatch(ItemSource::current)));
        assertTrue(record.history().stream().noneMatch(UnifiedItem::isActive));
    }

    @Property(tries = TRIES)
    void anItemsIdDependsOnlyOnWhatIdentifiesIt(@ForAll("feeds") List<SourceRecord> feed, @ForAll Random random) {
        UnifiedRecord whole = reconcile(feed);
        List<SourceRecord> part = new ArrayList<>(feed);
        Collections.shuffle(part, random);
        part = part.subList(0, part.size() / 2);

        UnifiedRecord partial = reconcile(part);

        Map<String, String> idByKey = new HashMap<>();
        whole.allItems().forEach(i -> idByKey.put(i.itemKey(), i.id()));
        for (UnifiedItem item : partial.allItems()) {
            if (idByKey.containsKey(item.itemKey())) {
                assertEquals(idByKey.get(item.itemKey()), item.id());
            }
        }
        assertFalse(whole.allItems().stream().anyMatch(i -> i.id().length() != 32));
    }

    // --- generators --------------------------------------------------------------------------

    /** One thing a source sends: a record, or a linked chain of records. */
    record Sent(int source, int key, int shape, int medicine, int status, int dosage, int day, int version) {}

    @Provide
    Arbitrary<List<SourceRecord>> feeds() {
        Arbitrary<Sent> sent = Combinators.combine(
                        Arbitraries.integers().between(0, SOURCES.size() - 1),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.frequencyOf(
                                // co-careldopa products often, so one source listing two of them at once is common
                                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(5, 8)),
                                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, MEDICINES.size() - 1))),
                        Arbitraries.integers().between(0, STATUSES.size() - 1),
                        Arbitraries.integers().between(0, DOSAGES.size() - 1),
                        Arbitraries.integers().between(0, 2500),
                        Arbitraries.integers().between(0, 3))
                .as(Sent::new);
        return sent.list().ofMinSize(1).ofMaxSize(24).map(feed -> newestPerKey(feed, DOSAGES));
    }

    /** What the store holds after receiving everything: the newest version of each key. */
    static List<SourceRecord> newestPerKey(List<Sent> feed, List<Dosage> dosages) {
        Map<RecordKey, SourceRecord> newest = new HashMap<>();
        for (Sent sent : feed) {
            for (SourceRecord record : records(sent, dosages)) {
                newest.merge(record.key(), record, (a, b) -> {
                    int order = VersionStamp.ORDER.compare(a.version(), b.version());
                    return order > 0 || (order == 0 && a.toString().compareTo(b.toString()) >= 0) ? a : b;
                });
            }
        }
        return newest.values().stream()
                .sorted(Comparator.comparing((SourceRecord r) -> r.key().sourceId())
                        .thenComparing(r -> r.key().kind())
                        .thenComparing(r -> r.key().businessKey()))
                .toList();
    }

    private static List<SourceRecord> records(Sent sent, List<Dosage> dosages) {
        Source source = SOURCES.get(sent.source());
        String day = EPOCH.plusDays(sent.day()).toString();
        String updated = sent.version() == 3
                ? null
                : EPOCH.plusDays(sent.day())
                        .atStartOfDay()
                        .toInstant(java.time.ZoneOffset.UTC)
                        .plus(sent.version(), ChronoUnit.HOURS)
                        .toString();
        String status = STATUSES.get(sent.status());
        int k = sent.key();
        return switch (sent.shape()) {
            case 0 ->
                List.of(medicine(dosages, Records.statement(source, "s" + k), sent)
                        .status(status)
                        .asserted(day)
                        .updated(updated)
                        .build());
            case 1 ->
                List.of(medicine(dosages, Records.request(source, "o" + k, "order"), sent)
                        .status(status)
                        .category(k % 2 == 0 ? "inpatient" : "community")
                        .started(day)
                        .updated(updated)
                        .build());
            case 2 ->
                List.of(
                        medicine(dosages, Records.statement(source, "s" + k), sent)
                                .status(status)
                                .basedOn("MedicationRequest/p" + k)
                                .asserted(day)
                                .updated(updated)
                                .build(),
                        medicine(dosages, Records.request(source, "p" + k, "plan"), sent)
                                .status(status)
                                .started(day)
                                .updated(updated)
                                .build(),
                        medicine(dosages, Records.request(source, "i" + k, "order"), sent)
                                .status("completed")
                                .basedOn("MedicationRequest/p" + k)
                                .started(day)
                                .updated(updated)
                                .build());
            case 3 ->
                List.of(
                        medicine(dosages, Records.request(source, "e" + k, "original-order"), sent)
                                .status(status)
                                .group("grp|" + k)
                                .started(day)
                                .updated(updated)
                                .build(),
                        medicine(dosages, Records.request(source, "f" + k, "instance-order"), sent)
                                .status("completed")
                                .group("grp|" + k)
                                .started(day)
                                .updated(updated)
                                .build());
            case 4 ->
                List.of(medicine(dosages, Records.request(source, "p" + k, "plan"), sent)
                        .status(status)
                        .started(day)
                        .updated(updated)
                        .build());
            default ->
                List.of(medicine(dosages, Records.statement(source, "s" + k), sent)
                        .status(status)
                        .ended(day)
                        .basedOn("MedicationRequest/gone" + k)
                        .updated(updated)
                        .build());
        };
    }

    private static Records medicine(List<Dosage> dosages, Records record, Sent sent) {
        String[] medicine = MEDICINES.get(sent.medicine());
        if (medicine[1] != null) {
            record.coded(medicine[0], medicine[1], null);
        }
        return record.text(medicine[2]).dosage(dosages.get(sent.dosage()));
    }

    @Property(tries = TRIES)
    void generatedFeedsReachTheCasesTheRulesAreAbout(@ForAll("feeds") List<SourceRecord> feed) {
        // a check of the generator itself: one record per key, and the interesting cases do occur
        Set<RecordKey> keys = new HashSet<>();
        feed.forEach(r -> assertTrue(keys.add(r.key())));
        UnifiedRecord record = reconcile(feed);
        List<UnifiedItem> all = record.allItems();
        Statistics.label("VTM split by one source")
                .collect(all.stream().anyMatch(i -> i.itemKey().contains("|vmp:")));
        Statistics.label("chain of several records")
                .collect(all.stream()
                        .flatMap(i -> i.sources().stream())
                        .anyMatch(s -> s.records().size() > 1));
        Statistics.label("item from several sources")
                .collect(all.stream()
                        .anyMatch(i -> i.sources().stream()
                                        .map(ItemSource::sourceId)
                                        .distinct()
                                        .count()
                                > 1));
        Statistics.label("status discrepancy")
                .collect(all.stream().anyMatch(i -> i.hasDiscrepancy(DiscrepancyType.STATUS)));
        Statistics.label("dose discrepancy")
                .collect(all.stream().anyMatch(i -> i.hasDiscrepancy(DiscrepancyType.DOSE)));
        Statistics.label("history").collect(!record.history().isEmpty());
        Statistics.label("unmapped").collect(all.stream().anyMatch(i -> !i.isMapped()));
        Statistics.label("VTM split by one source").coverage(c -> c.check(true).percentage(p -> p > 10));
        Statistics.label("chain of several records").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("item from several sources")
                .coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("status discrepancy").coverage(c -> c.check(true).percentage(p -> p > 3));
        Statistics.label("dose discrepancy").coverage(c -> c.check(true).percentage(p -> p > 2));
        Statistics.label("history").coverage(c -> c.check(true).percentage(p -> p > 5));
        // about a quarter of feeds; the bound is loose so a run of bad luck does not fail the build
        Statistics.label("unmapped").coverage(c -> c.check(true).percentage(p -> p > 10));
    }
}
