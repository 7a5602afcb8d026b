package health.umr.alerts;

import health.umr.domain.Alert;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A therapeutic class in which two different active VTMs are a duplication (e.g. two anticoagulants):
 * the rows of {@code reference/duplication-classes.csv} that share a class id.
 *
 * @param id       the class id, e.g. {@code anticoagulant}
 * @param name     a readable name, e.g. "Anticoagulants (...)"
 * @param severity the severity of a duplication in this class
 * @param advice   what the alert tells the clinician to check
 * @param members  VTM id → member, in file order; unmodifiable
 */
public record DuplicationClass(
        String id, String name, Alert.Severity severity, String advice, Map<String, Member> members) {

    /**
     * One VTM of the class.
     *
     * @param anchor    false for a member that makes a duplication only with an anchor (an SSRI in the
     *                  {@code maoi} class: it needs an MAOI beside it)
     * @param appliesTo which of its products count
     */
    public record Member(String vtmId, String name, boolean anchor, AppliesTo appliesTo) {}

    public DuplicationClass {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** True if the VTM belongs to this class. */
    public boolean contains(String vtmId) {
        return vtmId != null && members.containsKey(vtmId);
    }

    /** True when these VTMs (members of the class) make a duplication: two or more, one of them an anchor. */
    public boolean isDuplication(Collection<String> vtmIds) {
        long inClass = vtmIds.stream().filter(this::contains).distinct().count();
        return inClass >= 2
                && vtmIds.stream()
                        .filter(this::contains)
                        .anyMatch(v -> members.get(v).anchor());
    }
}
