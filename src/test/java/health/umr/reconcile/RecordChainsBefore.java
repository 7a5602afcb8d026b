package health.umr.reconcile;

import health.umr.domain.Coding;
import health.umr.domain.RecordKind;
import health.umr.domain.SourceRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RecordChains} as it stood at b66242c (but for its name): part of {@link ReconcilerBefore}, the oracle of
 * {@code ReconcilerSameAnswerTest}.
 *
 * <p>Splits one source's records into chains: records that are one medicine as that source keeps
 * it. Two records of one source that name the same medicine (equal {@code medicine} identities)
 * are in one chain when one is {@code basedOn} the other (a reference
 * {@code MedicationRequest/<id>} matching the other's resource id, or a {@code system|value}
 * identifier matching one of its identifiers), when both are based on the same request (even if
 * that request was not sent), or when both carry the same {@code groupIdentifier}. Links are
 * followed transitively.
 *
 * <p>Records naming different medicines are never chained, whatever their links say: an EPS
 * {@code groupIdentifier} is the prescription's id, shared by every line item on it, and real
 * messages have line items of different medicines based on one identifier.
 */
final class RecordChainsBefore {

    private static final String REQUEST_PREFIX = "MedicationRequest/";

    private final ReadRecord[] records; // in key order
    private final Object[] identities;
    private final int[] parent; // union-find over the records' indexes
    private final boolean linksAsText; // a dm+d identity kept as text: every link as text too (see Link)

    private RecordChainsBefore(ReadRecord[] records) {
        this.records = records;
        identities = new Object[records.length];
        parent = new int[records.length];
        boolean dmdText = false;
        for (int i = 0; i < records.length; i++) {
            identities[i] = identity(records[i]);
            dmdText |= identities[i] instanceof String text && text.startsWith("dmd:");
            parent[i] = i;
        }
        linksAsText = dmdText;
    }

    /**
     * The chains of one source's records; each chain sorted by key, chains by their first key. Only
     * records with equal medicine identities ({@link #identity}) are chained.
     *
     * @param records one source's records, sorted by key ({@link Contribution#KEY_ORDER})
     */
    static List<List<ReadRecord>> of(List<ReadRecord> records) {
        return of(records, records.size() <= SCAN_AT_MOST);
    }

    /**
     * Up to this many records of a source, links are found by comparing every pair of records, not
     * through maps of resource ids, identifiers and shared links: for a few records that allocates
     * nothing; the chains are the same either way (union-find gives one partition whatever the order
     * of the unions, and chains are read off the partition alone).
     */
    static final int SCAN_AT_MOST = 16;

    /** As {@link #of(List)}, the links found by scanning ({@code scan}) or through maps. */
    static List<List<ReadRecord>> of(List<ReadRecord> records, boolean scan) {
        if (records.size() == 1) {
            return List.of(List.of(records.get(0)));
        }
        RecordChainsBefore chains = new RecordChainsBefore(records.toArray(new ReadRecord[0]));
        if (scan) {
            chains.linkByScan();
        } else {
            chains.link();
        }
        return chains.chains();
    }

    /**
     * What a record's medicine is, for chaining: its dm+d VTM and VMP (so an AMP issue chains with its
     * VMP plan); for an unmapped record, its text, else its codings, as sent (case and spacing aside).
     * Identities are equal exactly when the texts {@code "dmd:<vtm>/<vmp>"}, {@code "text:<text>"},
     * {@code "codes:<system>|<code> ..."} or {@code "none"} are: a dm+d pair is a {@link DmdIdentity}
     * (dm+d ids are digits; one holding '/' or '|' keeps the text, which then holds two '/' or a '|' and
     * so equals no pair's text), anything else the text itself.
     */
    static Object identity(ReadRecord read) {
        ResolvedMedicine medicine = read.medicine();
        if (medicine != null) {
            return DmdIdentity.plain(medicine.vtm()) && DmdIdentity.plain(medicine.vmp())
                    ? new DmdIdentity(DmdIdentity.id(medicine.vtm()), DmdIdentity.id(medicine.vmp()))
                    : "dmd:" + medicine.vtm() + "/" + medicine.vmp();
        }
        SourceRecord record = read.record();
        if (record.medication() == null) {
            return "none";
        }
        String text = DosageWording.normalised(record.medication().text());
        if (text != null) {
            return "text:" + text;
        }
        StringBuilder codes = new StringBuilder("codes:");
        List<Coding> codings = record.medication().codings();
        for (int i = 0; i < codings.size(); i++) {
            Coding c = codings.get(i);
            codes.append(i == 0 ? "" : " ").append(c.system()).append('|').append(c.code());
        }
        return codes.toString();
    }

