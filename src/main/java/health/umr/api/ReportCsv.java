package health.umr.api;

import health.umr.domain.ErrorCode;
import health.umr.domain.InvalidInputException;
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
        for (MediaType accepted : acceptable(headers)) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !accepted.isWildcardType()) {
                return false;
            }
            if (accepted.isCompatible(csv) && !accepted.isWildcardType()) {
                return true;
            }
        }
        return false;
    }

    /** The Accept header's media types; none when it is absent or blank (no preference, so JSON). */
    private static List<MediaType> acceptable(HttpHeaders headers) {
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return List.of();
        }
        try {
            return headers.getAcceptableMediaTypes();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    ErrorCode.NOT_ACCEPTABLE,
                    "the Accept header is not a list of media types: ask for application/json or text/csv");
        }
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
