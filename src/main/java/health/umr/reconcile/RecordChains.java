package health.umr.reconcile;

import health.umr.domain.RecordKind;
import health.umr.domain.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    private final Map<String, String> parent = new HashMap<>();

    private RecordChains() {}

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
        return new RecordChains().split(records, medicine);
    }

    private List<List<SourceRecord>> split(List<SourceRecord> records, Function<SourceRecord, String> medicine) {
        // by identity: hashing a whole SourceRecord (every field) was a tenth of reconciliation's cost
        Map<SourceRecord, String> identities = new IdentityHashMap<>();
        Map<SourceRecord, String> nodes = new IdentityHashMap<>();
        records.forEach(r -> {
            identities.put(r, medicine.apply(r));
            nodes.put(r, node(r));
        });
        Map<String, List<SourceRecord>> targets = new HashMap<>();
        for (SourceRecord record : records) {
            if (record.key().kind() != RecordKind.MEDICATION_REQUEST) {
                continue;
            }
            if (record.resourceId() != null) {
                targets.computeIfAbsent(REQUEST_PREFIX + record.resourceId(), k -> new ArrayList<>())
                        .add(record);
            }
            for (String identifier : record.identifiers()) {
                targets.computeIfAbsent(identifier, k -> new ArrayList<>()).add(record);
            }
        }
        for (SourceRecord record : records) {
            String node = nodes.get(record);
            String identity = identities.get(record);
            find(node);
            for (String basedOn : record.basedOn()) {
                String target = normalised(basedOn);
                if (target.isEmpty()) {
                    continue;
                }
                union(node, "basedOn:" + identity + "|" + target);
                for (SourceRecord request : targets.getOrDefault(target, List.of())) {
                    if (identity.equals(identities.get(request))) {
                        union(node, nodes.get(request));
                    }
                }
            }
            if (record.groupIdentifier() != null && !record.groupIdentifier().isBlank()) {
                union(node, "group:" + identity + "|" + record.groupIdentifier().strip());
            }
        }
        Map<String, List<SourceRecord>> byRoot = new TreeMap<>();
        for (SourceRecord record : records) {
            byRoot.computeIfAbsent(find(nodes.get(record)), k -> new ArrayList<>())
                    .add(record);
        }
        List<List<SourceRecord>> chains = new ArrayList<>(byRoot.size());
        for (List<SourceRecord> chain : byRoot.values()) {
            chains.add(chain.stream().sorted(Contribution.KEY_ORDER_OF_RECORDS).toList());
        }
        chains.sort((a, b) ->
                Contribution.KEY_ORDER.compare(a.get(0).key(), b.get(0).key()));
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

    private static String node(SourceRecord record) {
        return "record:" + record.key().kind().name() + "|" + record.key().businessKey();
    }

    private String find(String node) {
        String root = node;
        String up;
        while ((up = parent.get(root)) != null && !up.equals(root)) {
            root = up;
        }
        parent.putIfAbsent(node, node);
        // path compression
        String walk = node;
        while (!walk.equals(root)) {
            String next = parent.get(walk);
            parent.put(walk, root);
            walk = next;
        }
        return root;
    }

    private void union(String a, String b) {
        String rootA = find(a);
        String rootB = find(b);
        if (!rootA.equals(rootB)) {
            // the smaller name becomes the root, so roots do not depend on the order of unions
            if (rootA.compareTo(rootB) < 0) {
                parent.put(rootB, rootA);
            } else {
                parent.put(rootA, rootB);
            }
        }
    }
}
