package health.umr.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The patients {@code bench-load read} reads: only those some source sends, so none is a 404 by design. */
class ReadPatientsTest {

    private static final Pattern NHS = Pattern.compile("nhs-number\",\"value\":\"(\\d{10})\"");

    @Test
    void everyPatientRead_isInSomeLine_andEveryPatientInALineIsRead(@TempDir Path dir) throws IOException {
        new PopulationGenerator(Formulary.load())
                .generate(new PopulationGenerator.Options(3_000, 11, dir, PopulationGenerator.Options.DEFAULT_AS_OF));
        Set<String> sent = new HashSet<>();
        for (String file : SyntheticSource.FILES) {
            Path path = dir.resolve(file);
            if (file.endsWith(".ndjson") && Files.exists(path)) {
                Matcher nhs = NHS.matcher(Files.readString(path));
                while (nhs.find()) {
                    sent.add(nhs.group(1));
                }
            }
        }
        List<String> read = BenchLoadCommand.patientsWithRecords(dir.resolve("patients.csv"));
        assertFalse(read.isEmpty());
        assertTrue(sent.containsAll(read), "a patient read is in no line");
        // and the pick leaves out no patient with a medicine that a source sends
        long medicated = Files.readAllLines(dir.resolve("patients.csv")).stream()
                .skip(1)
                .filter(line -> !line.split(",", -1)[4].equals("0"))
                .count();
        assertTrue(read.size() < medicated, "this population has medicated patients no source sends");
        Set<String> readSet = new HashSet<>(read);
        long sentMedicated = Files.readAllLines(dir.resolve("patients.csv")).stream()
                .skip(1)
                .map(line -> line.split(",", -1))
                .filter(row -> !row[4].equals("0") && sent.contains(row[0]))
                .count();
        assertEquals(sentMedicated, readSet.size());
    }

    @Test
    void growRecordsFile_isReadWhole(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("scaled.csv");
        Files.writeString(csv, "nhs_number,medicines\n9700000001,3\n9700000002,0\n9700000003,1\n");
        assertEquals(List.of("9700000001", "9700000003"), BenchLoadCommand.patientsWithRecords(csv));
    }
}
