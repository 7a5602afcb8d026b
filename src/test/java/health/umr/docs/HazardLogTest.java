package health.umr.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hazard log's evidence is real: every test it cites as {@code Class#method} (nested classes as
 * {@code Outer$Nested#method}) exists among the compiled tests, so the log cannot drift from the code.
 */
class HazardLogTest {

    private static final Pattern CITED =
            Pattern.compile("`([A-Z][A-Za-z0-9]*(?:\\$[A-Z][A-Za-z0-9]*)*)#([a-zA-Z0-9_]+)`");

    @Test
    void everyTestTheHazardLogCitesExists() throws IOException {
        String log = Files.readString(Path.of("docs/hazard-log.md"));
        Map<String, String> classes = testClasses();
        List<String> missing = new ArrayList<>();
        Matcher m = CITED.matcher(log);
        int cited = 0;
        while (m.find()) {
            cited++;
            String fqcn = classes.get(m.group(1));
            if (fqcn == null) {
                missing.add(m.group(1) + "#" + m.group(2) + " (no such test class)");
                continue;
            }
            try {
                Class<?> type = Class.forName(fqcn);
                boolean found = Arrays.stream(type.getDeclaredMethods())
                        .map(Method::getName)
                        .anyMatch(m.group(2)::equals);
                if (!found) {
                    missing.add(m.group(1) + "#" + m.group(2) + " (no such method)");
                }
            } catch (ClassNotFoundException e) {
                missing.add(m.group(1) + "#" + m.group(2) + " (" + e.getMessage() + ")");
            }
        }
        assertTrue(cited >= 40, "the hazard log cites " + cited + " tests");
        assertEquals(List.of(), missing);
    }

    /** Simple (binary) name → fully qualified name of every compiled test class. */
    private static Map<String, String> testClasses() throws IOException {
        Path root = Path.of("target/test-classes");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String relative = root.relativize(p).toString();
                String fqcn = relative.substring(0, relative.length() - ".class".length())
                        .replace('/', '.')
                        .replace('\\', '.');
                out.put(fqcn.substring(fqcn.lastIndexOf('.') + 1), fqcn);
            });
        }
        return out;
    }
}
