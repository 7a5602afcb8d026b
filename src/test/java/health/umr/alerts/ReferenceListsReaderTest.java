package health.umr.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading refuses a broken file whole, naming the file and the line. */
class ReferenceListsReaderTest {

    private static final String TC_HEAD = "# title: test\n# version: 2026-11-22.1\n# source: a test\n"
            + "vtm_id,vtm_name,class,applies_to,due_within,reason,source\n";
    private static final String ACB_HEAD =
            "# version: 2026-11-22.1\n# source: a test\n" + "vtm_id,vtm_name,acb_score,scale,source_name,note\n";
    private static final String DUP_HEAD = "# version: 2026-11-22.1\n# source: a test\n"
            + "class,class_name,severity,vtm_id,vtm_name,role,applies_to,advice,source\n";
    private static final String SUB_HEAD = "# version: 2026-11-22.1\n# source: a test\n"
            + "vtm_id,vtm_name,substitute_vtm_id,substitute_vtm_name,applies_to,reason,source\n";
    private static final String NAMES_HEAD =
            "# version: 2026-11-22.1\n# source: a test\n" + "name,vtm_id,vtm_name,source\n";

    @TempDir
    Path dir;

    @BeforeEach
    void copyBundledFiles() throws IOException {
        for (String name : ReferenceTestFiles.FILES) {
            try (InputStream in = getClass().getResourceAsStream("/reference/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
    }

    private void write(String fileName, String text) throws IOException {
        Files.writeString(dir.resolve(fileName), text, StandardCharsets.UTF_8);
    }

    /** A time-critical file of its own, with empty substitute and name lists (they refer to it). */
    private void writeTimeCritical(String text) throws IOException {
        write(ReferenceListsReader.TIME_CRITICAL, text);
        write(ReferenceListsReader.SUBSTITUTES, SUB_HEAD);
        write(ReferenceListsReader.NAMES, NAMES_HEAD);
    }

    private ReferenceDataException refused() {
        return assertThrows(ReferenceDataException.class, () -> new ReferenceListsReader().read(dir));
    }

    @Test
    void aFolderWithTheBundledFilesReadsLikeTheClasspath() {
        ReferenceLists fromFolder = new ReferenceListsReader().read(dir);
        ReferenceLists fromClasspath = ReferenceLists.fromClasspath();
        assertEquals(fromClasspath.acbScores(), fromFolder.acbScores());
        assertEquals(fromClasspath.timeCriticalMedicines(), fromFolder.timeCriticalMedicines());
        assertEquals(fromClasspath.duplicationClasses(), fromFolder.duplicationClasses());
        assertEquals(fromClasspath.version(), fromFolder.version());
    }

    @Test
    void commentsAnywhereAndQuotedFieldsAreRead() throws IOException {
        writeTimeCritical(
                TC_HEAD
                        + "# a comment between rows\n"
                        + "\n"
                        + "404830004,Co-careldopa,parkinsons,systemic,PT30M,\"late doses: rigidity, falls; \"\"on time\"\" = 30 min\",X\n");
        ReferenceLists lists = new ReferenceListsReader().read(dir);
        assertEquals(
                "late doses: rigidity, falls; \"on time\" = 30 min",
                lists.timeCritical("404830004").orElseThrow().reason());
        assertEquals(1, lists.timeCriticalMedicines().size());
        assertEquals(
                java.time.Duration.ofMinutes(30),
                lists.timeCritical("404830004").orElseThrow().dueWithin());
        assertEquals("test", lists.timeCriticalFile().title());
        assertEquals(List.of("a test"), lists.timeCriticalFile().sources());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "too few fields                 | 404830004,Co-careldopa,parkinsons,systemic,PT30M,late                | 6 fields, expected 7",
                "too many fields                | 404830004,Co-careldopa,parkinsons,systemic,PT30M,late,X,extra        | 8 fields, expected 7",
                "id with a bad check digit      | 404830005,Co-careldopa,parkinsons,systemic,PT30M,late,X              | not a SNOMED CT concept id",
                "id that is not a number        | co-careldopa,Co-careldopa,parkinsons,systemic,PT30M,late,X           | not a SNOMED CT concept id",
                "empty name                     | 404830004,,parkinsons,systemic,PT30M,late,X                           | vtm_name is empty",
                "class with capitals            | 404830004,Co-careldopa,Parkinsons,systemic,PT30M,late,X              | must be lower-case",
                "unclosed quote                 | 404830004,Co-careldopa,parkinsons,systemic,PT30M,\"late,X            | is not closed",
                "quote inside a field           | 404830004,Co\"careldopa,parkinsons,systemic,PT30M,late,X             | quote inside an unquoted field",
                "unknown applies_to word        | 404830004,Co-careldopa,parkinsons,systemic;eyes,PT30M,late,X         | unknown applies_to word 'eyes'",
                "applies_to with no route       | 404830004,Co-careldopa,parkinsons,not-line-flush,PT30M,late,X        | names no route",
                "due_within not a duration      | 404830004,Co-careldopa,parkinsons,systemic,30 minutes,late,X         | not an ISO 8601 duration",
            })
    void aMalformedTimeCriticalRowIsRefusedWithFileAndLine(String what, String row, String expected)
            throws IOException {
        writeTimeCritical(TC_HEAD + "15383004,Levodopa,parkinsons,systemic,PT30M,late,X\n" + row.strip() + "\n");
        ReferenceDataException e = refused();
        assertTrue(e.getMessage().startsWith("time-critical-medicines.csv line 6: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aVtmListedTwiceIsRefused() throws IOException {
        writeTimeCritical(TC_HEAD
                + "15383004,Levodopa,parkinsons,systemic,PT30M,late,X\n"
                + "15383004,Levodopa,parkinsons,systemic,PT30M,late again,X\n");
        assertEquals(
                "time-critical-medicines.csv line 6: VTM 15383004 is listed twice",
                refused().getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "score not a number       | 40589005,Amitriptyline,three,ACB,amitriptyline,n | is not a whole number",
                "score above 3            | 40589005,Amitriptyline,4,ACB,amitriptyline,n     | outside 1..3",
                "score 0                  | 40589005,Amitriptyline,0,ACBcalc,amitriptyline,n | outside 1..3",
                "unknown scale            | 40589005,Amitriptyline,3,Beers,amitriptyline,n   | unknown scale 'Beers'",
            })
    void aMalformedAcbRowIsRefusedWithFileAndLine(String what, String row, String expected) throws IOException {
        write(ReferenceListsReader.ACB, ACB_HEAD + row.strip() + "\n");
        ReferenceDataException e = refused();
        assertTrue(e.getMessage().startsWith("anticholinergic-burden.csv line 4: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aCombinationMayScoreAboveThree() throws IOException {
        write(
                ReferenceListsReader.ACB,
                ACB_HEAD + "421323008,Amitriptyline + Perphenazine,6,sum-of-components,amitriptyline;perphenazine,n\n");
        assertEquals(6, new ReferenceListsReader().read(dir).acbScore("421323008"));
    }

    @Test
    void aVtmTwiceInOneDuplicationClassIsRefusedButTwoClassesAreFine() throws IOException {
        write(
                ReferenceListsReader.DUPLICATION,
                DUP_HEAD
                        + "ppi,PPIs,low,18246011000001105,Naproxen + Esomeprazole,anchor,systemic,a,x\n"
                        + "nsaid,NSAIDs,moderate,18246011000001105,Naproxen + Esomeprazole,anchor,systemic,a,x\n");
        assertEquals(
                Set.of("nsaid", "ppi"), new ReferenceListsReader().read(dir).duplicationClassesOf("18246011000001105"));
        write(
                ReferenceListsReader.DUPLICATION,
                DUP_HEAD
                        + "ppi,PPIs,low,25673006,Omeprazole,anchor,systemic,a,x\n"
                        + "ppi,PPIs,low,25673006,Omeprazole,anchor,systemic,a,x\n");
        assertEquals(
                "duplication-classes.csv line 5: VTM 25673006 is listed twice in class ppi",
                refused().getMessage());
    }

    @Test
    void oneClassWithTwoNamesIsRefused() throws IOException {
        write(
                ReferenceListsReader.DUPLICATION,
                DUP_HEAD
                        + "ppi,PPIs,low,25673006,Omeprazole,anchor,systemic,a,x\n"
                        + "ppi,Proton pump inhibitors,low,108666007,Lansoprazole,anchor,systemic,a,x\n");
        assertTrue(refused().getMessage().startsWith("duplication-classes.csv line 5: class ppi has another name"));
    }

    @Test
    void aClassWithoutAnAnchor_orAnUnknownSeverityOrRole_isRefused() throws IOException {
        write(
                ReferenceListsReader.DUPLICATION,
                DUP_HEAD
                        + "ppi,PPIs,low,25673006,Omeprazole,member,systemic,a,x\n"
                        + "ppi,PPIs,low,108666007,Lansoprazole,member,systemic,a,x\n");
        assertEquals(
                "duplication-classes.csv: class ppi has no anchor", refused().getMessage());
        write(ReferenceListsReader.DUPLICATION, DUP_HEAD + "ppi,PPIs,severe,25673006,Omeprazole,anchor,systemic,a,x\n");
        assertTrue(refused().getMessage().contains("severity 'severe' is not high, moderate or low"));
        write(ReferenceListsReader.DUPLICATION, DUP_HEAD + "ppi,PPIs,low,25673006,Omeprazole,leader,systemic,a,x\n");
        assertTrue(refused().getMessage().contains("role 'leader' is not anchor or member"));
    }

    @Test
    void aSubstituteOfAMedicineThatIsNotTimeCritical_isRefused() throws IOException {
        write(
                ReferenceListsReader.SUBSTITUTES,
                SUB_HEAD + "25673006,Omeprazole,108666007,Lansoprazole,systemic,why,x\n");
        assertEquals(
                "time-critical-substitutes.csv line 4: VTM 25673006 has a substitute but is not a time-critical medicine",
                refused().getMessage());
    }

    @Test
    void aRecognisedNameOfAVtmInNoList_orGivenTwice_isRefused() throws IOException {
        write(ReferenceListsReader.NAMES, NAMES_HEAD + "Losec,25673006,Omeprazole,x\n");
        assertTrue(refused().getMessage().contains("names VTM 25673006, which is in no list"));
        write(
                ReferenceListsReader.NAMES,
                NAMES_HEAD + "Epilim,10049011000001109,Sodium valproate,x\n"
                        + "EPILIM,10049011000001109,Sodium valproate,x\n");
        assertTrue(refused().getMessage().contains("name 'EPILIM' is listed twice"));
    }

    @Test
    void aFileWithoutVersionIsRefused() throws IOException {
        write(ReferenceListsReader.ACB, "# source: a test\nvtm_id,vtm_name,acb_score,scale,source_name,note\n");
        assertEquals(
                "anticholinergic-burden.csv: no '# version:' line", refused().getMessage());
    }

    @Test
    void aFileWithoutSourceIsRefused() throws IOException {
        write(ReferenceListsReader.ACB, "# version: 2026-11-22.1\nvtm_id,vtm_name,acb_score,scale,source_name,note\n");
        assertEquals(
                "anticholinergic-burden.csv: no '# source:' line", refused().getMessage());
    }

    @Test
    void aBadVersionIsRefused() throws IOException {
        write(
                ReferenceListsReader.ACB,
                "# version: latest\n# source: x\nvtm_id,vtm_name,acb_score,scale,source_name,note\n");
        assertTrue(refused().getMessage().startsWith("anticholinergic-burden.csv line 1: version 'latest'"));
    }

    @Test
    void aWrongHeaderIsRefused() throws IOException {
        write(ReferenceListsReader.DUPLICATION, "# version: 2026-11-22.1\n# source: x\nclass,vtm_id,vtm_name\n");
        assertTrue(
                refused().getMessage().startsWith("duplication-classes.csv line 3: header [class, vtm_id, vtm_name]"));
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws IOException {
        byte[] head = TC_HEAD.getBytes(StandardCharsets.UTF_8);
        byte[] row = "15383004,L\u00e9vodopa,parkinsons,systemic,PT30M,late,X\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + row.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(row, 0, all, head.length, row.length);
        Files.write(dir.resolve(ReferenceListsReader.TIME_CRITICAL), all);
        assertTrue(refused().getMessage().contains("not valid UTF-8"));
    }

    @Test
    void aMissingFileIsRefusedByName() throws IOException {
        Files.delete(dir.resolve(ReferenceListsReader.DUPLICATION));
        assertTrue(refused().getMessage().startsWith("duplication-classes.csv: not found in "));
    }
}