    /**
     * A dm+d medicine's VTM and VMP (either may be null), standing for the text {@code "dmd:<vtm>/<vmp>"}:
     * an id "null" is null here, as the text cannot tell them apart.
     */
    record DmdIdentity(String vtm, String vmp) {

        static String id(String id) {
            return "null".equals(id) ? null : id;
        }

        /** The text it stands for. */
        @Override
        public String toString() {
            return "dmd:" + vtm + "/" + vmp;
        }

        /** True when the id (or null) cannot blur the text's separators. */
        static boolean plain(String id) {
            return id == null || (id.indexOf('/') < 0 && id.indexOf('|') < 0);
        }
    }

    /**
     * A link several records of one medicine can share, standing for the text {@code "basedOn:<identity>|<target>"}
     * (or {@code "group:..."}): used when the identity is a {@link DmdIdentity}, whose text holds one '/' and
     * no '|', so the text splits one way only and two links are equal exactly when their texts are. When a
     * record of the source has a dm+d identity kept as text (see {@link #identity}), every link is text.
     */
    private record Link(boolean group, DmdIdentity medicine, String target) {}

    private Object link(boolean group, Object identity, String target) {
        return !linksAsText && identity instanceof DmdIdentity dmd
                ? new Link(group, dmd, target)
                : (group ? "group:" : "basedOn:") + identity + "|" + target;
    }

    private void link() {
        // the requests a basedOn entry can name: "MedicationRequest/<id>" by resource id, or an identifier
        Map<String, List<Integer>> byResourceId = null;
        Map<String, List<Integer>> byIdentifier = null;
        for (int i = 0; i < records.length; i++) {
            SourceRecord record = records[i].record();
            if (record.key().kind() != RecordKind.MEDICATION_REQUEST) {
                continue;
            }
            if (record.resourceId() != null) {
                byResourceId = add(byResourceId, record.resourceId(), i);
            }
            List<String> identifierList = record.identifiers();
            for (int atIdentifier = 0; atIdentifier < identifierList.size(); atIdentifier++) {
                String identifier = identifierList.get(atIdentifier);
                byIdentifier = add(byIdentifier, identifier, i);
            }
        }
        // a link several records can share (a request they are based on, a group): the first record with it stands for
        // it
        Map<Object, Integer> firstWithLink = new HashMap<>();
        for (int i = 0; i < records.length; i++) {
            SourceRecord record = records[i].record();
            List<String> basedOnList = record.basedOn();
            for (int atBasedOn = 0; atBasedOn < basedOnList.size(); atBasedOn++) {
                String basedOn = basedOnList.get(atBasedOn);
                String target = normalised(basedOn);
                if (target.isEmpty()) {
                    continue;
                }
                share(i, link(false, identities[i], target), firstWithLink);
                if (byResourceId != null && target.startsWith(REQUEST_PREFIX)) {
                    unionSameMedicine(i, byResourceId.get(target.substring(REQUEST_PREFIX.length())));
                }
                if (byIdentifier != null) {
                    unionSameMedicine(i, byIdentifier.get(target));
                }
            }
            if (record.groupIdentifier() != null && !record.groupIdentifier().isBlank()) {
                share(i, link(true, identities[i], record.groupIdentifier().strip()), firstWithLink);
            }
        }
    }

    /** As {@link #link()}, every request and every shared link found by comparing the records pairwise. */
    private void linkByScan() {
        int most = 0;
        for (ReadRecord read : records) {
            most += read.record().basedOn().size() + 1;
        }
        Object[] links = new Object[most]; // the links seen, each with the first record that has it
        int[] firstWithLink = new int[most];
        int count = 0;
        for (int i = 0; i < records.length; i++) {
            SourceRecord record = records[i].record();
            List<String> basedOnList = record.basedOn();
            for (int atBasedOn = 0; atBasedOn < basedOnList.size(); atBasedOn++) {
                String target = normalised(basedOnList.get(atBasedOn));
                if (target.isEmpty()) {
                    continue;
                }
                count = share(i, link(false, identities[i], target), links, firstWithLink, count);
                boolean byResourceId = target.startsWith(REQUEST_PREFIX);
                for (int j = 0; j < records.length; j++) {
                    SourceRecord request = records[j].record();
                    if (request.key().kind() == RecordKind.MEDICATION_REQUEST
                            && ((byResourceId && isResource(target, request.resourceId()))
                                    || request.identifiers().contains(target))
                            && identities[i].equals(identities[j])) {
                        union(i, j);
                    }
                }
            }
            if (record.groupIdentifier() != null && !record.groupIdentifier().isBlank()) {
                count = share(
                        i, link(true, identities[i], record.groupIdentifier().strip()), links, firstWithLink, count);
            }
        }
    }

