package health.umr.dmd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory {@link Dmd}: a {@link DmdRelease} with every answer precomputed into hash maps,
 * so each question is one or two map reads (millions per second) and allocates nothing except
 * the returned {@link Optional} or list.
 *
 * <p>Immutable and thread-safe. To load a new release, build a new index and swap the reference.
 */
public final class DmdIndex implements Dmd {

    /** What is known about one id, with every parent id already mapped to its current id. */
    private record Node(DmdConcept concept, String vtmId, String vmpId, String vmppId, String ampId) {}

    private final DmdRelease release;
    /** previous id → final current id (chains followed). */
    private final Map<String, String> current;
    /** every concept id and every previous id → the node {@link #lookup} answers with. */
    private final Map<String, Node> nodes;

    private DmdIndex(DmdRelease release) {
        this.release = release;
        this.current = resolveChains(release.previousIds());
        Map<String, DmdConcept> concepts = release.concepts();
        Map<String, Node> byId = new HashMap<>(capacity(concepts.size() + current.size()));
        // Levels in order, so that parents are indexed before their children.
        for (DmdLevel level : DmdLevel.values()) {
            for (DmdConcept concept : concepts.values()) {
                if (concept.level() == level) {
                    byId.put(concept.id(), nodeOf(concept, byId));
                }
            }
        }
        // A previous id answers as the concept that replaced it; if that is not in the release,
        // as the concept with the previous id itself (if an older release had it).
        for (Map.Entry<String, String> mapping : current.entrySet()) {
            Node target = byId.get(mapping.getValue());
            if (target != null && concepts.containsKey(mapping.getValue())) {
                byId.put(mapping.getKey(), target);
            }
        }
        this.nodes = byId;
    }

    /** Builds the index of a release. */
    public static DmdIndex of(DmdRelease release) {
        return new DmdIndex(Objects.requireNonNull(release, "release"));
    }

    /** The release this index answers from. */
    public DmdRelease release() {
        return release;
    }

    private Node nodeOf(DmdConcept concept, Map<String, Node> byId) {
        return switch (concept.level()) {
            case VTM -> new Node(concept, concept.id(), null, null, null);
            case VMP -> new Node(concept, parent(concept.vtmId(), byId), concept.id(), null, null);
            case AMP, VMPP -> {
                String vmp = parent(concept.vmpId(), byId);
                Node vmpNode = byId.get(vmp);
                yield new Node(concept, vmpNode == null ? null : vmpNode.vtmId(), vmp, null, null);
            }
            case AMPP -> {
                String vmpp = parent(concept.vmppId(), byId);
                String amp = parent(concept.ampId(), byId);
                Node above = byId.get(vmpp);
                if (above == null || above.vmpId() == null) {
                    above = byId.get(amp);
                }
                yield new Node(
                        concept, above == null ? null : above.vtmId(), above == null ? null : above.vmpId(), vmpp, amp);
            }
        };
    }

    /**
     * The id to navigate to for a parent id as written in the release: its current id, unless only
     * the written id is in the release (then that one), as {@link #lookup} does.
     */
    private String parent(String written, Map<String, Node> byId) {
        if (written == null) {
            return null;
        }
        String now = currentCode(written);
        return byId.containsKey(now) || !byId.containsKey(written) ? now : written;
    }

    /** Follows every previous-id chain to its end; a cycle maps its members to themselves (dropped). */
    private static Map<String, String> resolveChains(Map<String, String> steps) {
        Map<String, String> resolved = new HashMap<>(capacity(steps.size()));
        Set<String> seen = new HashSet<>();
        for (String start : steps.keySet()) {
            seen.clear();
            seen.add(start);
            String code = start;
            boolean cycle = false;
            String next;
            while ((next = steps.get(code)) != null) {
                if (!seen.add(next)) {
                    cycle = true;
                    break;
                }
                code = next;
            }
            if (!cycle) {
                resolved.put(start, code);
            }
        }
        return resolved;
    }

