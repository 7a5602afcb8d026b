package health.umr.dmd;

import static health.umr.dmd.DmdTestFiles.COAMILOFRUSE_2021;
import static health.umr.dmd.DmdTestFiles.SUBSET_2019;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class DmdReleaseReaderTest {

    @TempDir
    Path temp;

    // --- the real 2019 release subset -------------------------------------------------------

    @Test
    void theFull2019VtmFileLoadsEveryVtmWithPreviousIdsAndInvalidFlags() {
        // Given the 2019 subset, whose VTM file is the full VTM file of that release
        List<Map<String, String>> vtmRows = DmdTestFiles.records(DmdTestFiles.file(SUBSET_2019, "f_vtm2_"), "VTM");

        // When it is read
        DmdRelease release = new DmdReleaseReader().read(DmdTestFiles.folder(SUBSET_2019));

        // Then every VTM of the file is a VTM concept (2,859 per the data README)
        assertEquals(vtmRows.size(), release.count(DmdLevel.VTM));
        assertEquals(2859, release.count(DmdLevel.VTM));
        for (Map<String, String> row : vtmRows) {
            DmdConcept vtm = release.concept(row.get("VTMID")).orElseThrow();
            assertEquals(DmdLevel.VTM, vtm.level());
            assertEquals(row.get("NM"), vtm.name());
        }
        // and every VTMIDPREV (861) maps to its current VTMID; where two VTMs name the same
        // previous id (a split), to the one whose VTMIDDT is later
        List<Map<String, String>> withPrevious =
                vtmRows.stream().filter(r -> r.containsKey("VTMIDPREV")).toList();
        assertEquals(861, withPrevious.size());
        Map<String, List<Map<String, String>>> claimants =
                withPrevious.stream().collect(Collectors.groupingBy(r -> r.get("VTMIDPREV")));
        Dmd dmd = DmdIndex.of(release);
        int splits = 0;
        for (Map.Entry<String, List<Map<String, String>>> previous : claimants.entrySet()) {
            Map<String, String> newest = previous.getValue().stream()
                    .max(Comparator.comparing((Map<String, String> r) -> r.getOrDefault("VTMIDDT", "")))
                    .orElseThrow();
            if (previous.getValue().size() > 1) {
                splits++;
            }
            assertEquals(newest.get("VTMID"), release.previousIds().get(previous.getKey()), previous.getKey());
            assertEquals(newest.get("VTMID"), dmd.currentCode(previous.getKey()));
            assertEquals(Optional.of(newest.get("VTMID")), dmd.vtmOf(previous.getKey()));
        }
        assertEquals(1, splits, "the 2019 file has one previous id claimed by two VTMs (412096001)");
        // and exactly the 96 flagged INVALID are invalid
        Set<String> invalidInFile = vtmRows.stream()
                .filter(r -> "1".equals(r.get("INVALID")))
                .map(r -> r.get("VTMID"))
                .collect(Collectors.toSet());
        Set<String> invalidRead = release.concepts().values().stream()
                .filter(c -> c.level() == DmdLevel.VTM && c.invalid())
                .map(DmdConcept::id)
                .collect(Collectors.toSet());
        assertEquals(96, invalidInFile.size());
        assertEquals(invalidInFile, invalidRead);
    }

    @Test
    void everyProductOfThe2019SubsetIsReadWithItsParents() {
        // Given the product files of the 2019 subset
        Path vmpFile = DmdTestFiles.file(SUBSET_2019, "f_vmp2_");
        Path ampFile = DmdTestFiles.file(SUBSET_2019, "f_amp2_");
        Path vmppFile = DmdTestFiles.file(SUBSET_2019, "f_vmpp2_");
        Path amppFile = DmdTestFiles.file(SUBSET_2019, "f_ampp2_");

        // When the release is read
        DmdRelease release = DmdTestFiles.release(SUBSET_2019);

        // Then each record is a concept of its level with the parents of the file
        List<Map<String, String>> vmps = DmdTestFiles.records(vmpFile, "VMP");
        assertEquals(vmps.size(), release.count(DmdLevel.VMP));
        for (Map<String, String> row : vmps) {
            DmdConcept vmp = release.concept(row.get("VPID")).orElseThrow();
            assertEquals(DmdLevel.VMP, vmp.level());
            assertEquals(row.get("NM"), vmp.name());
            assertEquals(row.get("VTMID"), vmp.vtmId());
            assertEquals(row.get("VPIDPREV"), vmp.previousId());
        }
        List<Map<String, String>> amps = DmdTestFiles.records(ampFile, "AMP");
        assertEquals(amps.size(), release.count(DmdLevel.AMP));
        for (Map<String, String> row : amps) {
            DmdConcept amp = release.concept(row.get("APID")).orElseThrow();
            assertEquals(DmdLevel.AMP, amp.level());
            assertEquals(row.get("VPID"), amp.vmpId());
            assertEquals("1".equals(row.get("INVALID")), amp.invalid());
        }
        List<Map<String, String>> vmpps = DmdTestFiles.records(vmppFile, "VMPP");
        assertEquals(vmpps.size(), release.count(DmdLevel.VMPP));
        for (Map<String, String> row : vmpps) {
            assertEquals(
                    row.get("VPID"),
                    release.concept(row.get("VPPID")).orElseThrow().vmpId());
        }
        List<Map<String, String>> ampps = DmdTestFiles.records(amppFile, "AMPP");
        assertEquals(ampps.size(), release.count(DmdLevel.AMPP));
        for (Map<String, String> row : ampps) {
            DmdConcept ampp = release.concept(row.get("APPID")).orElseThrow();
            assertEquals(row.get("VPPID"), ampp.vmppId());
            assertEquals(row.get("APID"), ampp.ampId());
            assertEquals(row.get("NM"), ampp.name());
        }
    }

    @Test
    void theReleaseIsNamedAfterItsFileSuffixAndDated() {
        // Given / When the two real releases are read
        DmdRelease release2019 = DmdTestFiles.release(SUBSET_2019);
        DmdRelease release2021 = DmdTestFiles.release(COAMILOFRUSE_2021);

        // Then the suffix is the identity and its last six digits the date
        assertEquals("3010419", release2019.id());
        assertEquals(LocalDate.of(2019, 4, 1), release2019.releaseDate().orElseThrow());
        assertEquals("3260821", release2021.id());
        assertEquals(LocalDate.of(2021, 8, 26), release2021.releaseDate().orElseThrow());
        assertEquals(List.of(DmdTestFiles.folder(SUBSET_2019).toString()), release2019.sources());
    }

    @Test
    void progressGetsOneLinePerFileRead() {
        // Given a reader that collects progress lines
        List<String> lines = new ArrayList<>();
        DmdReleaseReader reader = new DmdReleaseReader(lines::add);

        // When the 2019 subset is read
        reader.read(DmdTestFiles.folder(SUBSET_2019));

        // Then there is one "read" line per release file used (7; the GTIN file is not used)
        List<String> readLines =
                lines.stream().filter(l -> l.startsWith("read ")).toList();
        assertEquals(7, readLines.size(), lines::toString);
        assertTrue(lines.contains("read f_vmp2_3010419.xml: 7 VMP, 8 VPI, 7 DFORM, 7 DROUTE"), lines::toString);
        assertTrue(
                readLines.stream().anyMatch(l -> l.startsWith("read f_vtm2_3010419.xml: 2859 VTM")), lines::toString);
        assertTrue(
                lines.get(lines.size() - 1).startsWith("release 3010419 (2019-04-01): 2859 VTM, 7 VMP"),
                lines::toString);
    }

    @Test
    void theBonusFilesInSubfoldersAreRead() {
        // Given the co-amilofruse release with HISTORIC_CODES/f_history1 and f_bnf1
        List<Map<String, String>> vmpHistory =
                DmdTestFiles.records(DmdTestFiles.file(COAMILOFRUSE_2021, "f_history1_"), "VMP");

        // When it is read
        DmdRelease release = DmdTestFiles.release(COAMILOFRUSE_2021);

        // Then the history file's VMP previous ids map to current ids (self-mappings dropped)
        int mapped = 0;
        for (Map<String, String> row : vmpHistory) {
            if (!row.get("IDPREVIOUS").equals(row.get("IDCURRENT"))) {
                assertEquals(row.get("IDCURRENT"), release.previousIds().get(row.get("IDPREVIOUS")));
                mapped++;
            } else {
                assertFalse(release.previousIds().containsKey(row.get("IDPREVIOUS")));
            }
        }
        assertEquals(1, mapped);
        // and the BNF file gives the VMP's BNF and ATC codes
        Map<String, String> bnf = DmdTestFiles.records(DmdTestFiles.file(COAMILOFRUSE_2021, "f_bnf1_"), "VMP")
                .get(0);
        assertEquals(bnf.get("BNF"), release.bnfCodes().get(bnf.get("VPID")));
        assertEquals(bnf.get("ATC"), release.atcCodes().get(bnf.get("VPID")));
    }

    // --- broken and incomplete releases ------------------------------------------------------

    @Test
    void aTruncatedFileIsRefusedNamingTheFileAndTheLine() throws IOException {
        // Given a copy of the 2019 subset whose VMP file is cut in the middle
        Path release = temp.resolve("release");
        DmdTestFiles.copyRelease(SUBSET_2019, release);
        Path vmpFile = release.resolve("f_vmp2_3010419.xml");
        String content = Files.readString(vmpFile);
        String truncated = content.substring(0, content.length() / 2);
        Files.writeString(vmpFile, truncated);
        long linesInTruncatedFile = truncated.lines().count();

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(release));

        // Then the error names the file and the line where the XML broke off
        assertEquals(vmpFile.toString(), error.file());
        assertEquals(linesInTruncatedFile, error.line(), error::getMessage);
        assertTrue(error.getMessage().contains("f_vmp2_3010419.xml line " + linesInTruncatedFile), error::getMessage);
    }

    @Test
    void aMalformedElementIsRefusedAtItsLine() throws IOException {
        // Given a copy of the 2019 subset where one AMP name is not closed properly
        Path release = temp.resolve("release");
        DmdTestFiles.copyRelease(SUBSET_2019, release);
        Path ampFile = release.resolve("f_amp2_3010419.xml");
        List<String> lines = new ArrayList<>(Files.readAllLines(ampFile));
        int broken = indexOfLineContaining(lines, "<NM>", 3);
        lines.set(broken, lines.get(broken).replace("</NM>", "</NAME>"));
        Files.write(ampFile, lines);

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(release));

        // Then the error names the file and that line (1-based)
        assertTrue(error.getMessage().startsWith(ampFile + " line " + (broken + 1) + ","), error::getMessage);
        assertEquals(broken + 1, error.line());
    }

    @Test
    void aRecordWithoutItsIdIsRefusedAtTheRecordsLine() throws IOException {
        // Given a copy of the 2019 subset where the second VMP has lost its VPID
        Path release = temp.resolve("release");
        DmdTestFiles.copyRelease(SUBSET_2019, release);
        Path vmpFile = release.resolve("f_vmp2_3010419.xml");
        List<String> lines = new ArrayList<>(Files.readAllLines(vmpFile));
        int vmpLine = indexOfLineContaining(lines, "<VMP>", 2);
        lines.remove(vmpLine + 1);
        Files.write(vmpFile, lines);

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(release));

        // Then the error says what is missing, where
        assertEquals(vmpLine + 1, error.line(), error::getMessage);
        assertTrue(error.getMessage().contains("f_vmp2_3010419.xml line " + (vmpLine + 1)), error::getMessage);
        assertTrue(error.getMessage().contains("VMP record has no VPID"), error::getMessage);
    }

    @Test
    void aFolderMissingARequiredFileIsRefusedNamingTheFile() throws IOException {
        // Given a copy of the 2019 subset without its AMP file
        Path release = temp.resolve("release");
        DmdTestFiles.copyRelease(SUBSET_2019, release);
        Files.delete(release.resolve("f_amp2_3010419.xml"));

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(release));

        // Then the message says which file is missing
        assertTrue(error.getMessage().contains("not a complete dm+d release"), error::getMessage);
        assertTrue(error.getMessage().contains("missing required file f_amp2_*.xml (AMP)"), error::getMessage);
        assertTrue(error.getMessage().contains(release.toString()), error::getMessage);
    }

    @Test
    void everyMissingRequiredFileIsListed() throws IOException {
        // Given a folder with only the VTM file
        Path release = temp.resolve("release");
        Files.createDirectories(release);
        Files.copy(DmdTestFiles.file(SUBSET_2019, "f_vtm2_"), release.resolve("f_vtm2_3010419.xml"));

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(release));

        // Then all six missing required files are named, and the optional ones are not
        for (String prefix : List.of("f_lookup2_", "f_ingredient2_", "f_vmp2_", "f_amp2_", "f_vmpp2_", "f_ampp2_")) {
            assertTrue(error.getMessage().contains(prefix + "*.xml"), error::getMessage);
        }
        assertFalse(error.getMessage().contains("f_vtm2_"), error::getMessage);
        assertFalse(error.getMessage().contains("f_bnf1_"), error::getMessage);
        assertFalse(error.getMessage().contains("f_history1_"), error::getMessage);
    }

    @Test
    void twoFilesOfOneKindAreRefused() throws IOException {
        // Given a copy of the 2019 subset with a second VMP file in a subfolder
        Path release = temp.resolve("release");
        DmdTestFiles.copyRelease(SUBSET_2019, release);
        Files.createDirectories(release.resolve("old"));
        Files.copy(release.resolve("f_vmp2_3010419.xml"), release.resolve("old/f_vmp2_3250319.xml"));

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(release));

        // Then the message names both
        assertTrue(error.getMessage().contains("two VMP files"), error::getMessage);
        assertTrue(error.getMessage().contains("f_vmp2_3250319.xml"), error::getMessage);
    }

    @Test
    void aFileWithTheWrongRootElementIsRefused() throws IOException {
        // Given a copy of the 2019 subset whose VMP file holds the AMP content
        Path release = temp.resolve("release");
        DmdTestFiles.copyRelease(SUBSET_2019, release);
        Files.copy(
                release.resolve("f_amp2_3010419.xml"),
                release.resolve("f_vmp2_3010419.xml"),
                StandardCopyOption.REPLACE_EXISTING);

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(release));

        // Then the message names the file, line 1 and the roots expected and found
        assertTrue(error.getMessage().contains("f_vmp2_3010419.xml line 1"), error::getMessage);
        assertTrue(error.getMessage().contains("expected root element <VIRTUAL_MED_PRODUCTS>"), error::getMessage);
        assertTrue(error.getMessage().contains("<ACTUAL_MEDICINAL_PRODUCTS>"), error::getMessage);
    }

    @Test
    void externalEntitiesAreNotResolved() throws IOException {
        // Given a VTM file that declares an external entity pointing at a local file
        Path release = temp.resolve("release");
        DmdTestFiles.copyRelease(SUBSET_2019, release);
        Path secret = temp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        Files.writeString(release.resolve("f_vtm2_3010419.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE VIRTUAL_THERAPEUTIC_MOIETIES [<!ENTITY xxe SYSTEM "%s">]>
                <VIRTUAL_THERAPEUTIC_MOIETIES>
                  <VTM><VTMID>68088000</VTMID><NM>&xxe;</NM></VTM>
                </VIRTUAL_THERAPEUTIC_MOIETIES>
                """.formatted(secret.toUri()));

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(release));

        // Then the file is refused and the entity's content never appears
        assertTrue(error.getMessage().contains("f_vtm2_3010419.xml line "), error::getMessage);
        assertFalse(error.getMessage().contains("TOP-SECRET"), error::getMessage);
    }

    @Test
    void aMissingPathIsRefused() {
        // Given / When a path that does not exist is read / Then
        DmdReleaseException error =
                assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(temp.resolve("nowhere")));
        assertTrue(error.getMessage().contains("not found"), error::getMessage);
    }

    // --- zips --------------------------------------------------------------------------------

    @Test
    void aZipWithTheFilesAtTopLevelLoadsTheSameContentAsTheFolder() throws IOException {
        // Given a zip of the 2019 subset folder's files at its top level
        Path zip = temp.resolve("nhsbsa_dmd_4.0.1_20190401000001.zip");
        Files.write(zip, zipOf(DmdTestFiles.folder(SUBSET_2019), ""));

        // When the zip and the folder are read
        DmdRelease fromZip = new DmdReleaseReader().read(zip);
        DmdRelease fromFolder = DmdTestFiles.release(SUBSET_2019);

        // Then both hold the same content
        assertSameContent(fromFolder, fromZip);
        assertEquals(List.of(zip.toString()), fromZip.sources());
    }

    @Test
    void aZipWithNestedZipsLoadsTheSameContentAsTheFolder() throws IOException {
        // Given a zip holding the main release as a nested zip in a folder, and the bonus
        // files (BNF, history) in a second nested zip that itself nests the history zip
        Path folder = DmdTestFiles.folder(COAMILOFRUSE_2021);
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(outer)) {
            zip.putNextEntry(new ZipEntry("release/nhsbsa_dmd_2021.zip"));
            zip.write(zipOf(
                    folder,
                    "",
                    path -> path.getParent().equals(folder)
                            && !path.getFileName().toString().startsWith("f_bnf1_")));
            zip.putNextEntry(new ZipEntry("nhsbsa_dmdbonus_2021.zip"));
            ByteArrayOutputStream bonus = new ByteArrayOutputStream();
            try (ZipOutputStream bonusZip = new ZipOutputStream(bonus)) {
                bonusZip.putNextEntry(new ZipEntry("BNF/f_bnf1_0260821.xml"));
                bonusZip.write(Files.readAllBytes(folder.resolve("f_bnf1_0260821.xml")));
                bonusZip.putNextEntry(new ZipEntry("week342021-r2_3-HISTORIC_CODES.zip"));
                bonusZip.write(zipOf(folder.resolve("HISTORIC_CODES"), ""));
            }
            zip.write(bonus.toByteArray());
        }
        Path zipFile = temp.resolve("dmd.zip");
        Files.write(zipFile, outer.toByteArray());
        List<String> progress = new ArrayList<>();

        // When the zip is read
        DmdRelease fromZip = new DmdReleaseReader(progress::add).read(zipFile);

        // Then it holds the same content as the folder, history and BNF included
        DmdRelease fromFolder = DmdTestFiles.release(COAMILOFRUSE_2021);
        assertSameContent(fromFolder, fromZip);
        assertEquals("318135008", fromZip.previousIds().get("10406411000001101"));
        assertFalse(fromZip.bnfCodes().isEmpty());
        assertEquals(9, progress.stream().filter(l -> l.startsWith("read ")).count(), progress::toString);
    }

    @Test
    void aTruncatedFileInAZipIsRefusedNamingTheEntryAndTheLine() throws IOException {
        // Given a zip of the 2019 subset whose AMPP entry is cut short
        Path folder = DmdTestFiles.folder(SUBSET_2019);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path file : releaseFiles(folder)) {
                byte[] content = Files.readAllBytes(file);
                if (file.getFileName().toString().startsWith("f_ampp2_")) {
                    content = new String(content, StandardCharsets.UTF_8)
                            .substring(0, 1000)
                            .getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                zip.write(content);
            }
        }
        Path zipFile = temp.resolve("broken.zip");
        Files.write(zipFile, bytes.toByteArray());

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(zipFile));

        // Then the error names zip!entry and a line
        assertEquals(zipFile + "!f_ampp2_3010419.xml", error.file());
        assertTrue(error.line() > 1, error::getMessage);
    }

    @Test
    void aZipMissingARequiredFileIsRefused() throws IOException {
        // Given a zip of the 2019 subset without the lookup file
        Path zipFile = temp.resolve("partial.zip");
        Files.write(
                zipFile,
                zipOf(
                        DmdTestFiles.folder(SUBSET_2019),
                        "",
                        path -> !path.getFileName().toString().startsWith("f_lookup2_")));

        // When it is read
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(zipFile));

        // Then the missing file is named
        assertTrue(error.getMessage().contains("missing required file f_lookup2_*.xml (lookup)"), error::getMessage);
    }

    @Test
    void aFileThatIsNotAZipIsRefused() throws IOException {
        // Given a text file
        Path notZip = temp.resolve("release.zip");
        Files.writeString(notZip, "this is not a zip");

        // When / Then
        DmdReleaseException error = assertThrows(DmdReleaseException.class, () -> new DmdReleaseReader().read(notZip));
        assertTrue(error.getMessage().contains(notZip.toString()), error::getMessage);
    }

    // --- size --------------------------------------------------------------------------------

    /**
     * A full-size release (about the size of a real weekly one) streams and indexes completely.
     * Opt-in, since it writes ~150 MB: run with {@code -Dumr.dmd.fullSizeTest=true} and
     * {@code -Xmx512m} to check that it fits the heap bound. It prints the time taken; speed itself
     * is measured by the benchmark, not asserted here.
     */
    @Test
    @EnabledIfSystemProperty(named = "umr.dmd.fullSizeTest", matches = "true")
    void aFullSizeReleaseStreamsAndIndexesCompletely() throws IOException {
        // Given a generated release of 3k VTM, 20k VMP, 150k AMP, 30k VMPP, 170k AMPP
        Path release = temp.resolve("full");
        FullSizeRelease.write(release, 3_000, 20_000, 150_000, 30_000, 170_000);
        Runtime.getRuntime().gc();

        // When it is read and indexed
        long start = System.nanoTime();
        DmdRelease read = new DmdReleaseReader(System.out::println).read(release);
        DmdIndex index = DmdIndex.of(read);
        double seconds = (System.nanoTime() - start) / 1e9;
        Runtime.getRuntime().gc();
        long usedMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        System.out.printf(
                "full-size release read and indexed in %.1f s, heap in use after GC %d MB (max %d MB)%n",
                seconds, usedMb, Runtime.getRuntime().maxMemory() >> 20);

        // Then everything is there
        assertEquals(170_000, read.count(DmdLevel.AMPP));
        assertEquals(150_000, read.count(DmdLevel.AMP));
        assertTrue(index.vtmOf(FullSizeRelease.amppId(169_999)).isPresent());
    }

    // --- helpers -----------------------------------------------------------------------------

    private static int indexOfLineContaining(List<String> lines, String text, int occurrence) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text) && ++seen == occurrence) {
                return i;
            }
        }
        throw new IllegalStateException("no occurrence " + occurrence + " of " + text);
    }

    static void assertSameContent(DmdRelease expected, DmdRelease actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.releaseDate(), actual.releaseDate());
        assertEquals(expected.concepts(), actual.concepts());
        assertEquals(expected.vmpDetails(), actual.vmpDetails());
        assertEquals(expected.previousIds(), actual.previousIds());
        assertEquals(expected.ingredientNames(), actual.ingredientNames());
        assertEquals(expected.bnfCodes(), actual.bnfCodes());
        assertEquals(expected.atcCodes(), actual.atcCodes());
        for (String table : List.of("FORM", "ROUTE", "UNIT_OF_MEASURE", "SUPPLIER")) {
            assertEquals(expected.lookupTable(table), actual.lookupTable(table), table);
        }
    }

    private static List<Path> releaseFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static byte[] zipOf(Path folder, String prefix) throws IOException {
        return zipOf(folder, prefix, path -> true);
    }

    private static byte[] zipOf(Path folder, String prefix, Predicate<Path> include) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            Set<String> names = new HashSet<>();
            for (Path file : releaseFiles(folder)) {
                if (!include.test(file)) {
                    continue;
                }
                String name = prefix + folder.relativize(file).toString().replace('\\', '/');
                assertTrue(names.add(name));
                zip.putNextEntry(new ZipEntry(name));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Writes a large release in the NHSBSA layout (for the opt-in full-size test). */
    static final class FullSizeRelease {
        private FullSizeRelease() {}

        static String vtmId(int i) {
            return SnomedId.extensionConceptId(1_000_000L + i, "9999999");
        }

        static String vmpId(int i) {
            return SnomedId.extensionConceptId(2_000_000L + i, "9999999");
        }

        static String ampId(int i) {
            return SnomedId.extensionConceptId(3_000_000L + i, "9999999");
        }

        static String vmppId(int i) {
            return SnomedId.extensionConceptId(4_000_000L + i, "9999999");
        }

        static String amppId(int i) {
            return SnomedId.extensionConceptId(5_000_000L + i, "9999999");
        }

        static void write(Path folder, int vtms, int vmps, int amps, int vmpps, int ampps) throws IOException {
            Files.createDirectories(folder);
            Files.copy(DmdTestFiles.file(SUBSET_2019, "f_lookup2_"), folder.resolve("f_lookup2_3010124.xml"));
            Files.copy(DmdTestFiles.file(SUBSET_2019, "f_ingredient2_"), folder.resolve("f_ingredient2_3010124.xml"));
            try (Writer w = writer(folder.resolve("f_vtm2_3010124.xml"))) {
                w.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<VIRTUAL_THERAPEUTIC_MOIETIES>\n");
                for (int i = 0; i < vtms; i++) {
                    w.write("  <VTM>\n    <VTMID>" + vtmId(i) + "</VTMID>\n    <NM>Moiety number " + i
                            + "</NM>\n    <VTMIDPREV>" + (100_000_000L + i) + "</VTMIDPREV>\n  </VTM>\n");
                }
                w.write("</VIRTUAL_THERAPEUTIC_MOIETIES>\n");
            }
            try (Writer w = writer(folder.resolve("f_vmp2_3010124.xml"))) {
                w.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<VIRTUAL_MED_PRODUCTS>\n  <VMPS>\n");
                for (int i = 0; i < vmps; i++) {
                    w.write("    <VMP>\n      <VPID>" + vmpId(i) + "</VPID>\n      <VTMID>" + vtmId(i % vtms)
                            + "</VTMID>\n      <NM>Medicine number " + i + " 500mg modified-release tablets</NM>\n"
                            + "      <BASISCD>0001</BASISCD>\n      <PRES_STATCD>0001</PRES_STATCD>\n"
                            + "      <DF_INDCD>1</DF_INDCD>\n      <UDFS>1</UDFS>\n"
                            + "      <UDFS_UOMCD>428673006</UDFS_UOMCD>\n"
                            + "      <UNIT_DOSE_UOMCD>428673006</UNIT_DOSE_UOMCD>\n    </VMP>\n");
                }
                w.write("  </VMPS>\n  <VIRTUAL_PRODUCT_INGREDIENT>\n");
                for (int i = 0; i < vmps; i++) {
                    w.write("    <VPI>\n      <VPID>" + vmpId(i) + "</VPID>\n      <ISID>387517004</ISID>\n"
                            + "      <BASIS_STRNTCD>0001</BASIS_STRNTCD>\n      <STRNT_NMRTR_VAL>500</STRNT_NMRTR_VAL>\n"
                            + "      <STRNT_NMRTR_UOMCD>258684004</STRNT_NMRTR_UOMCD>\n    </VPI>\n");
                }
                w.write("  </VIRTUAL_PRODUCT_INGREDIENT>\n  <DRUG_FORM>\n");
                for (int i = 0; i < vmps; i++) {
                    w.write("    <DFORM>\n      <VPID>" + vmpId(i)
                            + "</VPID>\n      <FORMCD>385061003</FORMCD>\n    </DFORM>\n");
                }
                w.write("  </DRUG_FORM>\n  <DRUG_ROUTE>\n");
                for (int i = 0; i < vmps; i++) {
                    w.write("    <DROUTE>\n      <VPID>" + vmpId(i)
                            + "</VPID>\n      <ROUTECD>26643006</ROUTECD>\n    </DROUTE>\n");
                }
                w.write("  </DRUG_ROUTE>\n</VIRTUAL_MED_PRODUCTS>\n");
            }
            try (Writer w = writer(folder.resolve("f_amp2_3010124.xml"))) {
                w.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ACTUAL_MEDICINAL_PRODUCTS>\n  <AMPS>\n");
                for (int i = 0; i < amps; i++) {
                    w.write("    <AMP>\n      <APID>" + ampId(i) + "</APID>\n      <VPID>" + vmpId(i % vmps)
                            + "</VPID>\n      <NM>Brand number " + i + " 500mg modified-release tablets</NM>\n"
                            + "      <DESC>Brand number " + i
                            + " 500mg modified-release tablets (Supplier Ltd)</DESC>\n"
                            + "      <SUPPCD>3144701000001104</SUPPCD>\n      <LIC_AUTHCD>0001</LIC_AUTHCD>\n"
                            + "      <AVAIL_RESTRICTCD>0001</AVAIL_RESTRICTCD>\n    </AMP>\n");
                }
                w.write("  </AMPS>\n  <LICENSED_ROUTE>\n");
                for (int i = 0; i < amps; i++) {
                    w.write("    <LIC_ROUTE>\n      <APID>" + ampId(i)
                            + "</APID>\n      <ROUTECD>26643006</ROUTECD>\n    </LIC_ROUTE>\n");
                }
                w.write("  </LICENSED_ROUTE>\n</ACTUAL_MEDICINAL_PRODUCTS>\n");
            }
            try (Writer w = writer(folder.resolve("f_vmpp2_3010124.xml"))) {
                w.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<VIRTUAL_MED_PRODUCT_PACK>\n  <VMPPS>\n");
                for (int i = 0; i < vmpps; i++) {
                    w.write(
                            "    <VMPP>\n      <VPPID>" + vmppId(i) + "</VPPID>\n      <NM>Medicine number "
                                    + (i % vmps)
                                    + " 500mg modified-release tablets 28 tablet</NM>\n      <VPID>" + vmpId(i % vmps)
                                    + "</VPID>\n      <QTYVAL>28</QTYVAL>\n      <QTY_UOMCD>428673006</QTY_UOMCD>\n    </VMPP>\n");
                }
                w.write("  </VMPPS>\n</VIRTUAL_MED_PRODUCT_PACK>\n");
            }
            try (Writer w = writer(folder.resolve("f_ampp2_3010124.xml"))) {
                w.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ACTUAL_MEDICINAL_PROD_PACKS>\n  <AMPPS>\n");
                for (int i = 0; i < ampps; i++) {
                    int amp = i % amps;
                    w.write("    <AMPP>\n      <APPID>" + amppId(i) + "</APPID>\n      <NM>Brand number " + amp
                            + " 500mg modified-release tablets (Supplier Ltd) 28 tablet 2 x 14 tablets</NM>\n"
                            + "      <VPPID>" + vmppId(i % vmpps) + "</VPPID>\n      <APID>" + ampId(amp)
                            + "</APID>\n      <LEGAL_CATCD>0003</LEGAL_CATCD>\n    </AMPP>\n");
                }
                w.write("  </AMPPS>\n  <MEDICINAL_PRODUCT_PRICE>\n");
                for (int i = 0; i < ampps; i++) {
                    w.write("    <PRICE_INFO>\n      <APPID>" + amppId(i) + "</APPID>\n      <PRICE>529</PRICE>\n"
                            + "      <PRICE_BASISCD>0001</PRICE_BASISCD>\n    </PRICE_INFO>\n");
                }
                w.write("  </MEDICINAL_PRODUCT_PRICE>\n</ACTUAL_MEDICINAL_PROD_PACKS>\n");
            }
        }

        private static Writer writer(Path file) throws IOException {
            return new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        }
    }
}
