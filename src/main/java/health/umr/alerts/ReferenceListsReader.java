package health.umr.alerts;

import health.umr.dmd.SnomedId;
import health.umr.domain.Alert;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the reference CSV files into {@link ReferenceLists}, from the classpath
 * ({@code reference/} in the service's resources) or from a folder.
 *
 * <h2>Format</h2>
 * UTF-8, comma-separated, one record per line; a field may be double-quoted ({@code "a, b"}, with
 * {@code ""} for a quote inside). Blank lines and lines starting with {@code #} are skipped;
 * {@code # key: value} comment lines are the file's header: {@code version} (required, once, like
 * {@code 2026-11-22.1}), {@code source} (at least one), {@code title}. The first other line must
 * be exactly the expected column names. Columns:
 * <table>
 *   <caption>reference files</caption>
 *   <tr><th>file</th><th>columns</th></tr>
 *   <tr><td>{@value #TIME_CRITICAL}</td><td>{@code vtm_id,vtm_name,class,applies_to,due_within,reason,source}</td></tr>
 *   <tr><td>{@value #ACB}</td><td>{@code vtm_id,vtm_name,acb_score,scale,source_name,note}</td></tr>
 *   <tr><td>{@value #DUPLICATION}</td><td>{@code class,class_name,severity,vtm_id,vtm_name,role,applies_to,advice,source}</td></tr>
 *   <tr><td>{@value #VALPROATE}</td><td>{@code vtm_id,vtm_name,source}</td></tr>
 *   <tr><td>{@value #SUBSTITUTES}</td><td>{@code vtm_id,vtm_name,substitute_vtm_id,substitute_vtm_name,applies_to,reason,source}</td></tr>
 *   <tr><td>{@value #NAMES}</td><td>{@code name,vtm_id,vtm_name,source}</td></tr>
 * </table>
 *
 * <h2>Refused</h2>
 * A file is refused whole, with a {@link ReferenceDataException} naming the file and line, if a row
 * has the wrong number of fields or a broken quote; a {@code vtm_id} is not a SNOMED CT concept id;
 * a name, class or reason is empty; a class id is not lower-case letters, digits and hyphens; an
 * ACB score is not a whole number, or is outside 1–3 for a single-scale row (combination rows,
 * scale {@code sum-of-components}, may be higher), or its scale is unknown; a VTM is listed twice
 * in one file (twice in one class for duplication classes); one class id has two names, severities or
 * advices; an {@code applies_to} word, {@code due_within} duration, severity or role is unknown; a
 * substitute names a medicine that is not time-critical; a recognised name names a VTM in no list, or
 * is given twice. Nothing is read partially.
 */
public final class ReferenceListsReader {

    public static final String TIME_CRITICAL = "time-critical-medicines.csv";
    public static final String ACB = "anticholinergic-burden.csv";
    public static final String DUPLICATION = "duplication-classes.csv";
    public static final String VALPROATE = "valproate.csv";
    public static final String SUBSTITUTES = "time-critical-substitutes.csv";
    public static final String NAMES = "medicine-names.csv";
    /** Where the files are on the classpath. */
    public static final String CLASSPATH_FOLDER = "reference/";

    static final List<String> TIME_CRITICAL_COLUMNS =
            List.of("vtm_id", "vtm_name", "class", "applies_to", "due_within", "reason", "source");
    static final List<String> ACB_COLUMNS = List.of("vtm_id", "vtm_name", "acb_score", "scale", "source_name", "note");
    static final List<String> DUPLICATION_COLUMNS =
            List.of("class", "class_name", "severity", "vtm_id", "vtm_name", "role", "applies_to", "advice", "source");
    static final List<String> VALPROATE_COLUMNS = List.of("vtm_id", "vtm_name", "source");
    static final List<String> SUBSTITUTE_COLUMNS =
            List.of("vtm_id", "vtm_name", "substitute_vtm_id", "substitute_vtm_name", "applies_to", "reason", "source");
    static final List<String> NAME_COLUMNS = List.of("name", "vtm_id", "vtm_name", "source");
    /** The scale values of the ACB file. */
    static final Set<String> ACB_SCALES = Set.of("ACB", "ACBcalc", "ACB+ACBcalc", "sum-of-components");

    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.\\d+");
    private static final Pattern CLASS_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern HEADER_LINE = Pattern.compile("#\\s*([A-Za-z-]+)\\s*:\\s*(.*)");

    /** Opens a reference file by name; null if there is none. */
    @FunctionalInterface
    private interface Opener {
        InputStream open(String fileName) throws IOException;
    }

    /** The lists in {@code reference/} on this class's classpath. */
    public ReferenceLists readClasspath() {
        ClassLoader loader = ReferenceListsReader.class.getClassLoader();
        return read(name -> loader.getResourceAsStream(CLASSPATH_FOLDER + name), "classpath:" + CLASSPATH_FOLDER);
    }

    /** The lists in a folder holding the files. */
    public ReferenceLists read(Path folder) {
        return read(
                name -> {
                    try {
                        return Files.newInputStream(folder.resolve(name));
                    } catch (NoSuchFileException e) {
                        return null;
                    }
                },
                folder + "/");
    }

    private ReferenceLists read(Opener opener, String where) {
        Table tc = load(opener, where, TIME_CRITICAL, TIME_CRITICAL_COLUMNS);
        Table acb = load(opener, where, ACB, ACB_COLUMNS);
        Table dup = load(opener, where, DUPLICATION, DUPLICATION_COLUMNS);
        Table valproate = load(opener, where, VALPROATE, VALPROATE_COLUMNS);
        Table substitutes = load(opener, where, SUBSTITUTES, SUBSTITUTE_COLUMNS);
        Table names = load(opener, where, NAMES, NAME_COLUMNS);
        Map<String, TimeCriticalMedicine> critical = timeCritical(tc);
        Set<String> valproateIds = valproateVtms(valproate);
        return new ReferenceLists(
                critical,
                acbScores(acb),
                duplicationClasses(dup),
                valproateIds,
                substitutes(substitutes, critical),
                names(names, critical, valproateIds),
                List.of(tc.file(), acb.file(), dup.file(), valproate.file(), substitutes.file(), names.file()));
    }

    private static Table load(Opener opener, String where, String fileName, List<String> columns) {
        try (InputStream in = opener.open(fileName)) {
            if (in == null) {
                throw new ReferenceDataException(fileName + ": not found in " + where);
            }
            return parse(fileName, in, columns);
        } catch (IOException e) {
            throw new ReferenceDataException(fileName + ": cannot be read: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ the files

    private static List<Substitute> substitutes(Table t, Map<String, TimeCriticalMedicine> critical) {
        List<Substitute> out = new ArrayList<>();
        Set<String> pairs = new java.util.TreeSet<>();
        for (Row r : t.rows()) {
            String vtmId = vtmId(t, r, 0);
            required(t, r, 1);
            String substitute = vtmId(t, r, 2);
            String name = required(t, r, 3);
            AppliesTo applies = appliesTo(t, r, 4);
            String reason = required(t, r, 5);
            required(t, r, 6);
            if (!critical.containsKey(vtmId)) {
                throw t.error(r, "VTM " + vtmId + " has a substitute but is not a time-critical medicine");
            }
            if (vtmId.equals(substitute) || !pairs.add(vtmId + ">" + substitute)) {
                throw t.error(r, "substitute " + substitute + " of " + vtmId + " is itself or listed twice");
            }
            out.add(new Substitute(vtmId, substitute, name, applies, reason));
        }
        return out;
    }

    private static List<MedicineNames.Name> names(
            Table t, Map<String, TimeCriticalMedicine> critical, Set<String> valproate) {
        List<MedicineNames.Name> out = new ArrayList<>();
        Set<String> seen = new java.util.TreeSet<>();
        for (Row r : t.rows()) {
            String name = required(t, r, 0);
            String vtmId = vtmId(t, r, 1);
            String vtmName = required(t, r, 2);
            required(t, r, 3);
            if (!critical.containsKey(vtmId) && !valproate.contains(vtmId)) {
                throw t.error(r, "name '" + name + "' names VTM " + vtmId + ", which is in no list");
            }
            if (!seen.add(MedicineNames.words(name))) {
                throw t.error(r, "name '" + name + "' is listed twice");
            }
            out.add(new MedicineNames.Name(name, vtmId, vtmName));
        }
        return out;
    }

    private static AppliesTo appliesTo(Table t, Row r, int column) {
        try {
            return AppliesTo.parse(required(t, r, column));
        } catch (IllegalArgumentException e) {
            throw t.error(r, e.getMessage());
        }
    }

    private static Alert.Severity severity(Table t, Row r, int column) {
        String value = required(t, r, column);
        for (Alert.Severity severity : Alert.Severity.values()) {
            if (severity.code().equals(value)) {
                return severity;
            }
        }
        throw t.error(r, "severity '" + value + "' is not high, moderate or low");
    }

    private static Set<String> valproateVtms(Table t) {
        Set<String> ids = new java.util.TreeSet<>();
        for (Row r : t.rows()) {
            if (!ids.add(vtmId(t, r, 0))) {
                throw t.error(r, "VTM " + r.fields().get(0) + " is listed twice");
            }
        }
        return ids;
    }

    private static Map<String, TimeCriticalMedicine> timeCritical(Table t) {
        Map<String, TimeCriticalMedicine> out = new LinkedHashMap<>();
        for (Row r : t.rows()) {
            String vtmId = vtmId(t, r, 0);
            Duration due;
            try {
                due = Duration.parse(required(t, r, 4));
            } catch (DateTimeParseException e) {
                throw t.error(r, "due_within '" + r.fields().get(4) + "' is not an ISO 8601 duration such as PT30M");
            }
            TimeCriticalMedicine m = new TimeCriticalMedicine(
                    vtmId, required(t, r, 1), classId(t, r, 2), appliesTo(t, r, 3), due, required(t, r, 5));
            required(t, r, 6);
            if (out.putIfAbsent(vtmId, m) != null) {
                throw t.error(r, "VTM " + vtmId + " is listed twice");
            }
        }
        return out;
    }

    private static Map<String, Integer> acbScores(Table t) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Row r : t.rows()) {
            String vtmId = vtmId(t, r, 0);
            required(t, r, 1);
            String scale = required(t, r, 3);
            if (!ACB_SCALES.contains(scale)) {
                throw t.error(r, "unknown scale '" + scale + "' (expected one of " + ACB_SCALES + ")");
            }
            int score;
            try {
                score = Integer.parseInt(r.fields().get(2).trim());
            } catch (NumberFormatException e) {
                throw t.error(r, "acb_score '" + r.fields().get(2) + "' is not a whole number");
            }
            int max = "sum-of-components".equals(scale) ? 12 : 3;
            if (score < 1 || score > max) {
                throw t.error(r, "acb_score " + score + " is outside 1.." + max + " for scale " + scale);
            }
            if (out.putIfAbsent(vtmId, score) != null) {
                throw t.error(r, "VTM " + vtmId + " is listed twice");
            }
        }
        return out;
    }

    private static List<DuplicationClass> duplicationClasses(Table t) {
        Map<String, String[]> classFacts = new LinkedHashMap<>();
        Map<String, Alert.Severity> severities = new LinkedHashMap<>();
        Map<String, Map<String, DuplicationClass.Member>> members = new LinkedHashMap<>();
        for (Row r : t.rows()) {
            String classId = classId(t, r, 0);
            String className = required(t, r, 1);
            Alert.Severity severity = severity(t, r, 2);
            String vtmId = vtmId(t, r, 3);
            String vtmName = required(t, r, 4);
            String role = required(t, r, 5);
            if (!role.equals("anchor") && !role.equals("member")) {
                throw t.error(r, "role '" + role + "' is not anchor or member");
            }
            AppliesTo applies = appliesTo(t, r, 6);
            String advice = required(t, r, 7);
            required(t, r, 8);
            String[] known = classFacts.putIfAbsent(classId, new String[] {className, advice});
            Alert.Severity knownSeverity = severities.putIfAbsent(classId, severity);
            if (known != null
                    && (!known[0].equals(className) || !known[1].equals(advice) || knownSeverity != severity)) {
                throw t.error(r, "class " + classId + " has another name, severity or advice here than before");
            }
            DuplicationClass.Member member =
                    new DuplicationClass.Member(vtmId, vtmName, role.equals("anchor"), applies);
            if (members.computeIfAbsent(classId, k -> new LinkedHashMap<>()).putIfAbsent(vtmId, member) != null) {
                throw t.error(r, "VTM " + vtmId + " is listed twice in class " + classId);
            }
        }
        List<DuplicationClass> out = new ArrayList<>();
        classFacts.forEach((id, facts) -> {
            if (members.get(id).values().stream().noneMatch(DuplicationClass.Member::anchor)) {
                throw new ReferenceDataException(t.file().fileName() + ": class " + id + " has no anchor");
            }
            out.add(new DuplicationClass(id, facts[0], severities.get(id), facts[1], members.get(id)));
        });
        return out;
    }

    private static String vtmId(Table t, Row r, int column) {
        String id = r.fields().get(column).trim();
        if (!SnomedId.isConceptId(id)) {
            throw t.error(r, t.columns().get(column) + " '" + id + "' is not a SNOMED CT concept id");
        }
        return id;
    }

    private static String classId(Table t, Row r, int column) {
        String id = r.fields().get(column).trim();
        if (!CLASS_ID.matcher(id).matches()) {
            throw t.error(
                    r,
                    t.columns().get(column) + " '" + id + "' must be lower-case letters and digits joined by hyphens");
        }
        return id;
    }

    private static String required(Table t, Row r, int column) {
        String value = r.fields().get(column).trim();
        if (value.isEmpty()) {
            throw t.error(r, t.columns().get(column) + " is empty");
        }
        return value;
    }

    // ------------------------------------------------------------------ CSV with a # header

    /** One data row and the line it came from (1-based). */
    record Row(int line, List<String> fields) {}

    /** A parsed file: its header facts, its columns and its data rows. */
    record Table(ReferenceFile file, List<String> columns, List<Row> rows) {

        ReferenceDataException error(Row row, String message) {
            return new ReferenceDataException(file.fileName() + " line " + row.line() + ": " + message);
        }
    }

    /** Parses one file; package-private so tests can feed it text. */
    static Table parse(String fileName, InputStream in, List<String> columns) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)));
        String title = "";
        String version = null;
        List<String> sources = new ArrayList<>();
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        int lineNo = 0;
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (CharacterCodingException e) {
                throw new ReferenceDataException(fileName + " line " + (lineNo + 1) + ": not valid UTF-8", e);
            }
            if (line == null) {
                break;
            }
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                Matcher m = HEADER_LINE.matcher(trimmed);
                if (!m.matches()) {
                    continue;
                }
                String key = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2).strip();
                switch (key) {
                    case "title" -> title = value;
                    case "source" -> {
                        if (!value.isEmpty()) {
                            sources.add(value);
                        }
                    }
                    case "version" -> {
                        if (version != null) {
                            throw new ReferenceDataException(fileName + " line " + lineNo + ": a second version line");
                        }
                        if (!VERSION.matcher(value).matches()) {
                            throw new ReferenceDataException(fileName + " line " + lineNo + ": version '" + value
                                    + "' is not like 2026-11-22.1 (date of the change, then a number)");
                        }
                        version = value;
                    }
                    default -> {
                        // other header facts (made, policy, ...) are for people
                    }
                }
                continue;
            }
            List<String> fields;
            try {
                fields = split(line);
            } catch (IllegalArgumentException e) {
                throw new ReferenceDataException(fileName + " line " + lineNo + ": " + e.getMessage());
            }
            if (header == null) {
                List<String> names = fields.stream().map(String::strip).toList();
                if (!names.equals(columns)) {
                    throw new ReferenceDataException(
                            fileName + " line " + lineNo + ": header " + names + " is not the expected " + columns);
                }
                header = names;
                continue;
            }
            if (fields.size() != columns.size()) {
                throw new ReferenceDataException(fileName + " line " + lineNo + ": " + fields.size()
                        + " fields, expected " + columns.size() + " (" + String.join(",", columns) + ")");
            }
            rows.add(new Row(lineNo, List.copyOf(fields)));
        }
        if (version == null) {
            throw new ReferenceDataException(fileName + ": no '# version:' line");
        }
        if (sources.isEmpty()) {
            throw new ReferenceDataException(fileName + ": no '# source:' line");
        }
        if (header == null) {
            throw new ReferenceDataException(fileName + ": no header row (" + String.join(",", columns) + ")");
        }
        return new Table(new ReferenceFile(fileName, title, version, sources, rows.size()), columns, rows);
    }

    /** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int start = i;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("quote opened at column " + (start + 1) + " is not closed");
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char c = line.charAt(i);
                    if (c == '"') {
                        throw new IllegalArgumentException("quote inside an unquoted field at column " + (i + 1));
                    }
                    field.append(c);
                    i++;
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }
}
