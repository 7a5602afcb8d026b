package health.umr.security;

import health.umr.domain.NhsNumberShape;
import health.umr.ops.Causes;
import io.quarkus.logging.LoggingFilter;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Logs name no patient: every console line passes here, and anything shaped like an NHS number
 * (ten digits, run together or spaced 3-3-4) is replaced by {@code [nhs-number]}, in the message
 * and in an exception's message alike. Refusal messages quote what was sent; the audit trail, not
 * the log, is where who-read-whom is kept.
 */
@LoggingFilter(name = "no-patient")
public final class NoPatientInLogs implements Filter {

    static final Pattern NHS_NUMBER = Pattern.compile("(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])");
    private static final String MASK = "[nhs-number]";

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (message != null && namesNhsNumber(message)) {
            String masked = mask(message);
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            } else {
                record.setMessage(masked);
                record.setParameters(null);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            List<Throwable> chain = Causes.chain(thrown);
            if (mentionsPatient(chain)) {
                record.setThrown(masked(chain));
            }
        }
        return true;
    }

    /** Whether {@link #NHS_NUMBER} finds a match (every line logged passes here; NoPatientInLogsTest checks the scan against it). */
    static boolean namesNhsNumber(String text) {
        return NhsNumberShape.standingAloneIn(text);
    }

    static String mask(String text) {
        return text == null ? null : NHS_NUMBER.matcher(text).replaceAll(MASK);
    }

    /**
     * Whether a message in the chain names a patient. A chain too long to walk whole counts as naming
     * one: what lies beyond the walk is unread, and the masked copy leaves it out.
     */
    private static boolean mentionsPatient(List<Throwable> chain) {
        if (Causes.cutShort(chain)) {
            return true;
        }
        for (Throwable t : chain) {
            if (t.getMessage() != null && namesNhsNumber(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** The same chain of exceptions (types, stack traces), with masked messages; never a cycle. */
    private static Throwable masked(List<Throwable> chain) {
        Throwable copy = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable thrown = chain.get(i);
            copy = new MaskedException(thrown.getClass().getName() + ": " + mask(thrown.getMessage()), copy);
            copy.setStackTrace(thrown.getStackTrace());
        }
        return copy;
    }

    private static final class MaskedException extends RuntimeException {
        MaskedException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
