package health.umr.dmd;

import static health.umr.dmd.DmdTestFiles.COAMILOFRUSE_2021;
import static health.umr.dmd.DmdTestFiles.SUBSET_2019;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnomedIdTest {

    /**
     * Every id in the 2019 release subset (cut unchanged from a real NHSBSA release): concept
     * ids, previous ids, ingredient ids and lookup codes.
     */
    private static Set<String> realIds() {
        return idsOf(DmdTestFiles.release(SUBSET_2019));
    }

    private static Set<String> idsOf(DmdRelease release) {
        Set<String> ids = new LinkedHashSet<>();
        ids.addAll(release.concepts().keySet());
        ids.addAll(release.previousIds().keySet());
        ids.addAll(release.ingredientNames().keySet());
        ids.addAll(release.lookupTable("UNIT_OF_MEASURE").keySet());
        ids.addAll(release.lookupTable("ROUTE").keySet());
        ids.addAll(release.lookupTable("FORM").keySet());
        return ids;
    }

    @Test
    void everyIdOfTheRealReleaseIsValid() {
        // Given the thousands of ids NHSBSA published
        Set<String> ids = realIds();
        assertTrue(ids.size() > 7_000, "ids: " + ids.size());

        // When / Then each passes the check
        List<String> refused = ids.stream().filter(id -> !SnomedId.isValid(id)).toList();
        assertEquals(List.of(), refused);
    }

    @Test
    void theHandMadeIdsOfTheCoamilofruseFixtureAreCaught() {
        // Given the 2021 co-amilofruse extract, parts of which its authors made by hand
        // When its ids are checked
        List<String> refused = idsOf(DmdTestFiles.release(COAMILOFRUSE_2021)).stream()
                .filter(id -> !SnomedId.isValid(id))
                .sorted()
                .toList();

        // Then exactly the combination-pack VMPP and AMPP and the history file's previous VMP id
        // fail (all three absent from the real 2019 files; an independent Verhoeff script agrees)
        assertEquals(List.of("10406411000001101", "8967511000001109", "8968011000001101"), refused);
    }

    @Test
    void changingAnyOneDigitOfARealIdIsDetected() {
        // Given a sample of real ids
        List<String> sample = new ArrayList<>(realIds()).subList(0, 300);

        for (String id : sample) {
            for (int position = 0; position < id.length(); position++) {
                for (char digit = '0'; digit <= '9'; digit++) {
                    if (digit == id.charAt(position)) {
                        continue;
                    }
                    // When one digit is changed
                    String changed = id.substring(0, position) + digit + id.substring(position + 1);
                    // Then the check fails
                    assertFalse(SnomedId.isValid(changed), id + " -> " + changed);
                }
            }
        }
    }

    @Test
    void swappingTwoAdjacentDifferentDigitsOfARealIdIsDetected() {
        for (String id : new ArrayList<>(realIds()).subList(0, 500)) {
            for (int i = 0; i + 1 < id.length(); i++) {
                if (id.charAt(i) == id.charAt(i + 1)) {
                    continue;
                }
                String swapped = id.substring(0, i) + id.charAt(i + 1) + id.charAt(i) + id.substring(i + 2);
                assertFalse(SnomedId.isValid(swapped), id + " -> " + swapped);
            }
        }
    }

    @Test
    void theCheckDigitOfARealIdIsRecomputed() {
        // Given real ids / When the check digit is computed from the rest / Then it is the last digit
        for (String id : realIds()) {
            assertEquals(id.charAt(id.length() - 1), SnomedId.checkDigit(id.substring(0, id.length() - 1)), id);
        }
    }

    @Test
    void extensionIdsAreBuiltFromItemNamespacePartitionAndCheckDigit() {
        // Given real dm+d extension ids (namespace 1000001)
        // When rebuilt from their item / Then they are equal
        assertEquals("34186711000001102", SnomedId.extensionConceptId(3418671, "1000001"));
        assertEquals("22480211000001104", SnomedId.extensionConceptId(2248021, "1000001"));
        assertEquals(Optional.of("1000001"), SnomedId.namespace("34186711000001102"));
        assertEquals(Optional.empty(), SnomedId.namespace("354303007"));
        assertTrue(SnomedId.isConceptId("34186711000001102"));
        assertThrows(IllegalArgumentException.class, () -> SnomedId.extensionConceptId(0, "1000001"));
        assertThrows(IllegalArgumentException.class, () -> SnomedId.extensionConceptId(1, "100001"));
        assertThrows(IllegalArgumentException.class, () -> SnomedId.extensionConceptId(1_000_000_000L, "1000001"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "12345",
                "0354303007",
                "354303007 ",
                "35430300x",
                "1234567890123456789",
                "354303008",
                "354303037",
                "1000003",
                "34186711000001130"
            })
    void malformedIdsAreRefused(String id) {
        // "354303037": partition 03 does not exist; "1000003": long format too short;
        // "34186711000001130": partition 13 does not exist (check digits aside)
        assertFalse(SnomedId.isValid(id));
    }

    @Test
    void descriptionAndRelationshipIdsAreValidButNotConcepts() {
        // Given ids with a description (x1) and relationship (x2) partition and a correct check digit
        String description = "12345" + "01" + SnomedId.checkDigit("1234501");
        String relationship = "12345" + "02" + SnomedId.checkDigit("1234502");

        // When / Then
        assertTrue(SnomedId.isValid(description));
        assertFalse(SnomedId.isConceptId(description));
        assertTrue(SnomedId.isValid(relationship));
        assertFalse(SnomedId.isConceptId(relationship));
    }
}
