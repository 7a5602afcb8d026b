package health.umr.dmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DmdConceptTest {

    @Test
    void eachLevelHasOnlyItsOwnParents() {
        // Given / When concepts of each level / Then their parents are the ones the level has
        assertEquals(List.of(), DmdConcept.vtm("1", "VTM", false, null).parentIds());
        assertEquals(List.of("1"), DmdConcept.vmp("2", "VMP", false, null, "1").parentIds());
        assertEquals(
                List.of(),
                DmdConcept.vmp("2", "VMP without VTM", false, null, null).parentIds());
        assertEquals(List.of("2"), DmdConcept.amp("3", "AMP", false, "2").parentIds());
        assertEquals(List.of("2"), DmdConcept.vmpp("4", "VMPP", false, "2").parentIds());
        assertEquals(
                List.of("4", "3"), DmdConcept.ampp("5", "AMPP", false, "4", "3").parentIds());
    }

    @Test
    void aConceptWithParentsItsLevelCannotHaveIsRefused() {
        // Given / When / Then
        assertThrows(
                IllegalArgumentException.class,
                () -> new DmdConcept("1", DmdLevel.VTM, "VTM", false, null, null, "2", null, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new DmdConcept("3", DmdLevel.AMP, "AMP", false, null, "1", "2", null, null));
        assertThrows(NullPointerException.class, () -> DmdConcept.amp("3", "AMP", false, null));
        assertThrows(NullPointerException.class, () -> DmdConcept.ampp("5", "AMPP", false, "4", null));
        assertThrows(NullPointerException.class, () -> DmdConcept.vtm(null, "VTM", false, null));
    }
}
