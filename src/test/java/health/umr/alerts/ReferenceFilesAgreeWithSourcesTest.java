package health.umr.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ACB scores agree with the published scales they cite (test copies in
 * src/test/resources/acb, see SOURCES.md): the ACB scale (Boustani, column Boustani2008 of
 * ACB_table.csv) and the UK ACB calculator (ACBcalc.csv), under the file's stated policy.
 */
class ReferenceFilesAgreeWithSourcesTest {

    /** Normalised name → scores listed under it (several where a name repeats). */
    private static Map<String, List<Integer>> scale(String resource, String nameColumn, String scoreColumn) {
        Map<String, List<Integer>> out = new HashMap<>();
        try (InputStream in = ReferenceFilesAgreeWithSourcesTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not found");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> header = List.of(r.readLine().split(",", -1));
            int name = header.indexOf(nameColumn);
            int score = header.indexOf(scoreColumn);
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", -1);
                if (f.length > score && !f[score].isBlank()) {
                    out.computeIfAbsent(norm(f[name]), k -> new ArrayList<>()).add(Integer.parseInt(f[score].trim()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String norm(String s) {
        return String.join(" ", s.strip().toLowerCase(Locale.ROOT).split("\\s+"));
    }

    private static final Map<String, List<Integer>> BOUSTANI = scale("/acb/ACB_table.csv", "Name", "Boustani2008");
    private static final Map<String, List<Integer>> ACBCALC = scale("/acb/ACBcalc.csv", "Name", "Score");

    @Test
    void everySingleScaleScoreIsTheScoreItsScaleColumnNames() {
        ReferenceListsReader.Table t = ReferenceTestFiles.table(ReferenceListsReader.ACB);
        List<String> problems = new ArrayList<>();
        for (ReferenceListsReader.Row r : t.rows()) {
            int score = Integer.parseInt(r.fields().get(2));
            String scale = r.fields().get(3);
            List<Integer> b = new ArrayList<>();
            List<Integer> c = new ArrayList<>();
            for (String n : r.fields().get(4).split(";")) {
                b.addAll(BOUSTANI.getOrDefault(n, List.of()));
                c.addAll(ACBCALC.getOrDefault(n, List.of()));
            }
            String where = "line " + r.line() + " " + r.fields().get(1) + " (" + scale + " " + score + ", ACB " + b
                    + ", ACBcalc " + c + ")";
            boolean ok = switch (scale) {
                case "ACB+ACBcalc" -> !b.isEmpty() && b.stream().allMatch(s -> s == score) && c.contains(score);
                // the higher score is kept where the scales disagree
                case "ACBcalc" -> c.contains(score) && b.stream().allMatch(x -> x <= score);
                case "ACB" -> b.contains(score) && c.stream().allMatch(x -> x < score);
                case "sum-of-components" ->
                    score >= 1
                            && (r.fields().get(1).contains(" + ")
                                    || r.fields().get(1).startsWith("Co-"));
                default -> false;
            };
            if (!ok) {
                problems.add(where);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theHigherScoreIsKeptWhereTheScalesDisagree() {
        ReferenceLists lists = ReferenceLists.fromClasspath();
        // ACB scale 1, ACBcalc 2 in the source tables
        assertEquals(List.of(1), BOUSTANI.get("haloperidol"));
        assertEquals(List.of(2), ACBCALC.get("haloperidol"));
        assertEquals(2, lists.acbScore("10756001"), "haloperidol");
        assertEquals(List.of(1), BOUSTANI.get("cimetidine"));
        assertEquals(2, lists.acbScore("83532008"), "cimetidine");
        // co-codamol: ACB scale 2 (as Empracet), ACBcalc 1: 2 is kept
        assertEquals(2, lists.acbScore("412556009"), "co-codamol");
        // only the calculator lists these
        assertTrue(!BOUSTANI.containsKey("levodopa") && ACBCALC.get("levodopa").equals(List.of(1)));
        assertEquals(1, lists.acbScore("15383004"), "levodopa");
        assertEquals(1, lists.acbScore("13965000"), "valproic acid");
    }

    @Test
    void everyScoredNameIsEitherMappedOrListedAsUnmapped() {
        Set<String> accounted = new HashSet<>();
        ReferenceListsReader.Table acb = ReferenceTestFiles.table(ReferenceListsReader.ACB);
        for (ReferenceListsReader.Row r : acb.rows()) {
            if (!"sum-of-components".equals(r.fields().get(3))) {
                accounted.addAll(List.of(r.fields().get(4).split(";")));
            }
        }
        for (ReferenceListsReader.Row r :
                ReferenceTestFiles.table("anticholinergic-burden-unmapped.csv").rows()) {
            accounted.add(norm(r.fields().get(0)));
        }
        Set<String> missing = new HashSet<>(BOUSTANI.keySet());
        missing.addAll(ACBCALC.keySet());
        missing.removeAll(accounted);
        assertEquals(Set.of(), missing, "names scored by a source but neither mapped nor listed as unmapped");
    }
}
