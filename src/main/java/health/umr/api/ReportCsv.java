package health.umr.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Reports as CSV: RFC 4180 (CRLF rows, fields quoted where they must be), one header row. */
final class ReportCsv {

    static final String TEXT_CSV = "text/csv";
    static final String TEXT_CSV_UTF8 = "text/csv; charset=UTF-8";

    private ReportCsv() {}

    /** True when the client asked for CSV rather than JSON. */
    static boolean wanted(HttpHeaders headers) {
        MediaType csv = MediaType.valueOf(TEXT_CSV);
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !accepted.isWildcardType()) {
                return false;
            }
            if (accepted.isCompatible(csv) && !accepted.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    static String write(List<String> header, List<List<?>> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get())) {
            for (List<?> row : rows) {
                printer.printRecord(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
