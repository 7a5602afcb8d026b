package health.umr.reconcile;

import health.umr.domain.RecordKind;
import health.umr.domain.SourceRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits one source's records into chains: records that are one medicine as that source keeps
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
final class RecordChains {

    private static final String REQUEST_PREFIX = "MedicationRequest/";

    private final SourceRecord[] records; // in key order
    private final String[] identities;
    private final int[] parent; // union-find over the records' indexes

    private RecordChains(SourceRecord[] records, Function<SourceRecord, String> medicine) {
        this.records = records;
        identities = new String[records.length];
        parent = new int[records.length];
        for (int i = 0; i < records.length; i++) {
            identities[i] = medicine.apply(records[i]);
            parent[i] = i;
        }
    }

    /**
     * The chains of one source's records; each chain sorted by key, chains by their first key.
     *
     * @param medicine the identity of the medicine a record names; only records with equal
     *                 identities are chained
     */
    static List<List<SourceRecord>> of(List<SourceRecord> records, Function<SourceRecord, String> medicine) {
        if (records.size() == 1) {
            return List.of(List.of(records.get(0)));
        }
        SourceRecord[] sorted = records.toArray(new SourceRecord[0]);
        Arrays.sort(sorted, Contribution.KEY_ORDER_OF_RECORDS);
        RecordChains chains = new RecordChains(sorted, medicine);
        chains.link();
        return chains.chains();
    }

    private void link() {
        // the requests a basedOn entry can name: by "MedicationRequest/<id>" and by each identifier
        Map<String, List<Integer>> requests = new HashMap<>();
        for (int i = 0; i < records.length; i++) {
            SourceRecord record = records[i];
            if (record.key().kind() != RecordKind.MEDICATION_REQUEST) {
                continue;
            }
            if (record.resourceId() != null) {
                requests.computeIfAbsent(REQUEST_PREFIX + record.resourceId(), k -> new ArrayList<>(1))
                        .add(i);
            }
            for (String identifier : record.identifiers()) {
                requests.computeIfAbsent(identifier, k -> new ArrayList<>(1)).add(i);
            }
        }
        // a link several records can share (a request they are based on, a group): the first record with it stands for
        // it
        Map<String, Integer> firstWithLink = new HashMap<>();
        for (int i = 0; i < records.length; i++) {
            SourceRecord record = records[i];
            for (String basedOn : record.basedOn()) {
                String target = normalised(basedOn);
                if (target.isEmpty()) {
                    continue;
                }
                share(i, "basedOn:" + identities[i] + "|" + target, firstWithLink);
                for (int request : requests.getOrDefault(target, List.of())) {
                    if (identities[i].equals(identities[request])) {
                        union(i, request);
                    }
                }
            }
            if (record.groupIdentifier() != null && !record.groupIdentifier().isBlank()) {
                share(
                        i,
                        "group:" + identities[i] + "|"
                                + record.groupIdentifier().strip(),
                        firstWithLink);
            }
        }
    }

    private void share(int record, String link, Map<String, Integer> firstWithLink) {
        Integer first = firstWithLink.putIfAbsent(link, record);
        if (first != null) {
            union(record, first);
        }
    }

    /** The records by root, in key order: so chains come out sorted by their first key, each sorted. */
    private List<List<SourceRecord>> chains() {
        int[] chainOfRoot = new int[records.length];
        Arrays.fill(chainOfRoot, -1);
        List<List<SourceRecord>> chains = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            int root = find(i);
            if (chainOfRoot[root] < 0) {
                chainOfRoot[root] = chains.size();
                chains.add(new ArrayList<>());
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
