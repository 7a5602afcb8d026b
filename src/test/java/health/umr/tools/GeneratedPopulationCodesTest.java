package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import health.umr.dmd.DmdIndex;
import health.umr.dmd.DmdRelease;
import health.umr.dmd.DmdReleaseReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic population against the service's own dm+d release (so it lives in the service's
 * tests, not the tools'): valid FHIR R4, and every code one the bundled release knows.
 */
class GeneratedPopulationCodesTest {

    private static final Pattern DMD_CODING =
            Pattern.compile("\"system\":\"(?:https://dmd\\.nhs\\.uk|http://snomed\\.info/sct)\",\"code\":\"(\\d+)\"");
    private static final String TRANSFER_DEGRADED = "196421000000109";

    private static DmdIndex bundledDmd;

    @BeforeAll
    static void loadTheBundledRelease() {
        DmdReleaseReader reader = new DmdReleaseReader();
        DmdRelease merged = null;
        for (String name : List.of("nhsbsa-2019-04-01-subset.zip", "nhsbsa-2021-08-26-coamilofruse.zip")) {
            DmdRelease release = reader.readZip(Path.of("src/main/resources/dmd", name));
            merged = merged == null ? release : merged.mergedWith(release);
        }
        bundledDmd = DmdIndex.of(merged);
    }

    @Test
    void everyLineIsFhirR4_andEveryDmdCodeIsInTheReleaseUmrBundles(@TempDir Path dir) throws IOException {
        generate(dir, 400, 3);
        IParser parser = FhirContext.forR4Cached().newJsonParser();
        List<String> unknown = new ArrayList<>();
        int lines = 0;
        for (String file : SyntheticSource.FILES) {
            for (String line : Files.readAllLines(dir.resolve(file))) {
                IBaseResource resource = parser.parseResource(line);
                assertTrue(
                        List.of("Bundle", "MedicationStatement", "MedicationRequest", "Encounter", "Patient")
                                .contains(resource.fhirType()),
                        file + ": " + resource.fhirType());
                Matcher coding = DMD_CODING.matcher(line);
                while (coding.find()) {
                    String code = coding.group(1);
                    if (!code.equals(TRANSFER_DEGRADED)
                            && bundledDmd.lookup(code).isEmpty()) {
                        unknown.add(file + " " + code);
                    }
                }
                lines++;
            }
        }
        assertTrue(lines > 400, "lines written: " + lines);
        assertEquals(List.of(), unknown, "codes the bundled dm+d does not know");
    }

    @Test
    void everyMedicineAndProductOfTheFormularyIsInTheReleaseItCites() {
        Formulary formulary = Formulary.load();
        for (Formulary.Medicine medicine : formulary.medicines()) {
            assertTrue(bundledDmd.lookup(medicine.code()).isPresent(), medicine.name() + " " + medicine.code());
        }
        for (Formulary.Product product : formulary.allProducts()) {
            // a product without a VTM (an enteral feed, say) still has its VMP
            if (product.vtmId().isBlank()) {
                assertEquals(Optional.of(product.vmpId()), bundledDmd.vmpOf(product.code()), product.name());
            } else {
                assertEquals(Optional.of(product.vtmId()), bundledDmd.vtmOf(product.code()), product.name());
            }
        }
    }

    private static void generate(Path dir, int patients, long seed) {
        new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(
                        patients, seed, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
    }
}
