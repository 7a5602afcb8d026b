package health.umr.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** High-risk medicines named in text (reference/medicine-names.csv): whole words, longest name first. */
class MedicineNamesTest {

    private final MedicineNames names = AlertFixtures.lists().names();

    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Epilim Chrono 500mg                      | Sodium valproate",
                "EPILIM CHRONO 200 MG TABLETS             | Sodium valproate",
                "Depakote 250mg gastro-resistant tablets   | Valproic acid",
                "sodium valproate 200mg e/c tablets       | Sodium valproate",
                "Sinemet CR                               | Co-careldopa",
                "Madopar dispersible 62.5mg               | Co-beneldopa",
                "Co-careldopa 12.5mg/50mg tablets         | Co-careldopa",
                "carbidopa/levodopa 25/100                | Co-careldopa",
                "Stalevo 100/25/200                        | Levodopa + Carbidopa + Entacapone",
                "Levodopa/Carbidopa/Entacapone             | Levodopa + Carbidopa + Entacapone",
                "Lantus SoloStar                          | Insulin glargine",
                "Humulin I KwikPen                        | Insulin isophane human",
                "Clozaril 100mg                           | Clozapine",
                "Triumeq tablets                          | Abacavir + Lamivudine + Dolutegravir",
                "Keppra 500mg                             | Levetiracetam",
            })
    void recognised(String text, String vtmName) {
        assertEquals(vtmName, names.recognise(text).orElseThrow().vtmName());
    }

    @ParameterizedTest(name = "''{0}'' is not recognised")
    @CsvSource(
            delimiter = '|',
            value = {
                "Paracetamol 500mg tablets",
                "Heparinoid cream",
                "Epilimx", // a word must match whole
                "Insulin syringes 0.5ml",
                "Levothyroxine 25 micrograms",
            })
    void notRecognised(String text) {
        assertEquals(Optional.empty(), names.recognise(text));
    }
}
