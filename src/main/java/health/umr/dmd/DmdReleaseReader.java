package health.umr.dmd;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an NHSBSA dm+d release (the XML files of "release 2" of the dm+d data) from a folder or a
 * zip, streaming each file with StAX, into a {@link DmdRelease}.
 *
 * <h2>Files</h2>
 * Files are matched by the start of their name, case-insensitively, and must end in {@code .xml}:
 * <table>
 *   <caption>dm+d release files</caption>
 *   <tr><th>prefix</th><th>content</th><th>required</th></tr>
 *   <tr><td>{@code f_vtm2_}</td><td>VTMs</td><td>yes</td></tr>
 *   <tr><td>{@code f_vmp2_}</td><td>VMPs, with ingredients (VPI), form (DFORM), routes (DROUTE)</td><td>yes</td></tr>
 *   <tr><td>{@code f_amp2_}</td><td>AMPs</td><td>yes</td></tr>
 *   <tr><td>{@code f_vmpp2_}</td><td>VMPPs</td><td>yes</td></tr>
 *   <tr><td>{@code f_ampp2_}</td><td>AMPPs</td><td>yes</td></tr>
 *   <tr><td>{@code f_ingredient2_}</td><td>ingredient substance names</td><td>yes</td></tr>
 *   <tr><td>{@code f_lookup2_}</td><td>names of forms, routes, units and other codes</td><td>yes</td></tr>
 *   <tr><td>{@code f_bnf1_}</td><td>BNF and ATC codes (NHSBSA "bonus" file)</td><td>no</td></tr>
 *   <tr><td>{@code f_history1_}</td><td>previous ids (NHSBSA "bonus" HISTORIC_CODES file)</td><td>no</td></tr>
 * </table>
 * The seven "2" files make up every NHSBSA weekly release, so all seven are required: without the
 * lookup and ingredient files VMP detail would have no names, and without one of the product files
 * the hierarchy would have holes that look like real absences. Other files (GTIN, VTM
 * ingredients, XSDs, readme) are ignored. Each kind may appear once; two files of the same kind
 * (e.g. two weeks unzipped into one folder) are refused.
 *
 * <p>In a folder, files are looked for in the folder and in subfolders up to {@value #MAX_FOLDER_DEPTH}
 * levels down (e.g. {@code HISTORIC_CODES/}). In a zip, XML entries are read at any path, and
 * entries that are themselves zips (as in the NHSBSA bonus pack) are opened and searched, up to
 * {@value #MAX_ZIP_NESTING} levels of nesting.
 *
 * <h2>Errors</h2>
 * A missing required file, a file that is not well-formed XML (e.g. truncated), a file whose root
 * element is not the expected one, or a record missing a required field (such as a VMP without
 * VPID) throws {@link DmdReleaseException}; its message names the file and, for problems inside a
 * file, the line and column. DTDs and external entities are refused.
 *
 * <h2>Progress</h2>
 * The progress listener receives one line per file read, e.g. {@code read f_vmp2_3010419.xml: 7 VMP,
 * 8 VPI, 7 DFORM, 7 DROUTE}, and a summary line at the end.
 *
 * <p>A reader holds no state between calls and may be used from several threads.
 */
public final class DmdReleaseReader {

    /** How many folder levels below the release folder are searched. */
    public static final int MAX_FOLDER_DEPTH = 3;
    /** How many levels of zips inside zips are opened. */
    public static final int MAX_ZIP_NESTING = 3;

    private static final DateTimeFormatter SUFFIX_DATE =
            DateTimeFormatter.ofPattern("ddMMuu").withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern JDK_PARSE_ERROR =
            Pattern.compile("(?s)^ParseError at \\[row,col\\]:\\[-?\\d+,-?\\d+\\]\\s*Message:\\s*");

    private final Consumer<String> progress;

    /** A reader that reports no progress. */
    public DmdReleaseReader() {
        this(line -> {});
    }

    /** A reader that reports progress, one line per file, to {@code progress}. */
    public DmdReleaseReader(Consumer<String> progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** The kinds of file this reader uses, in the order they are read from a folder. */
    enum FileKind {
        LOOKUP("f_lookup2_", "LOOKUP", true, 3, "lookup"),
        INGREDIENT("f_ingredient2_", "INGREDIENT_SUBSTANCES", true, 2, "ingredient"),
        VTM("f_vtm2_", "VIRTUAL_THERAPEUTIC_MOIETIES", true, 2, "VTM"),
        VMP("f_vmp2_", "VIRTUAL_MED_PRODUCTS", true, 3, "VMP"),
        AMP("f_amp2_", "ACTUAL_MEDICINAL_PRODUCTS", true, 3, "AMP"),
        VMPP("f_vmpp2_", "VIRTUAL_MED_PRODUCT_PACK", true, 3, "VMPP"),
        AMPP("f_ampp2_", "ACTUAL_MEDICINAL_PROD_PACKS", true, 3, "AMPP"),
        BNF("f_bnf1_", "BNF_DETAILS", false, 3, "BNF"),
        HISTORY("f_history1_", "HISTORY", false, 3, "history");

        final String prefix;
        final String root;
        final boolean required;
        /** Depth of a record element: 2 = directly under the root, 3 = under a section. */
        final int recordDepth;

        final String label;

        FileKind(String prefix, String root, boolean required, int recordDepth, String label) {
            this.prefix = prefix;
            this.root = root;
            this.required = required;
            this.recordDepth = recordDepth;
            this.label = label;
        }

        static FileKind of(String fileName) {
            String lower = fileName.toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".xml")) {
                return null;
            }
            for (FileKind kind : values()) {
                if (lower.startsWith(kind.prefix)) {
                    return kind;
                }
            }
            return null;
        }

        String pattern() {
            return prefix + "*.xml (" + label + ")";
        }
    }

    /**
     * Reads a release from a folder or a zip file.
     *
     * @throws DmdReleaseException if the release is incomplete or a file cannot be read
     */
    public DmdRelease read(Path path) {
        Objects.requireNonNull(path, "path");
        if (Files.isDirectory(path)) {
            return readFolder(path);
        }
        if (Files.isRegularFile(path)) {
            return readZip(path);
        }
        throw new DmdReleaseException("dm+d release not found: " + path);
    }

    /**
     * Reads a release from a folder of XML files (searched up to {@value #MAX_FOLDER_DEPTH}
     * levels down).
     *
     * @throws DmdReleaseException if the release is incomplete or a file cannot be read
     */
    public DmdRelease readFolder(Path folder) {
        long start = System.nanoTime();
        Map<FileKind, Path> files = new EnumMap<>(FileKind.class);
        try (Stream<Path> walk = Files.walk(folder, MAX_FOLDER_DEPTH)) {
            for (Path file : (Iterable<Path>) walk.sorted()::iterator) {
                FileKind kind = FileKind.of(file.getFileName().toString());
                if (kind == null || !Files.isRegularFile(file)) {
                    continue;
                }
                Path other = files.putIfAbsent(kind, file);
                if (other != null) {
                    throw new DmdReleaseException("release folder " + folder + " has two " + kind.label + " files: "
                            + folder.relativize(other) + " and " + folder.relativize(file));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DmdReleaseException("cannot list release folder " + folder + ": " + e.getMessage(), e);
        }
        requireAll(files.keySet(), "release folder " + folder);
        Collector collector =
                new Collector(files.get(FileKind.VTM).getFileName().toString(), folder.toString());
        for (Map.Entry<FileKind, Path> entry : files.entrySet()) {
            Path file = entry.getValue();
            try (InputStream in = Files.newInputStream(file)) {
                collector.read(
                        entry.getKey(), in, file.toString(), file.getFileName().toString());
            } catch (IOException e) {
                throw new DmdReleaseException("cannot read file: " + e.getMessage(), file.toString(), -1, -1, e);
            }
        }
        return collector.finish(start);
    }

    /**
     * Reads a release from a zip file (XML files at any path, or inside zips in the zip).
     *
     * @throws DmdReleaseException if the release is incomplete or a file cannot be read
     */
    public DmdRelease readZip(Path zip) {
        try (InputStream in = Files.newInputStream(zip)) {
            return readZip(in, zip.toString());
        } catch (IOException e) {
            throw new DmdReleaseException("cannot read zip " + zip + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a release from a zip stream (e.g. an upload or a classpath resource). The stream is
     * read to its end but not closed.
     *
     * @param zip        the zip content
     * @param sourceName a name for the zip, used in messages and {@link DmdRelease#sources()}
     * @throws DmdReleaseException if the release is incomplete or a file cannot be read
     */
    public DmdRelease readZip(InputStream zip, String sourceName) {
        long start = System.nanoTime();
        Collector collector = new Collector(null, sourceName);
        Map<FileKind, String> seen = new EnumMap<>(FileKind.class);
        try {
            readZipEntries(new ZipInputStream(new NonClosingInputStream(zip)), sourceName, 0, collector, seen);
        } catch (ZipException e) {
            throw new DmdReleaseException("not a readable zip: " + e.getMessage(), sourceName, -1, -1, e);
        } catch (IOException e) {
            throw new DmdReleaseException("cannot read zip: " + e.getMessage(), sourceName, -1, -1, e);
        }
        requireAll(seen.keySet(), "release zip " + sourceName);
        return collector.finish(start);
    }

    private void readZipEntries(
            ZipInputStream zin, String zipName, int nesting, Collector collector, Map<FileKind, String> seen)
            throws IOException {
        ZipEntry entry;
        boolean any = false;
        while ((entry = zin.getNextEntry()) != null) {
            any = true;
            if (entry.isDirectory()) {
                continue;
            }
            String entryName = entry.getName();
            String fileName = entryName.substring(entryName.lastIndexOf('/') + 1);
            String where = zipName + "!" + entryName;
            if (fileName.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                if (nesting + 1 > MAX_ZIP_NESTING) {
                    progress.accept("skip " + where + ": zips nested deeper than " + MAX_ZIP_NESTING);
                    continue;
                }
                readZipEntries(new ZipInputStream(new NonClosingInputStream(zin)), where, nesting + 1, collector, seen);
                continue;
            }
            FileKind kind = FileKind.of(fileName);
            if (kind == null) {
                continue;
            }
            String other = seen.putIfAbsent(kind, where);
            if (other != null) {
                throw new DmdReleaseException(
                        "release zip has two " + kind.label + " files: " + other + " and " + where);
            }
            if (kind == FileKind.VTM) {
                collector.setIdentityFrom(fileName);
            }
            collector.read(kind, new NonClosingInputStream(zin), where, fileName);
        }
        if (!any && nesting == 0) {
            throw new DmdReleaseException("empty or not a zip", zipName, -1, -1, null);
        }
    }

    private static void requireAll(Set<FileKind> found, String where) {
        List<String> missing = new ArrayList<>();
        for (FileKind kind : FileKind.values()) {
            if (kind.required && !found.contains(kind)) {
                missing.add(kind.pattern());
            }
        }
        if (!missing.isEmpty()) {
            throw new DmdReleaseException(where + " is not a complete dm+d release: missing required file"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
    }

    private static XMLInputFactory secureFactory() {
        // The JDK's own StAX implementation, whatever else is on the classpath: same behaviour
        // (and error messages) in tests and in the service.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.FALSE);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed: " + systemId);
        });
        return factory;
    }

    /** Collects the content of one release while its files are read. */
    private final class Collector {
        private final XMLInputFactory factory = secureFactory();
        private final DmdRelease.Builder builder;

        Collector(String vtmFileName, String source) {
            // In a zip the VTM file (which names the release) may come after other files: the
            // identity is set when it is met.
            builder = DmdRelease.builder("unknown").source(source);
            if (vtmFileName != null) {
                setIdentityFrom(vtmFileName);
            }
        }

        void setIdentityFrom(String vtmFileName) {
            String suffix = vtmFileName.substring(FileKind.VTM.prefix.length(), vtmFileName.length() - ".xml".length());
            builder.id(suffix).releaseDate(dateOf(suffix));
        }

        void read(FileKind kind, InputStream in, String where, String fileName) {
            FileParser parser = new FileParser(kind, where, builder);
            XMLStreamReader xml = null;
            try {
                xml = factory.createXMLStreamReader(in);
                parser.parse(xml);
            } catch (XMLStreamException e) {
                Location location = e.getLocation();
                throw new DmdReleaseException(
                        "not well-formed XML: " + xmlMessage(e),
                        where,
                        location == null ? -1 : location.getLineNumber(),
                        location == null ? -1 : location.getColumnNumber(),
                        e);
            } finally {
                if (xml != null) {
                    try {
                        xml.close();
                    } catch (XMLStreamException ignored) {
                        // closing a StAX reader does not close the stream; nothing to release
                    }
                }
            }
            progress.accept("read " + fileName + ": " + parser.summary());
        }

        DmdRelease finish(long startNanos) {
            List<String> conflicts = builder.previousIdConflicts();
            DmdRelease release = builder.build();
            if (!conflicts.isEmpty()) {
                progress.accept("note: " + conflicts.size() + " previous ids are claimed by two concepts; kept the"
                        + " newer: " + String.join("; ", conflicts.subList(0, Math.min(5, conflicts.size())))
                        + (conflicts.size() > 5 ? "; ..." : ""));
            }
            reportDanglingParents(release);
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            progress.accept("release " + release.id()
                    + release.releaseDate().map(d -> " (" + d + ")").orElse("")
                    + ": " + release.count(DmdLevel.VTM) + " VTM, " + release.count(DmdLevel.VMP) + " VMP, "
                    + release.count(DmdLevel.AMP) + " AMP, " + release.count(DmdLevel.VMPP) + " VMPP, "
                    + release.count(DmdLevel.AMPP) + " AMPP, "
                    + release.previousIds().size()
                    + " previous ids, read in " + millis + " ms");
            return release;
        }

        private void reportDanglingParents(DmdRelease release) {
            Map<String, DmdConcept> concepts = release.concepts();
            int dangling = 0;
            String example = null;
            for (DmdConcept concept : concepts.values()) {
                for (String parent : concept.parentIds()) {
                    if (!concepts.containsKey(parent) && !release.previousIds().containsKey(parent)) {
                        dangling++;
                        if (example == null) {
                            example = concept.level() + " " + concept.id() + " -> " + parent;
                        }
                    }
                }
            }
            if (dangling > 0) {
                progress.accept("warning: " + dangling + " parent ids are not in release " + release.id() + " (e.g. "
                        + example + ")");
            }
            List<String> malformed = new ArrayList<>();
            for (String id : concepts.keySet()) {
                if (!SnomedId.isValid(id)) {
                    malformed.add(id);
                }
            }
            if (!malformed.isEmpty()) {
                progress.accept("warning: " + malformed.size() + " concept ids of release " + release.id()
                        + " are not well-formed SNOMED CT ids (e.g. " + malformed.get(0) + ")");
            }
        }
    }

    private static LocalDate dateOf(String suffix) {
        if (suffix.length() < 6) {
            return null;
        }
        try {
            return LocalDate.parse(suffix.substring(suffix.length() - 6), SUFFIX_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String xmlMessage(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher matcher = JDK_PARSE_ERROR.matcher(message);
        return matcher.replaceFirst("").strip();
    }

    /** Parses one file: records of known sections go to the builder; the rest is skipped. */
    private static final class FileParser {
        private final FileKind kind;
        private final String where;
        private final DmdRelease.Builder builder;
        private final Map<String, Integer> counts = new LinkedHashMap<>();

        FileParser(FileKind kind, String where, DmdRelease.Builder builder) {
            this.kind = kind;
            this.where = where;
            this.builder = builder;
        }

        void parse(XMLStreamReader xml) throws XMLStreamException {
            int recordDepth = kind.recordDepth;
            int depth = 0;
            String section = null;
            String record = null;
            boolean collecting = false;
            int recordLine = -1;
            int recordColumn = -1;
            String field = null;
            StringBuilder text = new StringBuilder(64);
            Map<String, String> fields = new HashMap<>();
            boolean sawRoot = false;
            while (xml.hasNext()) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        String name = xml.getLocalName();
                        if (depth == 1) {
                            sawRoot = true;
                            if (!kind.root.equals(name)) {
                                Location at = xml.getLocation();
                                throw new DmdReleaseException(
                                        "expected root element <" + kind.root + "> of a " + kind.label
                                                + " file but found <" + name + ">",
                                        where,
                                        at.getLineNumber(),
                                        at.getColumnNumber(),
                                        null);
                            }
                        } else if (depth == 2 && recordDepth == 3) {
                            section = name;
                        } else if (depth == recordDepth) {
                            record = name;
                            collecting = wants(section, record);
                            if (collecting) {
                                fields.clear();
                                Location at = xml.getLocation();
                                recordLine = at.getLineNumber();
                                recordColumn = at.getColumnNumber();
                            }
                        } else if (depth == recordDepth + 1 && collecting) {
                            field = name;
                            text.setLength(0);
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (field != null && depth == recordDepth + 1) {
                            text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (depth == recordDepth + 1 && field != null) {
                            String value = text.toString().strip();
                            if (!value.isEmpty()) {
                                fields.put(field, value);
                            }
                            field = null;
                        } else if (depth == recordDepth && collecting) {
                            accept(section, record, fields, recordLine, recordColumn);
                            collecting = false;
                        } else if (depth == 2 && recordDepth == 3) {
                            section = null;
                        }
                        depth--;
                    }
                    default -> {
                        // comments, processing instructions, document start/end: nothing to do
                    }
                }
            }
            if (!sawRoot) {
                throw new DmdReleaseException("no root element <" + kind.root + ">", where, -1, -1, null);
            }
        }

        /** Whether a record of this section is used. */
        private boolean wants(String section, String record) {
            return switch (kind) {
                case LOOKUP -> "INFO".equals(record);
                case INGREDIENT -> "ING".equals(record);
                case VTM -> "VTM".equals(record);
                case VMP ->
                    ("VMPS".equals(section) && "VMP".equals(record))
                            || ("VIRTUAL_PRODUCT_INGREDIENT".equals(section) && "VPI".equals(record))
                            || ("DRUG_FORM".equals(section) && "DFORM".equals(record))
                            || ("DRUG_ROUTE".equals(section) && "DROUTE".equals(record));
                case AMP -> "AMPS".equals(section) && "AMP".equals(record);
                case VMPP -> "VMPPS".equals(section) && "VMPP".equals(record);
                case AMPP -> "AMPPS".equals(section) && "AMPP".equals(record);
                case BNF ->
                    ("VMPS".equals(section) && "VMP".equals(record))
                            || ("AMPS".equals(section) && "AMP".equals(record));
                case HISTORY -> HISTORY_LEVELS.containsKey(record);
            };
        }

        private static final Map<String, DmdLevel> HISTORY_LEVELS = Map.of(
                "VTM",
                DmdLevel.VTM,
                "VMP",
                DmdLevel.VMP,
                "AMP",
                DmdLevel.AMP,
                "VMPP",
                DmdLevel.VMPP,
                "AMPP",
                DmdLevel.AMPP);

        private void accept(String section, String record, Map<String, String> f, int line, int column) {
            Row row = new Row(f, line, column);
            switch (kind) {
                case LOOKUP -> {
                    String code = row.required("CD");
                    String name = f.getOrDefault("DESC", "");
                    builder.lookup(section, code, name);
                    String previous = f.get("CDPREV");
                    if (previous != null) {
                        builder.previousLookup(section, previous, name);
                    }
                    count("lookup entries");
                }
                case INGREDIENT -> {
                    String isid = row.required("ISID");
                    String name = row.required("NM");
                    builder.ingredient(isid, name);
                    String previous = f.get("ISIDPREV");
                    if (previous != null) {
                        builder.previousIngredient(previous, name);
                    }
                    count("ING");
                }
                case VTM -> {
                    builder.concept(
                            DmdConcept.vtm(
                                    row.required("VTMID"), row.required("NM"), row.invalid(), f.get("VTMIDPREV")),
                            row.date("VTMIDDT"));
                    count("VTM");
                    if (f.containsKey("VTMIDPREV")) {
                        count("with VTMIDPREV");
                    }
                    if (row.invalid()) {
                        count("invalid");
                    }
                }
                case VMP -> acceptVmpFile(record, row);
                case AMP -> {
                    builder.concept(DmdConcept.amp(
                            row.required("APID"), row.required("NM"), row.invalid(), shared(row.required("VPID"))));
                    count("AMP");
                }
                case VMPP -> {
                    builder.concept(DmdConcept.vmpp(
                            row.required("VPPID"), row.required("NM"), row.invalid(), shared(row.required("VPID"))));
                    count("VMPP");
                }
                case AMPP -> {
                    builder.concept(DmdConcept.ampp(
                            row.required("APPID"),
                            row.required("NM"),
                            row.invalid(),
                            shared(row.required("VPPID")),
                            shared(row.required("APID"))));
                    count("AMPP");
                }
                case BNF -> {
                    String id = "VMP".equals(record) ? row.required("VPID") : row.required("APID");
                    String bnf = f.get("BNF");
                    if (bnf != null) {
                        builder.bnfCode(id, bnf);
                        count(record + " BNF codes");
                    }
                    String atc = f.get("ATC");
                    if (atc != null && "VMP".equals(record)) {
                        builder.atcCode(id, atc);
                        count("ATC codes");
                    }
                }
                case HISTORY -> {
                    String current = row.required("IDCURRENT");
                    String previous = row.required("IDPREVIOUS");
                    if (!current.equals(previous)) {
                        builder.previousId(previous, current, row.date("ENDDT"));
                        count(record + " previous ids");
                    }
                }
            }
        }

        private void acceptVmpFile(String record, Row row) {
            switch (record) {
                case "VMP" -> {
                    builder.concept(
                            DmdConcept.vmp(
                                    row.required("VPID"),
                                    row.required("NM"),
                                    row.invalid(),
                                    row.fields.get("VPIDPREV"),
                                    shared(row.fields.get("VTMID"))),
                            row.date("VPIDDT"));
                    count("VMP");
                }
                case "VPI" -> {
                    builder.vmpIngredient(
                            shared(row.required("VPID")),
                            row.required("ISID"),
                            row.decimal("STRNT_NMRTR_VAL"),
                            row.fields.get("STRNT_NMRTR_UOMCD"),
                            row.decimal("STRNT_DNMTR_VAL"),
                            row.fields.get("STRNT_DNMTR_UOMCD"));
                    count("VPI");
                }
                case "DFORM" -> {
                    builder.vmpForm(shared(row.required("VPID")), row.required("FORMCD"));
                    count("DFORM");
                }
                case "DROUTE" -> {
                    builder.vmpRoute(shared(row.required("VPID")), row.required("ROUTECD"));
                    count("DROUTE");
                }
                default -> throw new IllegalStateException(record);
            }
        }

        /** The id string of an already-read concept, so parent ids do not duplicate strings. */
        private String shared(String id) {
            if (id == null) {
                return null;
            }
            DmdConcept known = builder.conceptSoFar(id);
            return known == null ? id : known.id();
        }

        private void count(String what) {
            counts.merge(what, 1, Integer::sum);
        }

        String summary() {
            if (counts.isEmpty()) {
                return "no records";
            }
            return counts.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey())
                    .collect(Collectors.joining(", "));
        }

        /** The fields of one record, with its place for messages. */
        private final class Row {
            final Map<String, String> fields;
            final int line;
            final int column;

            Row(Map<String, String> fields, int line, int column) {
                this.fields = fields;
                this.line = line;
                this.column = column;
            }

            String required(String field) {
                String value = fields.get(field);
                if (value == null) {
                    throw new DmdReleaseException(kind.label + " record has no " + field, where, line, column, null);
                }
                return value;
            }

            boolean invalid() {
                String value = fields.get("INVALID");
                if (value == null) {
                    return false;
                }
                try {
                    return Integer.parseInt(value) == 1;
                } catch (NumberFormatException e) {
                    throw new DmdReleaseException("INVALID is not 0 or 1: " + value, where, line, column, e);
                }
            }

            /** An ISO date field; an unreadable date counts as absent (dates only order conflicts). */
            LocalDate date(String field) {
                String value = fields.get(field);
                if (value == null) {
                    return null;
                }
                try {
                    return LocalDate.parse(value);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }

            BigDecimal decimal(String field) {
                String value = fields.get(field);
                if (value == null) {
                    return null;
                }
                try {
                    return new BigDecimal(value);
                } catch (NumberFormatException e) {
                    throw new DmdReleaseException(field + " is not a number: " + value, where, line, column, e);
                }
            }
        }
    }

    /** Lets a StAX reader or a nested zip read an entry without closing the enclosing zip. */
    private static final class NonClosingInputStream extends FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the enclosing stream stays open for the next entry
        }
    }
}
