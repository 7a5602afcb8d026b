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

    private static final String TC_HEAD =
            "# title: test\n# version: 2026-11-22.1\n# source: a test\n" + "vtm_id,vtm_name,class,reason,source\n";
    private static final String ACB_HEAD =
            "# version: 2026-11-22.1\n# source: a test\n" + "vtm_id,vtm_name,acb_score,scale,source_name,note\n";
    private static final String DUP_HEAD =
            "# version: 2026-11-22.1\n# source: a test\n" + "class,class_name,vtm_id,vtm_name,source\n";

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
        write(
                ReferenceListsReader.TIME_CRITICAL,
                TC_HEAD
                        + "# a comment between rows\n"
                        + "\n"
                        + "404830004,Co-careldopa,parkinsons,\"late doses: rigidity, falls; \"\"on time\"\" = 30 min\",X\n");
        ReferenceLists lists = new ReferenceListsReader().read(dir);
        assertEquals(
                "late doses: rigidity, falls; \"on time\" = 30 min",
                lists.timeCritical("404830004").orElseThrow().reason());
        assertEquals(1, lists.timeCriticalMedicines().size());
        assertEquals("test", lists.timeCriticalFile().title());
        assertEquals(List.of("a test"), lists.timeCriticalFile().sources());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "too few fields                 | 404830004,Co-careldopa,parkinsons,late doses                  | 4 fields, expected 5",
                "too many fields                | 404830004,Co-careldopa,parkinsons,late,X,extra               | 6 fields, expected 5",
                "id with a bad check digit      | 404830005,Co-careldopa,parkinsons,late,X                     | not a SNOMED CT concept id",
                "id that is not a number        | co-careldopa,Co-careldopa,parkinsons,late,X                  | not a SNOMED CT concept id",
                "empty name                     | 404830004,,parkinsons,late,X                                  | vtm_name is empty",
                "class with capitals            | 404830004,Co-careldopa,Parkinsons,late,X                     | must be lower-case",
                "unclosed quote                 | 404830004,Co-careldopa,parkinsons,\"late,X                   | is not closed",
                "quote inside a field           | 404830004,Co\"careldopa,parkinsons,late,X                    | quote inside an unquoted field",
            })
    void aMalformedTimeCriticalRowIsRefusedWithFileAndLine(String what, String row, String expected)
            throws IOException {
        write(
                ReferenceListsReader.TIME_CRITICAL,
                TC_HEAD + "15383004,Levodopa,parkinsons,late,X\n" + row.strip() + "\n");
        ReferenceDataException e = refused();
        assertTrue(e.getMessage().startsWith("time-critical-medicines.csv line 6: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aVtmListedTwiceIsRefused() throws IOException {
        write(
                ReferenceListsReader.TIME_CRITICAL,
                TC_HEAD + "15383004,Levodopa,parkinsons,late,X\n" + "15383004,Levodopa,parkinsons,late again,X\n");
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
                        + "ppi,PPIs,18246011000001105,Naproxen + Esomeprazole,x\n"
                        + "nsaid,NSAIDs,18246011000001105,Naproxen + Esomeprazole,x\n");
        assertEquals(
                Set.of("nsaid", "ppi"), new ReferenceListsReader().read(dir).duplicationClassesOf("18246011000001105"));
        write(
                ReferenceListsReader.DUPLICATION,
                DUP_HEAD + "ppi,PPIs,25673006,Omeprazole,x\n" + "ppi,PPIs,25673006,Omeprazole,x\n");
        assertEquals(
                "duplication-classes.csv line 5: VTM 25673006 is listed twice in class ppi",
                refused().getMessage());
    }

    @Test
    void oneClassWithTwoNamesIsRefused() throws IOException {
        write(
                ReferenceListsReader.DUPLICATION,
                DUP_HEAD
                        + "ppi,PPIs,25673006,Omeprazole,x\n"
                        + "ppi,Proton pump inhibitors,108666007,Lansoprazole,x\n");
        assertTrue(refused().getMessage().startsWith("duplication-classes.csv line 5: class ppi is named"));
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
        byte[] row = "15383004,L\u00e9vodopa,parkinsons,late,X\n".getBytes(StandardCharsets.ISO_8859_1);
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
