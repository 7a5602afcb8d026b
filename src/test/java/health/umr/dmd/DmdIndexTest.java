package health.umr.dmd;

import static health.umr.dmd.DmdTestFiles.COAMILOFRUSE_2021;
import static health.umr.dmd.DmdTestFiles.SUBSET_2019;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DmdIndexTest {

    /** Co-amilofruse VTM and its previous id, as the data README and the VTM file give them. */
    private static final String COAMILOFRUSE_VTM = "34186711000001102";

    private static final String COAMILOFRUSE_VTM_PREVIOUS = "354303007";

    private final Dmd coamilofruse = DmdIndex.of(DmdTestFiles.release(COAMILOFRUSE_2021));
    private final Dmd release2019 = DmdIndex.of(DmdTestFiles.release(SUBSET_2019));

    // --- the co-amilofruse chain -------------------------------------------------------------

    @Test
    void everyAmppResolvesThroughVmppAndAmpToVmpAndVtm() {
        // Given the AMPPs, VMPPs and AMPs of the co-amilofruse release, read independently
        Path folder = DmdTestFiles.folder(COAMILOFRUSE_2021);
        List<Map<String, String>> ampps = DmdTestFiles.records(folder.resolve("f_ampp2_3260821.xml"), "AMPP");
        Map<String, String> vmpOfVmpp =
                index(DmdTestFiles.records(folder.resolve("f_vmpp2_3260821.xml"), "VMPP"), "VPPID", "VPID");
        Map<String, String> vmpOfAmp =
                index(DmdTestFiles.records(folder.resolve("f_amp2_3260821.xml"), "AMP"), "APID", "VPID");
        Map<String, String> vtmOfVmp =
                index(DmdTestFiles.records(folder.resolve("f_vmp2_3260821.xml"), "VMP"), "VPID", "VTMID");
        assertEquals(2, ampps.size());

        for (Map<String, String> ampp : ampps) {
            String amppId = ampp.get("APPID");
            String vmppId = ampp.get("VPPID");
            String ampId = ampp.get("APID");
            String vmpId = vmpOfVmpp.get(vmppId);
            assertEquals(vmpId, vmpOfAmp.get(ampId), "file: VMPP and AMP of an AMPP share a VMP");
            String vtmId = vtmOfVmp.get(vmpId);
            assertEquals(COAMILOFRUSE_VTM, vtmId);

            // When / Then each level resolves upwards
            assertEquals(Optional.of(DmdLevel.AMPP), coamilofruse.levelOf(amppId));
            assertEquals(Optional.of(vmpId), coamilofruse.vmpOf(amppId));
            assertEquals(Optional.of(vtmId), coamilofruse.vtmOf(amppId));
            assertEquals(Optional.of(vmpId), coamilofruse.vmpOf(vmppId));
            assertEquals(Optional.of(vtmId), coamilofruse.vtmOf(vmppId));
            assertEquals(Optional.of(vmpId), coamilofruse.vmpOf(ampId));
            assertEquals(Optional.of(vtmId), coamilofruse.vtmOf(ampId));
            assertEquals(Optional.of(vmpId), coamilofruse.vmpOf(vmpId));
            assertEquals(Optional.of(vtmId), coamilofruse.vtmOf(vmpId));
            assertEquals(Optional.of(vtmId), coamilofruse.vtmOf(vtmId));
            assertEquals(Optional.empty(), coamilofruse.vmpOf(vtmId));

            // and its ancestors are VMPP, AMP, VMP, VTM, nearest first
            assertEquals(List.of(vmppId, ampId, vmpId, vtmId), ids(coamilofruse.ancestors(amppId)));
            assertEquals(List.of(vmpId, vtmId), ids(coamilofruse.ancestors(vmppId)));
            assertEquals(List.of(vmpId, vtmId), ids(coamilofruse.ancestors(ampId)));
            assertEquals(List.of(vtmId), ids(coamilofruse.ancestors(vmpId)));
            assertEquals(List.of(), coamilofruse.ancestors(vtmId));
        }
    }

    @Test
    void everyConceptOfThe2019SubsetKnowsItsLevel() {
        // Given every concept of the 2019 release
        DmdRelease release = DmdTestFiles.release(SUBSET_2019);

        // When / Then its level and name answer through the index
        for (DmdConcept concept : release.concepts().values()) {
            if (release.previousIds().containsKey(concept.id())) {
                continue;
            }
            assertEquals(Optional.of(concept.level()), release2019.levelOf(concept.id()));
            assertEquals(Optional.of(concept), release2019.lookup(concept.id()));
        }
    }

    @Test
    void thePreviousCoamilofruseVtmIdResolvesToTheCurrentOne() {
        // Given the previous VTM id 354303007 (VTMIDPREV and history file)
        // When it is resolved
        // Then it is the current VTM 34186711000001102, at every question
        assertEquals(COAMILOFRUSE_VTM, coamilofruse.currentCode(COAMILOFRUSE_VTM_PREVIOUS));
        assertEquals(
                COAMILOFRUSE_VTM,
                coamilofruse.lookup(COAMILOFRUSE_VTM_PREVIOUS).orElseThrow().id());
        assertEquals(
                "Co-amilofruse",
                coamilofruse.lookup(COAMILOFRUSE_VTM_PREVIOUS).orElseThrow().name());
        assertEquals(Optional.of(DmdLevel.VTM), coamilofruse.levelOf(COAMILOFRUSE_VTM_PREVIOUS));
        assertEquals(Optional.of(COAMILOFRUSE_VTM), coamilofruse.vtmOf(COAMILOFRUSE_VTM_PREVIOUS));
        assertTrue(coamilofruse.subsumes(COAMILOFRUSE_VTM_PREVIOUS, "8968011000001101"));
        assertTrue(coamilofruse.subsumes(COAMILOFRUSE_VTM, COAMILOFRUSE_VTM_PREVIOUS));
        // and the current id stays as it is
        assertEquals(COAMILOFRUSE_VTM, coamilofruse.currentCode(COAMILOFRUSE_VTM));
    }

    @Test
    void aPreviousVmpIdFromTheHistoryFileResolves() {
        // Given the history file maps VMP 10406411000001101 to 318135008
        // When / Then the old id answers as the current VMP
        assertEquals("318135008", coamilofruse.currentCode("10406411000001101"));
        assertEquals(Optional.of("318135008"), coamilofruse.vmpOf("10406411000001101"));
        assertEquals(Optional.of(COAMILOFRUSE_VTM), coamilofruse.vtmOf("10406411000001101"));
    }

    @Test
    void aPreviousVmpIdFromVpidprevResolves() {
        // Given the 2019 VMP pilocarpine 6% PF eye drops 36016311000001102, VPIDPREV 347209005
        // When / Then
        assertEquals("36016311000001102", release2019.currentCode("347209005"));
        assertEquals(Optional.of("90356005"), release2019.vtmOf("347209005"));
        assertTrue(release2019.vmpDetail("347209005").isPresent());
    }

    // --- subsumption -------------------------------------------------------------------------

    @Test
    void subsumesFollowsTheHierarchyDownwardsOnly() {
        // Given the co-amilofruse chain
        String vtm = COAMILOFRUSE_VTM;
        String vmp = "318136009";
        String otherVmp = "318135008";
        String amp = "37365811000001102";
        String vmpp = "1245011000001108";
        String ampp = "37365911000001107";

        // When / Then: reflexive, ancestors subsume descendants
        assertTrue(coamilofruse.subsumes(ampp, ampp));
        for (String ancestor : List.of(vtm, vmp, amp, vmpp)) {
            assertTrue(coamilofruse.subsumes(ancestor, ampp), ancestor);
        }
        assertTrue(coamilofruse.subsumes(vtm, vmp));
        assertTrue(coamilofruse.subsumes(vtm, otherVmp));
        assertTrue(coamilofruse.subsumes(vmp, amp));
        assertTrue(coamilofruse.subsumes(vmp, vmpp));
        // not upwards, not between siblings
        assertFalse(coamilofruse.subsumes(ampp, amp));
        assertFalse(coamilofruse.subsumes(vmp, vtm));
        assertFalse(coamilofruse.subsumes(otherVmp, amp));
        assertFalse(coamilofruse.subsumes(vmp, otherVmp));
        assertFalse(coamilofruse.subsumes(amp, vmpp));
        assertFalse(coamilofruse.subsumes(vmpp, amp));
        // unknown and null
        assertTrue(coamilofruse.subsumes("999999999", "999999999"));
        assertFalse(coamilofruse.subsumes(vtm, "999999999"));
        assertFalse(coamilofruse.subsumes("999999999", vtm));
        assertFalse(coamilofruse.subsumes(null, vtm));
        assertFalse(coamilofruse.subsumes(vtm, null));
    }

    // --- systems and unknown codes -----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"https://dmd.nhs.uk", "https://dmd.nhs.uk/", "http://snomed.info/sct"})
    void theThreeDmdSystemUrisAreOneSystem(String system) {
        assertTrue(Dmd.isDmdSystem(system));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "http://dmd.nhs.uk",
                "https://dmd.nhs.uk//",
                "HTTPS://DMD.NHS.UK",
                "http://snomed.info/sct/999000011000000103",
                "https://snomed.info/sct",
                "urn:oid:2.16.840.1.113883.2.1.3.2.4.15"
            })
    void otherSystemsAreNotDmd(String system) {
        assertFalse(Dmd.isDmdSystem(system));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "0",
                "123",
                "not-a-code",
                "11111111111111111111111",
                " 34186711000001102",
                "34186711000001103"
            })
    void anUnknownCodeAnswersEmptyAndIsNeverAnError(String code) {
        // Given a code the release does not know
        // When / Then every question answers empty, and the code stays as it is
        assertEquals(Optional.empty(), coamilofruse.lookup(code));
        assertEquals(Optional.empty(), coamilofruse.levelOf(code));
        assertEquals(code, coamilofruse.currentCode(code));
        assertEquals(Optional.empty(), coamilofruse.vmpOf(code));
        assertEquals(Optional.empty(), coamilofruse.vtmOf(code));
        assertEquals(List.of(), coamilofruse.ancestors(code));
        assertEquals(Optional.empty(), coamilofruse.vmpDetail(code));
        assertEquals(Optional.empty(), coamilofruse.bnfCode(code));
        assertEquals(Optional.empty(), coamilofruse.atcCode(code));
    }

    @Test
    void aVmpWithoutVtmHasNoVtmAndNoAncestors() {
        // Given Generic Nutrison liquid, a VMP without VTMID in the 2019 file
        Map<String, String> nutrison = DmdTestFiles.records(DmdTestFiles.file(SUBSET_2019, "f_vmp2_"), "VMP").stream()
                .filter(r -> r.get("NM").equals("Generic Nutrison liquid"))
                .findFirst()
                .orElseThrow();
        assertNull(nutrison.get("VTMID"));
        String vmp = nutrison.get("VPID");

        // When / Then
        assertEquals(Optional.empty(), release2019.vtmOf(vmp));
        assertEquals(Optional.of(vmp), release2019.vmpOf(vmp));
        assertEquals(List.of(), release2019.ancestors(vmp));
        // and its AMPs reach the VMP but no VTM
        String amp = DmdTestFiles.records(DmdTestFiles.file(SUBSET_2019, "f_amp2_"), "AMP").stream()
                .filter(r -> r.get("VPID").equals(vmp))
                .findFirst()
                .orElseThrow()
                .get("APID");
        assertEquals(Optional.of(vmp), release2019.vmpOf(amp));
        assertEquals(Optional.empty(), release2019.vtmOf(amp));
        assertEquals(List.of(vmp), ids(release2019.ancestors(amp)));
    }

    @Test
    void anInvalidConceptIsStillKnownAndFlagged() {
        // Given a VTM flagged INVALID in the 2019 file
        Map<String, String> row = DmdTestFiles.records(DmdTestFiles.file(SUBSET_2019, "f_vtm2_"), "VTM").stream()
                .filter(r -> "1".equals(r.get("INVALID")))
                .findFirst()
                .orElseThrow();

        // When it is looked up / Then it is there, flagged invalid
        DmdConcept vtm = release2019.lookup(row.get("VTMID")).orElseThrow();
        assertTrue(vtm.invalid());
        assertEquals(row.get("NM"), vtm.name());
    }

    // --- VMP detail --------------------------------------------------------------------------

    @Test
    void vmpDetailMatchesTheXmlForEveryVmpOfThe2019Subset() {
        // Given the VMP, lookup and ingredient files, read independently
        Path vmpFile = DmdTestFiles.file(SUBSET_2019, "f_vmp2_");
        Path lookupFile = DmdTestFiles.file(SUBSET_2019, "f_lookup2_");
        Map<String, String> forms = DmdTestFiles.lookupTable(lookupFile, "FORM");
        Map<String, String> routes = DmdTestFiles.lookupTable(lookupFile, "ROUTE");
        Map<String, String> units = DmdTestFiles.lookupTable(lookupFile, "UNIT_OF_MEASURE");
        Map<String, String> ingredients =
                index(DmdTestFiles.records(DmdTestFiles.file(SUBSET_2019, "f_ingredient2_"), "ING"), "ISID", "NM");
        List<Map<String, String>> vpis = DmdTestFiles.records(vmpFile, "VPI");
        List<Map<String, String>> dforms = DmdTestFiles.records(vmpFile, "DFORM");
        List<Map<String, String>> droutes = DmdTestFiles.records(vmpFile, "DROUTE");

        for (Map<String, String> vmp : DmdTestFiles.records(vmpFile, "VMP")) {
            String vmpId = vmp.get("VPID");
            // When its detail is asked for
            VmpDetail detail = release2019.vmpDetail(vmpId).orElseThrow();

            // Then form, routes and ingredients are those of the XML, with names from the lookups
            String formCode = dforms.stream()
                    .filter(r -> r.get("VPID").equals(vmpId))
                    .map(r -> r.get("FORMCD"))
                    .findFirst()
                    .orElse(null);
            assertEquals(formCode, detail.formCode());
            assertEquals(forms.get(formCode), detail.formName());
            List<String> routeCodes = droutes.stream()
                    .filter(r -> r.get("VPID").equals(vmpId))
                    .map(r -> r.get("ROUTECD"))
                    .toList();
            assertEquals(routeCodes, detail.routeCodes());
            assertEquals(routeCodes.stream().map(routes::get).toList(), detail.routeNames());
            List<Map<String, String>> vmpVpis =
                    vpis.stream().filter(r -> r.get("VPID").equals(vmpId)).toList();
            assertEquals(vmpVpis.size(), detail.ingredients().size());
            for (int i = 0; i < vmpVpis.size(); i++) {
                Map<String, String> vpi = vmpVpis.get(i);
                VmpIngredient ingredient = detail.ingredients().get(i);
                assertEquals(vpi.get("ISID"), ingredient.ingredientId());
                assertEquals(ingredients.get(vpi.get("ISID")), ingredient.ingredientName());
                assertEquals(decimal(vpi.get("STRNT_NMRTR_VAL")), ingredient.numeratorValue());
                assertEquals(units.get(vpi.get("STRNT_NMRTR_UOMCD")), ingredient.numeratorUnitName());
                assertEquals(decimal(vpi.get("STRNT_DNMTR_VAL")), ingredient.denominatorValue());
                assertEquals(units.get(vpi.get("STRNT_DNMTR_UOMCD")), ingredient.denominatorUnitName());
            }
        }
    }

    @Test
    void adenosineInjectionIsThreeMgPerMlIntravenousSolutionForInjection() {
        // Given Adenosine 6mg/2ml solution for injection vials (35894711000001106)
        // When its detail is asked for
        VmpDetail detail = release2019.vmpDetail("35894711000001106").orElseThrow();

        // Then (as the 2019 VMP and lookup files say)
        assertEquals("385219001", detail.formCode());
        assertEquals("Solution for injection", detail.formName());
        assertEquals(List.of(new VmpDetail.Route("47625008", "Intravenous")), detail.routes());
        VmpIngredient adenosine = detail.ingredients().get(0);
        assertEquals("35431001", adenosine.ingredientId());
        assertEquals("Adenosine", adenosine.ingredientName());
        assertEquals("3 mg/1 ml", adenosine.strengthText());
        // and the detail is for VMPs only
        assertEquals(Optional.empty(), release2019.vmpDetail("4744411000001104"));
    }

    @Test
    void diclofenacGelIsTwentyThreePointTwoMgPerGramTransdermal() {
        // Given Diclofenac 2.32% gel (22480211000001104) / When / Then
        VmpDetail detail = release2019.vmpDetail("22480211000001104").orElseThrow();
        assertEquals("Gel", detail.formName());
        assertEquals(List.of("Transdermal"), detail.routeNames());
        assertEquals(new BigDecimal("23.2"), detail.ingredients().get(0).numeratorValue());
        assertEquals("23.2 mg/1 gram", detail.ingredients().get(0).strengthText());
    }

    @Test
    void aVmpWithoutDetailRowsHasAnEmptyDetail() {
        // Given co-amilofruse 2.5mg/20mg tablets (318135008), which has no VPI/DFORM/DROUTE rows
        // When / Then
        VmpDetail detail = coamilofruse.vmpDetail("318135008").orElseThrow();
        assertNull(detail.formCode());
        assertEquals(List.of(), detail.routes());
        assertEquals(List.of(), detail.ingredients());
        // while its sibling has them, without a denominator
        VmpIngredient amiloride =
                coamilofruse.vmpDetail("318136009").orElseThrow().ingredients().get(0);
        assertFalse(amiloride.hasDenominator());
        assertEquals("5 mg", amiloride.strengthText());
    }

    @Test
    void bnfAndAtcCodesAnswerFromTheBnfFile() {
        // Given the co-amilofruse BNF file / When / Then
        assertEquals(Optional.of("02020400"), coamilofruse.bnfCode("318136009"));
        assertEquals(Optional.of("C03EB01"), coamilofruse.atcCode("318136009"));
        assertEquals(Optional.empty(), coamilofruse.bnfCode("318135008"));
    }

    // --- previous-id chains ------------------------------------------------------------------

    @Test
    void chainsOfPreviousIdsAreFollowedToTheEnd() {
        // Given A was replaced by B, and B by C
        DmdRelease release = DmdRelease.builder("test")
                .concept(DmdConcept.vtm("C", "Moiety", false, "B"))
                .previousId("A", "B")
                .build();
        Dmd dmd = DmdIndex.of(release);

        // When / Then A and B both resolve to C
        assertEquals("C", dmd.currentCode("A"));
        assertEquals("C", dmd.currentCode("B"));
        assertEquals("C", dmd.lookup("A").orElseThrow().id());
        assertTrue(dmd.subsumes("A", "C"));
    }

    @Test
    void aCycleOfPreviousIdsIsBrokenWithoutHanging() {
        // Given X → Y → Z → X (corrupt history) and a concept Y
        DmdRelease release = DmdRelease.builder("test")
                .concept(DmdConcept.vtm("Y", "Moiety", false, null))
                .previousId("X", "Y")
                .previousId("Y", "Z")
                .previousId("Z", "X")
                .build();
        Dmd dmd = DmdIndex.of(release);

        // When / Then codes in the cycle answer unchanged, and Y is still Y
        assertEquals("X", dmd.currentCode("X"));
        assertEquals("Y", dmd.currentCode("Y"));
        assertEquals("Y", dmd.lookup("Y").orElseThrow().id());
        assertEquals(Optional.empty(), dmd.lookup("X"));
    }

    @Test
    void parentsWrittenWithRetiredIdsAreNavigatedThroughTheirCurrentIds() {
        // Given an old AMP whose VMP id has since been replaced
        DmdRelease release = DmdRelease.builder("test")
                .concept(DmdConcept.vtm("T", "Moiety", false, null))
                .concept(DmdConcept.vmp("V2", "Product", false, "V1", "T"))
                .concept(DmdConcept.amp("A", "Brand", false, "V1"))
                .build();
        Dmd dmd = DmdIndex.of(release);

        // When / Then the AMP reaches the current VMP and its VTM
        assertEquals(Optional.of("V2"), dmd.vmpOf("A"));
        assertEquals(Optional.of("T"), dmd.vtmOf("A"));
        assertEquals(List.of("V2", "T"), ids(dmd.ancestors("A")));
        assertTrue(dmd.subsumes("V1", "A"));
    }

    // --- merged releases ---------------------------------------------------------------------

    @Test
    void aMergedReleaseAnswersForBothReleases() {
        // Given the 2019 subset with the 2021 co-amilofruse release laid over it
        Dmd merged = DmdIndex.of(DmdTestFiles.release(SUBSET_2019).mergedWith(DmdTestFiles.release(COAMILOFRUSE_2021)));

        // When / Then a 2019-only product still resolves, and so does the 2021 chain
        assertEquals(Optional.of("32889211000001103"), merged.vtmOf("22480211000001104"));
        assertEquals(Optional.of(COAMILOFRUSE_VTM), merged.vtmOf("8968011000001101"));
        assertEquals(COAMILOFRUSE_VTM, merged.currentCode(COAMILOFRUSE_VTM_PREVIOUS));
        assertEquals("3260821", merged.releaseId());
    }

    // --- helpers -----------------------------------------------------------------------------

    private static List<String> ids(List<DmdConcept> concepts) {
        return concepts.stream().map(DmdConcept::id).toList();
    }

    private static Map<String, String> index(List<Map<String, String>> rows, String key, String value) {
        Map<String, String> map = new java.util.HashMap<>();
        for (Map<String, String> row : rows) {
            if (row.get(value) != null) {
                map.put(row.get(key), row.get(value));
            }
        }
        return map;
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
