package health.umr.alerts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clinical reference lists the alert rules use, keyed by dm+d VTM id: time-critical
 * medicines and their named substitutes, anticholinergic burden (ACB) scores, therapeutic duplication
 * classes, valproate medicines, and the names of high-risk medicines recognised in text. Immutable
 * and safe to share between threads.
 *
 * <p>The lists are versioned data with named sources ({@code src/main/resources/reference/},
 * described in its README.md); {@link #files()} says which version of each was loaded. Lookups
 * take the VTM id exactly as listed: mapping a previous or retired VTM id to its current one is
 * the caller's job (the dm+d index does it).
 *
 * <pre>{@code
 *   ReferenceLists lists = ReferenceLists.fromClasspath();
 *   lists.acbScore("40589005");                      // 3 (amitriptyline)
 *   lists.timeCritical("404830004").get().clazz();   // "parkinsons" (co-careldopa)
 *   lists.duplicationClassesOf("48603004");          // [anticoagulant] (warfarin)
 * }</pre>
 */
public final class ReferenceLists {

    private final Map<String, TimeCriticalMedicine> timeCritical;
    private final Map<String, Integer> acbScores;
    private final Map<String, DuplicationClass> duplicationClasses;
    private final Map<String, Set<String>> classesByVtm;
    private final Set<String> valproateVtms;
    private final Map<String, List<Substitute>> substitutes;
    private final MedicineNames names;
    private final List<ReferenceFile> files;

    /**
     * @param files the files as read: time-critical, ACB, duplication, valproate, substitutes, names, in
     *              that order
     */
    ReferenceLists(
            Map<String, TimeCriticalMedicine> timeCritical,
            Map<String, Integer> acbScores,
            Collection<DuplicationClass> duplicationClasses,
            Set<String> valproateVtms,
            List<Substitute> substitutes,
            List<MedicineNames.Name> names,
            List<ReferenceFile> files) {
        this.timeCritical = Collections.unmodifiableMap(new LinkedHashMap<>(timeCritical));
        this.acbScores = Collections.unmodifiableMap(new LinkedHashMap<>(acbScores));
        Map<String, DuplicationClass> classes = new LinkedHashMap<>();
        Map<String, Set<String>> byVtm = new LinkedHashMap<>();
        for (DuplicationClass c : duplicationClasses) {
            classes.put(c.id(), c);
            for (String vtmId : c.members().keySet()) {
                byVtm.computeIfAbsent(vtmId, k -> new TreeSet<>()).add(c.id());
            }
        }
        byVtm.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        this.duplicationClasses = Collections.unmodifiableMap(classes);
        this.classesByVtm = Collections.unmodifiableMap(byVtm);
        this.valproateVtms = Set.copyOf(valproateVtms);
        Map<String, List<Substitute>> byVtm2 = new LinkedHashMap<>();
        for (Substitute substitute : substitutes) {
            byVtm2.computeIfAbsent(substitute.vtmId(), k -> new ArrayList<>()).add(substitute);
        }
        byVtm2.replaceAll((k, v) -> List.copyOf(v));
        this.substitutes = Collections.unmodifiableMap(byVtm2);
        this.names = new MedicineNames(names);
        this.files = List.copyOf(files);
    }

    /** The substitutes the list names for a time-critical medicine, in file order; empty if none. */
    public List<Substitute> substitutesOf(String vtmId) {
        List<Substitute> found = vtmId == null ? null : substitutes.get(vtmId);
        return found == null ? List.of() : found;
    }

    /** The names of high-risk medicines recognised in text. */
    public MedicineNames names() {
        return names;
    }

    /** Whether this VTM is a valproate (Valproate Pregnancy Prevention Programme). */
    public boolean isValproate(String vtmId) {
        return vtmId != null && valproateVtms.contains(vtmId);
    }

    /** The lists bundled with the service ({@code /reference/*.csv} on the classpath). */
    public static ReferenceLists fromClasspath() {
        return new ReferenceListsReader().readClasspath();
    }

    /** The time-critical medicine listed under this VTM id, if any. */
    public Optional<TimeCriticalMedicine> timeCritical(String vtmId) {
        return Optional.ofNullable(vtmId == null ? null : timeCritical.get(vtmId));
    }

    /** True if the VTM is a time-critical medicine. */
    public boolean isTimeCritical(String vtmId) {
        return timeCritical(vtmId).isPresent();
    }

    /** Every time-critical medicine, by VTM id, in file order. */
    public Map<String, TimeCriticalMedicine> timeCriticalMedicines() {
        return timeCritical;
    }

    /** The ACB score of the VTM (1 to 3 for one substance, more for some combinations); 0 if not listed. */
    public int acbScore(String vtmId) {
        Integer score = vtmId == null ? null : acbScores.get(vtmId);
        return score == null ? 0 : score;
    }

    /** Every listed ACB score, by VTM id, in file order. */
    public Map<String, Integer> acbScores() {
        return acbScores;
    }

    /** The ids of the duplication classes the VTM belongs to, sorted; empty if none. */
    public Set<String> duplicationClassesOf(String vtmId) {
        Set<String> ids = vtmId == null ? null : classesByVtm.get(vtmId);
        return ids == null ? Set.of() : ids;
    }

    /** The duplication class with this id, if any. */
    public Optional<DuplicationClass> duplicationClass(String classId) {
        return Optional.ofNullable(classId == null ? null : duplicationClasses.get(classId));
    }

    /** Every duplication class, by class id, in file order. */
    public Map<String, DuplicationClass> duplicationClasses() {
        return duplicationClasses;
    }

    /** The header of {@code time-critical-medicines.csv} as loaded. */
    public ReferenceFile timeCriticalFile() {
        return files.get(0);
    }

    /** The header of {@code anticholinergic-burden.csv} as loaded. */
    public ReferenceFile acbFile() {
        return files.get(1);
    }

    /** The header of {@code duplication-classes.csv} as loaded. */
    public ReferenceFile duplicationFile() {
        return files.get(2);
    }

    /** The header of {@code valproate.csv} as loaded. */
    public ReferenceFile valproateFile() {
        return files.get(3);
    }

    /** The header of {@code time-critical-substitutes.csv} as loaded. */
    public ReferenceFile substitutesFile() {
        return files.get(4);
    }

    /** The header of {@code medicine-names.csv} as loaded. */
    public ReferenceFile namesFile() {
        return files.get(5);
    }

    /** "file version; file version" for the files given: what an alert names as raised under. */
    public static String versionsOf(ReferenceFile... used) {
        StringBuilder s = new StringBuilder();
        for (ReferenceFile f : used) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(f.fileName()).append(' ').append(f.version());
        }
        return s.toString();
    }

    /** The files as loaded, with their versions and sources. */
    public List<ReferenceFile> files() {
        return files;
    }

    /** One line naming each file's version, e.g. for logs and provenance. */
    public String version() {
        StringBuilder s = new StringBuilder();
        for (ReferenceFile f : files()) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(f.fileName()).append(' ').append(f.version());
        }
        return s.toString();
    }
}
