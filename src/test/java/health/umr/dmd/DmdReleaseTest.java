package health.umr.dmd;

import static health.umr.dmd.DmdTestFiles.COAMILOFRUSE_2021;
import static health.umr.dmd.DmdTestFiles.SUBSET_2019;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DmdReleaseTest {

    private static DmdRelease older() {
        return DmdRelease.builder("3010119")
                .releaseDate(LocalDate.of(2019, 1, 1))
                .source("old")
                .concept(DmdConcept.vtm("100", "Old name", false, null))
                .concept(DmdConcept.vtm("200", "Only in the older release", false, null))
                .concept(DmdConcept.vmp("300", "Product", false, null, "100"))
                .concept(DmdConcept.vtm("400", "Retired since", false, null))
                .previousId("500", "200")
                .lookup("ROUTE", "26643006", "Oral (old)")
                .vmpForm("300", "385055001")
                .lookup("FORM", "385055001", "Tablet")
                .build();
    }

    private static DmdRelease newer() {
        return DmdRelease.builder("3010121")
                .releaseDate(LocalDate.of(2021, 1, 1))
                .source("new")
                .concept(DmdConcept.vtm("100", "New name", true, null))
                .concept(DmdConcept.vtm("410", "Replaces 400", false, "400"))
                .lookup("ROUTE", "26643006", "Oral")
                .build();
    }

    @Test
    void mergedWithLetsTheNewerReleaseWinAndKeepsOlderOnlyIds() {
        // Given an older and a newer release sharing concept 100
        DmdRelease merged = older().mergedWith(newer());

        // When / Then the newer concept wins
        assertEquals("New name", merged.concept("100").orElseThrow().name());
        assertTrue(merged.concept("100").orElseThrow().invalid());
        assertEquals(Optional.of("Oral"), merged.lookupName("ROUTE", "26643006"));
        // and ids only the older release had stay, with their detail and mappings
        assertEquals(
                "Only in the older release", merged.concept("200").orElseThrow().name());
        assertEquals("Tablet", merged.vmpDetails().get("300").formName());
        assertEquals("200", merged.previousIds().get("500"));
        // and the newer release's mappings are added
        assertEquals("410", merged.previousIds().get("400"));
        // and the identity is the newer one's, with both sources
        assertEquals("3010121", merged.id());
        assertEquals(Optional.of(LocalDate.of(2021, 1, 1)), merged.releaseDate());
        assertEquals(List.of("old", "new"), merged.sources());
    }

    @Test
    void retiredIdsOfTheOlderReleaseResolveToTheNewerConcept() {
        // Given concept 400 in the older release, replaced by 410 in the newer one
        Dmd dmd = DmdIndex.of(older().mergedWith(newer()));

        // When / Then 400 answers as 410, and an id only the older release mapped still resolves
        assertEquals("410", dmd.currentCode("400"));
        assertEquals("Replaces 400", dmd.lookup("400").orElseThrow().name());
        assertEquals("200", dmd.currentCode("500"));
        assertEquals(Optional.of("100"), dmd.vtmOf("300"));
        assertEquals("New name", dmd.ancestors("300").get(0).name());
    }

    @Test
    void anOlderMappingOfAnIdTheNewerReleaseListsAsLiveIsDropped() {
        // Given the older release mapped 600 → 700, and the newer lists 600 as a concept again
        DmdRelease older = DmdRelease.builder("a")
                .concept(DmdConcept.vtm("700", "Seven", false, "600"))
                .build();
        DmdRelease newer = DmdRelease.builder("b")
                .concept(DmdConcept.vtm("600", "Six", false, null))
                .build();

        // When merged
        Dmd dmd = DmdIndex.of(older.mergedWith(newer));

        // Then 600 is itself again
        assertEquals("600", dmd.currentCode("600"));
        assertEquals("Six", dmd.lookup("600").orElseThrow().name());
    }

    @Test
    void mergingRealReleasesKeepsBothAndLeavesTheInputsUnchanged() {
        // Given the two real releases
        DmdRelease release2019 = DmdTestFiles.release(SUBSET_2019);
        DmdRelease release2021 = DmdTestFiles.release(COAMILOFRUSE_2021);
        int concepts2019 = release2019.concepts().size();

        // When merged
        DmdRelease merged = release2019.mergedWith(release2021);

        // Then it holds the concepts of both (they share none but the VTM file's co-amilofruse)
        long shared = release2021.concepts().keySet().stream()
                .filter(release2019.concepts()::containsKey)
                .count();
        assertEquals(
                concepts2019 + release2021.concepts().size() - shared,
                merged.concepts().size());
        assertEquals(concepts2019, release2019.concepts().size());
        assertEquals(release2019.count(DmdLevel.VMP) + release2021.count(DmdLevel.VMP), merged.count(DmdLevel.VMP));
    }

    @Test
    void aReleaseCannotBeChangedAfterItIsBuilt() {
        // Given a built release
        DmdRelease.Builder builder = DmdRelease.builder("x").concept(DmdConcept.vtm("1", "One", false, null));
        DmdRelease release = builder.build();

        // When / Then neither the builder nor the maps can change it
        assertThrows(IllegalStateException.class, () -> builder.concept(DmdConcept.vtm("2", "Two", false, null)));
        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(
                UnsupportedOperationException.class, () -> release.concepts().remove("1"));
        assertThrows(
                UnsupportedOperationException.class, () -> release.previousIds().put("a", "b"));
        assertThrows(
                UnsupportedOperationException.class,
                () -> release.lookupTable("FORM").put("a", "b"));
        assertEquals(1, release.concepts().size());
    }

    @Test
    void vmpDetailResolvesNamesWhateverTheOrderTheFilesCameIn() {
        // Given VMP rows added before the lookup and ingredient names (as in a zip)
        DmdRelease release = DmdRelease.builder("x")
                .vmpIngredient("9", "387517004", new BigDecimal("500"), "258684004", null, null)
                .vmpRoute("9", "26643006")
                .concept(DmdConcept.vmp("9", "Paracetamol 500mg tablets", false, null, null))
                .lookup("ROUTE", "26643006", "Oral")
                .lookup("UNIT_OF_MEASURE", "258684004", "mg")
                .ingredient("387517004", "Paracetamol")
                .build();

        // When / Then
        VmpDetail detail = release.vmpDetails().get("9");
        assertEquals(List.of("Oral"), detail.routeNames());
        assertEquals("Paracetamol", detail.ingredients().get(0).ingredientName());
        assertEquals("500 mg", detail.ingredients().get(0).strengthText());
    }

    @Test
    void aSelfMappingIsNotAPreviousId() {
        // Given a history row whose previous id is the current id / When / Then
        DmdRelease release = DmdRelease.builder("x").previousId("1", "1").build();
        assertFalse(release.previousIds().containsKey("1"));
    }
}
