package health.umr.alerts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Test inputs: the bundled reference files read row by row, and the real NHSBSA 2019 VTM file
 * (src/test/resources/dmd/nhsbsa-2019-04-01-subset, see its SOURCES.md) read with DOM, so the
 * expected ids and names come from dm+d itself, not from the code under test.
 */
final class ReferenceTestFiles {

    /** One VTM of the 2019 file. */
    record Vtm(String id, String name, boolean invalid) {}

    static final String VTM_FILE = "/dmd/nhsbsa-2019-04-01-subset/f_vtm2_3010419.xml";
    static final List<String> FILES = List.of(
            ReferenceListsReader.TIME_CRITICAL,
            ReferenceListsReader.ACB,
            ReferenceListsReader.DUPLICATION,
            ReferenceListsReader.VALPROATE,
            ReferenceListsReader.SUBSTITUTES,
            ReferenceListsReader.NAMES);

    private static Map<String, Vtm> vtms;

    private ReferenceTestFiles() {}

    /** Every VTM of the 2019 release, by VTMID. */
    static synchronized Map<String, Vtm> vtms2019() {
        if (vtms == null) {
            try (InputStream in = ReferenceTestFiles.class.getResourceAsStream(VTM_FILE)) {
                if (in == null) {
                    throw new IllegalStateException("test resource " + VTM_FILE + " not found");
                }
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                NodeList list =
                        f.newDocumentBuilder().parse(in).getDocumentElement().getElementsByTagName("VTM");
                Map<String, Vtm> out = new LinkedHashMap<>();
                for (int i = 0; i < list.getLength(); i++) {
                    Element e = (Element) list.item(i);
                    String id = text(e, "VTMID");
                    out.put(id, new Vtm(id, text(e, "NM"), "1".equals(text(e, "INVALID"))));
                }
                vtms = out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + VTM_FILE, e);
            }
        }
        return vtms;
    }

    private static String text(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    /** A bundled reference file (src/main/resources/reference/), parsed but not interpreted. */
    static ReferenceListsReader.Table table(String fileName) {
        List<String> columns = switch (fileName) {
            case ReferenceListsReader.TIME_CRITICAL -> ReferenceListsReader.TIME_CRITICAL_COLUMNS;
            case ReferenceListsReader.ACB -> ReferenceListsReader.ACB_COLUMNS;
            case ReferenceListsReader.DUPLICATION -> ReferenceListsReader.DUPLICATION_COLUMNS;
            case ReferenceListsReader.VALPROATE -> ReferenceListsReader.VALPROATE_COLUMNS;
            case ReferenceListsReader.SUBSTITUTES -> ReferenceListsReader.SUBSTITUTE_COLUMNS;
            case ReferenceListsReader.NAMES -> ReferenceListsReader.NAME_COLUMNS;
            case "anticholinergic-burden-unmapped.csv" -> List.of("drug_name", "acb_score", "reason");
            default -> throw new IllegalArgumentException(fileName);
        };
        try (InputStream in = ReferenceTestFiles.class.getResourceAsStream("/reference/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("/reference/" + fileName + " is not on the classpath");
            }
            return ReferenceListsReader.parse(fileName, in, columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index of a column of a file. */
    static int column(ReferenceListsReader.Table t, String name) {
        int i = t.columns().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(t.file().fileName() + " has no column " + name);
        }
        return i;
    }
}
