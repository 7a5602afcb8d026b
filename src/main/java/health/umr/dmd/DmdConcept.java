package health.umr.dmd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One dm+d concept (a row of the VTM, VMP, AMP, VMPP or AMPP file).
 *
 * <p>Parent ids are the ones written in the release file for this concept; which of them are set
 * depends on the level:
 * <ul>
 *   <li>VTM: none;</li>
 *   <li>VMP: {@code vtmId} (null for VMPs without a VTM, e.g. most appliances and feeds);</li>
 *   <li>AMP: {@code vmpId};</li>
 *   <li>VMPP: {@code vmpId};</li>
 *   <li>AMPP: {@code vmppId} and {@code ampId}.</li>
 * </ul>
 * Parent ids are stored as read: they may be retired ids in an old release. {@link Dmd} maps them
 * to current ids when it navigates.
 *
 * @param id         the dm+d (SNOMED CT) id
 * @param level      the level of the concept
 * @param name       the name (NM) in the release
 * @param invalid    true when the release flags the concept as invalid (INVALID = 1)
 * @param previousId the previous id (VTMIDPREV / VPIDPREV), or null
 * @param vtmId      the VMP's VTM, or null
 * @param vmpId      the VMP of an AMP or VMPP, or null
 * @param vmppId     the VMPP of an AMPP, or null
 * @param ampId      the AMP of an AMPP, or null
 */
public record DmdConcept(
        String id,
        DmdLevel level,
        String name,
        boolean invalid,
        String previousId,
        String vtmId,
        String vmpId,
        String vmppId,
        String ampId) {

    public DmdConcept {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(name, "name");
        switch (level) {
            case VTM -> requireNone(id, vtmId, vmpId, vmppId, ampId);
            case VMP -> requireNone(id, vmpId, vmppId, ampId);
            case AMP, VMPP -> {
                Objects.requireNonNull(vmpId, () -> level + " " + id + " has no VMP");
                requireNone(id, vtmId, vmppId, ampId);
            }
            case AMPP -> {
                Objects.requireNonNull(vmppId, () -> "AMPP " + id + " has no VMPP");
                Objects.requireNonNull(ampId, () -> "AMPP " + id + " has no AMP");
                requireNone(id, vtmId, vmpId);
            }
        }
    }

    private static void requireNone(String id, String... parents) {
        for (String parent : parents) {
            if (parent != null) {
                throw new IllegalArgumentException("concept " + id + " has a parent id its level does not have");
            }
        }
    }

    public static DmdConcept vtm(String id, String name, boolean invalid, String previousId) {
        return new DmdConcept(id, DmdLevel.VTM, name, invalid, previousId, null, null, null, null);
    }

    public static DmdConcept vmp(String id, String name, boolean invalid, String previousId, String vtmId) {
        return new DmdConcept(id, DmdLevel.VMP, name, invalid, previousId, vtmId, null, null, null);
    }

    public static DmdConcept amp(String id, String name, boolean invalid, String vmpId) {
        return new DmdConcept(id, DmdLevel.AMP, name, invalid, null, null, vmpId, null, null);
    }

    public static DmdConcept vmpp(String id, String name, boolean invalid, String vmpId) {
        return new DmdConcept(id, DmdLevel.VMPP, name, invalid, null, null, vmpId, null, null);
    }

    public static DmdConcept ampp(String id, String name, boolean invalid, String vmppId, String ampId) {
        return new DmdConcept(id, DmdLevel.AMPP, name, invalid, null, null, null, vmppId, ampId);
    }

    /** The previous id (VTMIDPREV / VPIDPREV), if the release gives one. */
    public Optional<String> previous() {
        return Optional.ofNullable(previousId);
    }

    /** The direct parent ids written in the release, nearest first (for an AMPP: VMPP then AMP). */
    public List<String> parentIds() {
        List<String> parents = new ArrayList<>(2);
        switch (level) {
            case VTM -> {}
            case VMP -> addIfPresent(parents, vtmId);
            case AMP, VMPP -> addIfPresent(parents, vmpId);
            case AMPP -> {
                addIfPresent(parents, vmppId);
                addIfPresent(parents, ampId);
            }
        }
        return List.copyOf(parents);
    }

    private static void addIfPresent(List<String> list, String id) {
        if (id != null) {
            list.add(id);
        }
    }
}
