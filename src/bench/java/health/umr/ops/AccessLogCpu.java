package health.umr.ops;

import health.umr.bench.ThreadCpuRunner;
import health.umr.security.NoPatientInLogs;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * What one access-log line costs, before and after issue 14's change, by the CPU time of the thread
 * that makes it: redacting the URI, the log record, the no-patient filter and the console pattern
 * (application.properties), all but the write itself. Before: the split/regex redaction, a printf
 * record the filter formats (and regex-scans) and the handler formats again. After: the one-pass
 * redaction, the finished line, the scanner. Run: {@code java -cp <test classpath>
 * health.umr.ops.AccessLogCpu [rounds] [times]} (bench/README.md).
 */
public final class AccessLogCpu {

    private static final Pattern NHS_NUMBER =
            Pattern.compile("(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])"); // NoPatientInLogs' own
    private static final String URI = "/api/patients/9449306680/medications";

    private AccessLogCpu() {}

    public static void main(String[] args) {
        PatternFormatter console = new PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n");
        NoPatientInLogs filter = new NoPatientInLogs();
        String[] names = {"redactUri (before)", "redactUri (after)", "log line (before)", "log line (after)"};
        LongSupplier[] operations = {
            () -> PatientIdentifiersBefore.redactUri(URI).length(),
            () -> PatientIdentifiers.redactUri(URI).length(),
            () -> {
                ExtLogRecord record = record("%s %s %d %d bytes %d ms from %s", ExtLogRecord.FormatStyle.PRINTF);
                record.setParameters(
                        new Object[] {"GET", PatientIdentifiersBefore.redactUri(URI), 200, 1234L, 3L, "127.0.0.1"});
                String message = record.getFormattedMessage(); // what the filter did
                boolean named = NHS_NUMBER.matcher(message).find();
                return console.format(record).length() + (named ? 1 : 0);
            },
            () -> {
                ExtLogRecord record = record(
                        AccessLog.line("GET", PatientIdentifiers.redactUri(URI), 200, 1234L, 3L, "127.0.0.1"),
                        ExtLogRecord.FormatStyle.MESSAGE_FORMAT);
                filter.isLoggable(record);
                return console.format(record).length();
            }
        };
        ThreadCpuRunner.run("operation", names, operations, args, 6, 100_000);
    }

    private static ExtLogRecord record(String message, ExtLogRecord.FormatStyle style) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message, style, AccessLogCpu.class.getName());
        record.setLoggerName(AccessLog.CATEGORY);
        return record;
    }
}
