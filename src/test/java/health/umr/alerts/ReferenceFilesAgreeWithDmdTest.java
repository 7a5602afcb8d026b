package health.umr.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.alerts.ReferenceTestFiles.Vtm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the reference files names a real, valid dm+d VTM, exactly as dm+d names it. */
class ReferenceFilesAgreeWithDmdTest {

    @Test
    void everyValidValproateVtmOfTheRelease_isInTheValproateList() {
        ReferenceLists lists = ReferenceLists.fromClasspath();
        List<String> missing = ReferenceTestFiles.vtms2019().values().stream()
                .filter(v -> v.name().toLowerCase(java.util.Locale.ROOT).contains("valpro") && !v.invalid())
                .filter(v -> !lists.isValproate(v.id()))
                .map(Vtm::name)
                .toList();
        assertEquals(List.of(), missing);
    }

    @Test
    void theVtmFileIsTheFull2019File() {
        assertEquals(2859, ReferenceTestFiles.vtms2019().size());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ReferenceListsReader.TIME_CRITICAL,
                ReferenceListsReader.ACB,
                ReferenceListsReader.DUPLICATION,
                ReferenceListsReader.VALPROATE,
                ReferenceListsReader.SUBSTITUTES,
                ReferenceListsReader.NAMES
            })
    void everyVtmIdIsAValidVtmOfThe2019ReleaseWithItsExactName(String fileName) {
        ReferenceListsReader.Table t = ReferenceTestFiles.table(fileName);
        int idColumn = ReferenceTestFiles.column(t, "vtm_id");
        int nameColumn = ReferenceTestFiles.column(t, "vtm_name");
        Map<String, Vtm> vtms = ReferenceTestFiles.vtms2019();
        List<String> problems = new ArrayList<>();
        for (ReferenceListsReader.Row r : t.rows()) {
            String id = r.fields().get(idColumn);
            String name = r.fields().get(nameColumn);
            Vtm v = vtms.get(id);
            if (v == null) {
                problems.add("line " + r.line() + ": " + id + " (" + name + ") is not a VTMID of the 2019 file");
            } else if (!v.name().equals(name)) {
                problems.add("line " + r.line() + ": " + id + " is '" + v.name() + "' in dm+d, not '" + name + "'");
            } else if (v.invalid()) {
                problems.add("line " + r.line() + ": " + id + " (" + name + ") is INVALID in dm+d");
            }
        }
        if (t.columns().contains("substitute_vtm_id")) {
            int subId = ReferenceTestFiles.column(t, "substitute_vtm_id");
            int subName = ReferenceTestFiles.column(t, "substitute_vtm_name");
            for (ReferenceListsReader.Row r : t.rows()) {
                Vtm v = vtms.get(r.fields().get(subId));
                if (v == null || v.invalid() || !v.name().equals(r.fields().get(subName))) {
                    problems.add(
                            "line " + r.line() + ": substitute " + r.fields().get(subId) + " ("
                                    + r.fields().get(subName) + ") is not a valid VTM of that name");
                }
            }
        }
        assertTrue(t.rows().size() > 0, fileName + " has no rows");
        assertEquals(List.of(), problems, fileName);
    }

    @ParameterizedTest
    @ValueSource(strings = {ReferenceListsReader.TIME_CRITICAL, ReferenceListsReader.ACB})
    void noVtmIsListedTwiceInOneFile(String fileName) {
        ReferenceListsReader.Table t = ReferenceTestFiles.table(fileName);
        int idColumn = ReferenceTestFiles.column(t, "vtm_id");
        Map<String, Long> counts =
                t.rows().stream().collect(Collectors.groupingBy(r -> r.fields().get(idColumn), Collectors.counting()));
        counts.values().removeIf(n -> n == 1);
        assertEquals(Map.of(), counts, fileName + ": VTMs listed more than once");
    }

    @Test
    void noVtmIsListedTwiceInOneDuplicationClass() {
        ReferenceListsReader.Table t = ReferenceTestFiles.table(ReferenceListsReader.DUPLICATION);
        int classColumn = ReferenceTestFiles.column(t, "class");
        int idColumn = ReferenceTestFiles.column(t, "vtm_id");
        Map<String, Long> counts = t.rows().stream()
                .collect(Collectors.groupingBy(
                        r -> r.fields().get(classColumn) + " " + r.fields().get(idColumn), Collectors.counting()));
        counts.values().removeIf(n -> n == 1);
        assertEquals(Map.of(), counts, "class + VTM listed more than once");
    }

    @Test
    void everyInsulinVtmIsTimeCritical() {
        Set<String> insulins = ReferenceTestFiles.vtms2019().values().stream()
                .filter(v -> !v.invalid() && v.name().startsWith("Insulin "))
                .map(Vtm::id)
                .collect(Collectors.toSet());
        ReferenceLists lists = ReferenceLists.fromClasspath();
        assertTrue(insulins.size() >= 20, "the 2019 file has " + insulins.size() + " insulin VTMs");
        for (String id : insulins) {
            assertEquals(
                    "insulins",
                    lists.timeCritical(id).map(TimeCriticalMedicine::clazz).orElse(null),
                    ReferenceTestFiles.vtms2019().get(id).name());
        }
    }

    @Test
    void unmappedAcbNamesReallyHaveNoVtmOfTheirOwn() {
        ReferenceListsReader.Table t = ReferenceTestFiles.table("anticholinergic-burden-unmapped.csv");
        Map<String, Vtm> byName = new HashMap<>();
        ReferenceTestFiles.vtms2019().values().stream()
                .filter(v -> !v.invalid())
                .forEach(v -> byName.put(v.name().toLowerCase(Locale.ROOT), v));
        List<String> mappable = new ArrayList<>();
        for (ReferenceListsReader.Row r : t.rows()) {
            String name = r.fields().get(0).toLowerCase(Locale.ROOT);
            if (byName.containsKey(name)) {
                mappable.add(r.fields().get(0) + " is VTM " + byName.get(name).id());
            }
            assertTrue(!r.fields().get(2).isBlank(), "line " + r.line() + " gives no reason");
        }
        assertTrue(t.rows().size() > 0);
        assertEquals(List.of(), mappable, "names said to be unmapped that dm+d has a VTM for");
    }
}
