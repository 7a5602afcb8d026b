package health.umr.alerts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A therapeutic class in which two different active VTMs are a duplication (e.g. two oral
 * anticoagulants): the rows of {@code reference/duplication-classes.csv} that share a class id.
 *
 * @param id      the class id, e.g. {@code oral-anticoagulant}
 * @param name    a readable name, e.g. "Oral anticoagulants (...)"
 * @param members VTM id → VTM name, in file order; unmodifiable
 */
public record DuplicationClass(String id, String name, Map<String, String> members) {

    public DuplicationClass {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /** True if the VTM belongs to this class. */
    public boolean contains(String vtmId) {
        return vtmId != null && members.containsKey(vtmId);
    }
}
