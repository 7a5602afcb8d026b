package health.umr.security;

import health.umr.domain.NhsNumberShape;
import health.umr.ops.Causes;
import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Logs name no patient: every console line passes here, and anything shaped like an NHS number
 * (ten digits, run together or spaced 3-3-4) is replaced by {@code [nhs-number]}, in the message
 * and in an exception's message alike (its causes' and the exceptions it suppressed too). Refusal
 * messages quote what was sent; the audit trail, not the log, is where who-read-whom is kept.
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
            // the causes and the suppressed exceptions: the console prints both
            Causes.Tree tree = Causes.tree(thrown);
            if (mentionsPatient(tree)) {
                record.setThrown(masked(tree));
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
     * Whether a message in the tree (causes, suppressed exceptions) names a patient. A tree too big to
     * walk whole counts as naming one: what lies beyond the walk is unread, and the masked copy leaves it out.
     */
    private static boolean mentionsPatient(Causes.Tree tree) {
        if (tree.cutShort()) {
            return true;
        }
        for (Throwable t : tree.throwables()) {
            if (t.getMessage() != null && namesNhsNumber(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same exceptions (types, stack traces, causes, suppressed ones), with masked messages; never
     * a cycle (the tree holds each throwable once).
     */
    private static Throwable masked(Causes.Tree tree) {
        Throwable copy = null;
        for (int i = tree.chain().size() - 1; i >= 0; i--) {
            Causes.Link link = tree.chain().get(i);
            Throwable thrown = link.thrown();
            copy = new MaskedException(thrown.getClass().getName() + ": " + mask(thrown.getMessage()), copy);
            copy.setStackTrace(thrown.getStackTrace());
            for (Causes.Tree suppressed : link.suppressed()) {
                copy.addSuppressed(masked(suppressed));
            }
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
