package health.umr.dmd;

import health.umr.support.DmdFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The dm+d test releases, and an independent reading of their XML (DOM, test-only) that tests
 * compare the streaming reader against, so expected values come from the files, not from the
 * code under test.
 */
final class DmdTestFiles {

    static final String SUBSET_2019 = "nhsbsa-2019-04-01-subset";
    static final String COAMILOFRUSE_2021 = "nhsbsa-2021-08-26-coamilofruse";
    static final String SYNTHETIC = "synthetic";

    private static final Map<String, DmdRelease> CACHE = new HashMap<>();

    private DmdTestFiles() {}

    /** The folder of a test release under src/test/resources/dmd. */
    static Path folder(String name) {
        return DmdFixtures.folder(name);
    }

    /** A release read once per test run (reading is tested separately). */
    static synchronized DmdRelease release(String name) {
        return CACHE.computeIfAbsent(name, n -> new DmdReleaseReader().read(folder(n)));
    }

    /** The file of a release whose name starts with {@code prefix}, e.g. "f_vmp2_". */
    static Path file(String release, String prefix) {
        try (Stream<Path> files = Files.walk(folder(release))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + " file in " + release));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a test release to a writable folder. */
    static void copyRelease(String release, Path target) throws IOException {
        Path source = folder(release);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
    }

    /**
     * Every element named {@code recordTag} in an XML file, as field name → text of its child
     * elements (DOM; test-only oracle).
     */
    static List<Map<String, String>> records(Path file, String recordTag) {
        Document document = parse(file);
        NodeList nodes = document.getElementsByTagName(recordTag);
        List<Map<String, String>> records = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (Node child = nodes.item(i).getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element) {
                    fields.put(element.getTagName(), element.getTextContent().strip());
                }
            }
            records.add(fields);
        }
        return records;
    }

    /** The rows (CD → DESC) of one table of a lookup file (DOM; test-only oracle). */
    static Map<String, String> lookupTable(Path lookupFile, String table) {
        Document document = parse(lookupFile);
        Element tableElement = (Element) document.getElementsByTagName(table).item(0);
        Map<String, String> rows = new HashMap<>();
        NodeList infos = tableElement.getElementsByTagName("INFO");
        for (int i = 0; i < infos.getLength(); i++) {
            Element info = (Element) infos.item(i);
            rows.put(
                    info.getElementsByTagName("CD").item(0).getTextContent(),
                    info.getElementsByTagName("DESC").item(0).getTextContent());
        }
        return rows;
    }

    private static Document parse(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + file, e);
        }
    }
}
