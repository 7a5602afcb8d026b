package health.umr.dmd;

import static health.umr.dmd.DmdTestFiles.COAMILOFRUSE_2021;
import static health.umr.dmd.DmdTestFiles.SUBSET_2019;
import static health.umr.dmd.DmdTestFiles.SYNTHETIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticFixtureTest {

    private static final String SYNTHETIC_NAMESPACE = "9999999";

    /** The products the fixture exists for (the brief's list, in dm+d naming). */
    private static final List<String> EXPECTED_VMPS = List.of(
            "Co-careldopa 25mg/100mg tablets",
            "Co-careldopa 50mg/200mg modified-release tablets",
            "Sodium valproate 200mg gastro-resistant tablets",
            "Amitriptyline 10mg tablets",
            "Apixaban 5mg tablets",
            "Rivaroxaban 20mg tablets",
            "Sertraline 50mg tablets",
            "Citalopram 20mg tablets",
            "Omeprazole 20mg gastro-resistant capsules",
            "Lansoprazole 30mg gastro-resistant capsules",
            "Insulin glargine 100units/ml solution for injection 3ml pre-filled disposable devices",
            "Levetiracetam 500mg tablets",
            "Oxybutynin 5mg tablets",
            "Heparin sodium 10units/ml flush solution 5ml ampoules",
            "Heparin sodium 5,000units/ml solution for injection 1ml ampoules",
            "Buprenorphine 10micrograms/hour transdermal patches",
            "Buprenorphine 8mg sublingual tablets",
            "Prednisolone sodium phosphate 0.5% eye drops",
            "Prednisolone 5mg tablets",
            "Hydrocortisone 1% cream",
            "Hydrocortisone 10mg tablets",
            "Hydrocortisone 100mg powder for solution for injection vials",
            "Co-beneldopa 12.5mg/50mg dispersible tablets",
            "Atropine 1% eye drops",
            "Mepyramine 2% cream",
            "Methotrexate 2.5mg tablets",
            "Rotigotine 4mg/24hours transdermal patches",
            "Ibuprofen 5% gel",
            "Naproxen 500mg tablets",
            "Desmopressin 10micrograms/dose nasal spray");

    private final DmdRelease synthetic = DmdTestFiles.release(SYNTHETIC);

    @Test
    void theFixtureLoadsOnItsOwnWithTheExpectedProducts() {
        // Given / When the synthetic release is read
        // Then it holds the 30 VMPs, one AMP each, and no packs
        List<String> vmpNames = synthetic.concepts().values().stream()
                .filter(c -> c.level() == DmdLevel.VMP)
                .map(DmdConcept::name)
                .sorted()
                .toList();
        assertEquals(EXPECTED_VMPS.stream().sorted().toList(), vmpNames);
        assertEquals(EXPECTED_VMPS.size(), synthetic.count(DmdLevel.AMP));
        assertEquals(0, synthetic.count(DmdLevel.VMPP));
        assertEquals(0, synthetic.count(DmdLevel.AMPP));
        assertEquals(Optional.empty(), synthetic.releaseDate());
        Dmd dmd = DmdIndex.of(synthetic);
        for (DmdConcept vmp : vmps()) {
            long amps = synthetic.concepts().values().stream()
                    .filter(c -> c.level() == DmdLevel.AMP && vmp.id().equals(c.vmpId()))
                    .count();
            assertEquals(1, amps, vmp.name());
            assertTrue(dmd.vtmOf(vmp.id()).isPresent(), vmp.name());
        }
    }

    @Test
    void everySyntheticIdIsAValidSnomedIdInTheSyntheticNamespace() {
        // Given every id written in the synthetic VMP and AMP files, read independently
        List<String> ids = new ArrayList<>();
        for (Map<String, String> row : DmdTestFiles.records(DmdTestFiles.file(SYNTHETIC, "f_vmp2_"), "VMP")) {
            ids.add(row.get("VPID"));
        }
        for (Map<String, String> row : DmdTestFiles.records(DmdTestFiles.file(SYNTHETIC, "f_amp2_"), "AMP")) {
            ids.add(row.get("APID"));
            ids.add(row.get("SUPPCD"));
        }
        assertEquals(EXPECTED_VMPS.size() * 3, ids.size());

        for (String id : ids) {
            // When / Then each is valid, a concept id, in namespace 9999999
            assertTrue(SnomedId.isValid(id), id);
            assertTrue(SnomedId.isConceptId(id), id);
            assertEquals(Optional.of(SYNTHETIC_NAMESPACE), SnomedId.namespace(id), id);
            // and rebuilt by the README's rule from its item
            long item = Long.parseLong(id.substring(0, id.length() - 10));
            assertEquals(id, SnomedId.extensionConceptId(item, SYNTHETIC_NAMESPACE));
        }
    }

    @Test
    void noSyntheticIdIsARealId() {
        // Given the real releases
        Set<String> realIds = Set.copyOf(DmdTestFiles.release(SUBSET_2019)
                .mergedWith(DmdTestFiles.release(COAMILOFRUSE_2021))
                .concepts()
                .keySet());

        // When / Then no synthetic VMP or AMP id is among them
        for (DmdConcept concept : synthetic.concepts().values()) {
            if (concept.level() != DmdLevel.VTM) {
                assertFalse(realIds.contains(concept.id()), concept.id());
            }
        }
    }

    @Test
    void everySyntheticVmpResolvesToItsRealVtmWhenMergedOverThe2019Release() {
        // Given the real 2019 VTM file, read independently, and the fixture laid over the 2019 release
        Map<String, Map<String, String>> realVtms =
                DmdTestFiles.records(DmdTestFiles.file(SUBSET_2019, "f_vtm2_"), "VTM").stream()
                        .collect(Collectors.toMap(r -> r.get("VTMID"), r -> r));
        Dmd merged = DmdIndex.of(DmdTestFiles.release(SUBSET_2019).mergedWith(synthetic));

        for (DmdConcept vmp : vmps()) {
            // When the VMP and its AMP are resolved
            String vtmId = merged.vtmOf(vmp.id()).orElseThrow(() -> new AssertionError(vmp.name()));

            // Then the VTM is a real, valid 2019 VTM whose name starts the VMP's name
            Map<String, String> real = realVtms.get(vtmId);
            assertNotNull(real, vmp.name() + " -> " + vtmId);
            assertFalse("1".equals(real.get("INVALID")), vmp.name());
            assertTrue(
                    vmp.name().toLowerCase().startsWith(real.get("NM").toLowerCase()),
                    vmp.name() + " / " + real.get("NM"));
            String amp = synthetic.concepts().values().stream()
                    .filter(c -> c.level() == DmdLevel.AMP && vmp.id().equals(c.vmpId()))
                    .findFirst()
                    .orElseThrow()
                    .id();
            assertEquals(Optional.of(vtmId), merged.vtmOf(amp));
            assertTrue(merged.subsumes(vtmId, amp));
        }
    }

    @Test
    void theFixturesVtmsAreUnchangedCopiesOfThe2019Ones() {
        // Given the 2019 release / When the fixture's VTMs are compared / Then each is identical
        DmdRelease release2019 = DmdTestFiles.release(SUBSET_2019);
        List<DmdConcept> vtms = synthetic.concepts().values().stream()
                .filter(c -> c.level() == DmdLevel.VTM)
                .toList();
        assertEquals(24, vtms.size());
        for (DmdConcept vtm : vtms) {
            assertEquals(release2019.concept(vtm.id()), Optional.of(vtm));
        }
    }

    @Test
    void everySyntheticVmpHasFormRouteAndStrengthWithNames() {
        Dmd dmd = DmdIndex.of(synthetic);
        for (DmdConcept vmp : vmps()) {
            // Given a synthetic VMP / When its detail is read
            VmpDetail detail = dmd.vmpDetail(vmp.id()).orElseThrow();

            // Then form, route and ingredient strengths are there, named from the fixture's lookups
            assertNotNull(detail.formName(), vmp.name());
            assertTrue(vmp.name().toLowerCase().contains(firstWord(detail.formName())), vmp.name());
            assertFalse(detail.routes().isEmpty(), vmp.name());
            detail.routes().forEach(r -> assertNotNull(r.name(), vmp.name()));
            assertFalse(detail.ingredients().isEmpty(), vmp.name());
            for (VmpIngredient ingredient : detail.ingredients()) {
                assertNotNull(ingredient.ingredientName(), vmp.name());
                assertNotNull(ingredient.numeratorValue(), vmp.name());
                assertNotNull(ingredient.numeratorUnitName(), vmp.name());
            }
        }
        // e.g. insulin glargine is 100 unit/1 ml, subcutaneous
        DmdConcept insulin = vmps().stream()
                .filter(v -> v.name().startsWith("Insulin"))
                .findFirst()
                .orElseThrow();
        VmpDetail insulinDetail = dmd.vmpDetail(insulin.id()).orElseThrow();
        assertEquals("100 unit/1 ml", insulinDetail.ingredients().get(0).strengthText());
        assertEquals(List.of("Subcutaneous"), insulinDetail.routeNames());
    }

    private List<DmdConcept> vmps() {
        return synthetic.concepts().values().stream()
                .filter(c -> c.level() == DmdLevel.VMP)
                .toList();
    }

    private static String firstWord(String formName) {
        // "Gastro-resistant capsule" -> "gastro-resistant"; "Solution for injection" -> "solution"
        return formName.toLowerCase().split(" ")[0];
    }
}