    private static int capacity(int entries) {
        return (int) Math.min(Integer.MAX_VALUE, entries * 4L / 3 + 16);
    }

    @Override
    public Optional<DmdConcept> lookup(String code) {
        Node node = node(code);
        return node == null ? Optional.empty() : Optional.of(node.concept());
    }

    @Override
    public Optional<DmdLevel> levelOf(String code) {
        Node node = node(code);
        return node == null ? Optional.empty() : Optional.of(node.concept().level());
    }

    @Override
    public String currentCode(String code) {
        if (code == null) {
            return null;
        }
        String mapped = current.get(code);
        return mapped == null ? code : mapped;
    }

    @Override
    public Optional<String> vmpOf(String code) {
        Node node = node(code);
        return node == null ? Optional.empty() : Optional.ofNullable(node.vmpId());
    }

    @Override
    public Optional<String> vtmOf(String code) {
        Node node = node(code);
        return node == null ? Optional.empty() : Optional.ofNullable(node.vtmId());
    }

    @Override
    public List<DmdConcept> ancestors(String code) {
        Node node = node(code);
        if (node == null || node.concept().level() == DmdLevel.VTM) {
            return List.of();
        }
        List<DmdConcept> list = new ArrayList<>(4);
        addConcept(list, node.vmppId());
        addConcept(list, node.ampId());
        if (node.concept().level() != DmdLevel.VMP) {
            addConcept(list, node.vmpId());
        }
        addConcept(list, node.vtmId());
        return List.copyOf(list);
    }

    private void addConcept(List<DmdConcept> list, String id) {
        if (id == null) {
            return;
        }
        Node node = nodes.get(id);
        if (node != null) {
            list.add(node.concept());
        }
    }

    @Override
    public Optional<VmpDetail> vmpDetail(String vmpId) {
        Node node = node(vmpId);
        if (node == null || node.concept().level() != DmdLevel.VMP) {
            return Optional.empty();
        }
        return Optional.ofNullable(release.vmpDetails().get(node.concept().id()));
    }

    @Override
    public boolean subsumes(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String ancestor = currentCode(a);
        String descendant = currentCode(b);
        if (ancestor.equals(descendant)) {
            return true;
        }
        Node node = nodes.get(descendant);
        if (node == null) {
            node = nodes.get(b);
            if (node == null) {
                return false;
            }
        }
        if (ancestor.equals(node.concept().id())) {
            return true;
        }
        DmdLevel level = node.concept().level();
        return ancestor.equals(node.vtmId()) && level != DmdLevel.VTM
                || ancestor.equals(node.vmpId()) && level != DmdLevel.VMP
                || ancestor.equals(node.vmppId())
                || ancestor.equals(node.ampId());
    }

    @Override
    public java.util.Set<String> codesUnder(String code) {
        if (code == null) {
            return java.util.Set.of();
        }
        java.util.Set<String> under = new java.util.HashSet<>();
        under.add(code);
        under.add(currentCode(code));
        for (Map.Entry<String, Node> entry : nodes.entrySet()) {
            if (subsumes(code, entry.getKey())) {
                under.add(entry.getKey());
            }
        }
        return under;
    }

    @Override
    public Optional<String> bnfCode(String code) {
        Node node = node(code);
        String id = node == null ? currentCode(code) : node.concept().id();
        return id == null
                ? Optional.empty()
                : Optional.ofNullable(release.bnfCodes().get(id));
    }

    @Override
    public Optional<String> atcCode(String code) {
        Node node = node(code);
        String id = node == null ? currentCode(code) : node.concept().id();
        return id == null
                ? Optional.empty()
                : Optional.ofNullable(release.atcCodes().get(id));
    }

    @Override
    public String releaseId() {
        return release.id();
    }

    private Node node(String code) {
        return code == null ? null : nodes.get(code);
    }

    @Override
    public String toString() {
        return "DmdIndex[" + release + "]";
    }
}
