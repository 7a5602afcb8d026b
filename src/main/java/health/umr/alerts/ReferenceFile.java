package health.umr.alerts;

import java.util.List;
import java.util.Objects;

/**
 * What one reference file says about itself in its {@code #} header lines.
 *
 * @param fileName the file, e.g. {@code time-critical-medicines.csv}
 * @param title    its {@code # title:} line (empty if none)
 * @param version  its {@code # version:} line, e.g. {@code 2026-11-22.1}
 * @param sources  its {@code # source:} lines, in order (at least one)
 * @param rows     the number of data rows
 */
public record ReferenceFile(String fileName, String title, String version, List<String> sources, int rows) {

    public ReferenceFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(version, "version");
        sources = List.copyOf(sources);
    }
}