    /** True when a reference {@code "MedicationRequest/<id>"} names this resource id. */
    private static boolean isResource(String reference, String resourceId) {
        return resourceId != null
                && reference.length() == REQUEST_PREFIX.length() + resourceId.length()
                && reference.startsWith(resourceId, REQUEST_PREFIX.length());
    }

    /** {@link #share(int, Object, Map)} over the first {@code count} links seen; the count of links seen after it. */
    private int share(int record, Object link, Object[] links, int[] firstWithLink, int count) {
        for (int at = 0; at < count; at++) {
            if (links[at].equals(link)) {
                union(record, firstWithLink[at]);
                return count;
            }
        }
        links[count] = link;
        firstWithLink[count] = record;
        return count + 1;
    }

    private static Map<String, List<Integer>> add(Map<String, List<Integer>> map, String key, int record) {
        Map<String, List<Integer>> to = map == null ? new HashMap<>() : map;
        to.computeIfAbsent(key, k -> new ArrayList<>(1)).add(record);
        return to;
    }

    private void unionSameMedicine(int record, List<Integer> requests) {
        if (requests == null) {
            return;
        }
        for (int request : requests) {
            if (identities[record].equals(identities[request])) {
                union(record, request);
            }
        }
    }

    private void share(int record, Object link, Map<Object, Integer> firstWithLink) {
        Integer first = firstWithLink.putIfAbsent(link, record);
        if (first != null) {
            union(record, first);
        }
    }

    /** The records by root, in key order: so chains come out sorted by their first key, each sorted. */
    private List<List<ReadRecord>> chains() {
        int[] rootOf = new int[records.length];
        int[] size = new int[records.length]; // by root
        int count = 0;
        for (int i = 0; i < records.length; i++) {
            rootOf[i] = find(i);
            if (size[rootOf[i]]++ == 0) {
                count++;
            }
        }
        if (count == records.length) { // no chain of two: each record alone
            List<List<ReadRecord>> alone = new ArrayList<>(count);
            for (ReadRecord record : records) {
                alone.add(List.of(record));
            }
            return alone;
        }
        int[] chainOfRoot = new int[records.length];
        Arrays.fill(chainOfRoot, -1);
        List<List<ReadRecord>> chains = new ArrayList<>(count);
        for (int i = 0; i < records.length; i++) {
            int root = rootOf[i];
            if (chainOfRoot[root] < 0) {
                chainOfRoot[root] = chains.size();
                chains.add(new ArrayList<>(size[root]));
            }
            chains.get(chainOfRoot[root]).add(records[i]);
        }
        return chains;
    }

    /**
     * A basedOn entry in a comparable form: an identifier ("system|value") as sent; a reference cut
     * to {@code MedicationRequest/<id>} (dropping a base URL and any {@code /_history/<n>}).
     */
    static String normalised(String basedOn) {
        String value = basedOn == null ? "" : basedOn.strip();
        if (value.contains("|")) {
            return value;
        }
        int at = value.lastIndexOf(REQUEST_PREFIX);
        if (at >= 0) {
            value = value.substring(at);
            int history = value.indexOf("/_history");
            if (history >= 0) {
                value = value.substring(0, history);
            }
        }
        return value;
    }

    private int find(int record) {
        int root = record;
        while (parent[root] != root) {
            root = parent[root];
        }
        for (int walk = record; walk != root; ) { // path compression
            int next = parent[walk];
            parent[walk] = root;
            walk = next;
        }
        return root;
    }

    private void union(int a, int b) {
        int rootA = find(a);
        int rootB = find(b);
        if (rootA != rootB) {
            parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
        }
    }
}
