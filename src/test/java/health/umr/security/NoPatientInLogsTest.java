package health.umr.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import health.umr.ops.Causes;
import java.util.List;
import java.util.logging.Level;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class NoPatientInLogsTest {

    /** The scanner every log line passes through says what the Pattern's find() says. */
    @Property(tries = 5_000)
    void theScannerFindsWhatThePatternFinds(@ForAll("lines") String line) {
        assertEquals(NoPatientInLogs.NHS_NUMBER.matcher(line).find(), NoPatientInLogs.namesNhsNumber(line), line);
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(13),
                Arbitraries.strings().withChars("0123456789 -").ofMinLength(1).ofMaxLength(16),
                Arbitraries.of(
                        " ", "-", "--", "  ", "\t", "x", "GET /api/patients/", " 200 ", "\u0660\u0661", "\uff10"),
                Arbitraries.strings().all().ofMaxLength(3));
        return piece.list().ofMaxSize(12).map(pieces -> String.join("", pieces));
    }

    @Test
    void nhsNumbersAreMaskedInMessagesAndExceptions() {
        ExtLogRecord record = new ExtLogRecord(
                Level.WARNING, "refused: NHS number %s is invalid", ExtLogRecord.FormatStyle.PRINTF, "x");
        record.setParameters(new Object[] {"944 930 6681"});
        record.setThrown(
                new IllegalStateException("patient 9449306680 not found", new RuntimeException("again 9449306680")));
        new NoPatientInLogs().isLoggable(record);
        assertEquals("refused: NHS number [nhs-number] is invalid", record.getFormattedMessage());
        assertFalse(record.getThrown().getMessage().contains("9449306680"));
        assertFalse(record.getThrown().getCause().getMessage().contains("9449306680"));
    }

    @Test
    void aCycleOfCausesIsMaskedOnceAndLoggedWithoutTheCycle() {
        RuntimeException a = new RuntimeException("patient 9449306680 again");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b); // a -> b -> a: walking it used to recurse without end
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "failed", ExtLogRecord.FormatStyle.NO_FORMAT, "x");
        record.setThrown(new IllegalStateException("top", a));
        new NoPatientInLogs().isLoggable(record);
        Throwable masked = record.getThrown();
        assertEquals(
                "java.lang.RuntimeException: patient [nhs-number] again",
                masked.getCause().getMessage());
        assertEquals(
                "java.lang.RuntimeException: b", masked.getCause().getCause().getMessage());
        assertNull(masked.getCause().getCause().getCause());
    }

    @Test
    void aChainTooLongToWalkIsMaskedAndCutWhereTheWalkStopped() {
        Throwable thrown = new RuntimeException("deep down, patient 9449306680");
        for (int i = 0; i < Causes.MAX_DEPTH + 1; i++) {
            thrown = new RuntimeException("level " + i, thrown);
        }
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "failed", ExtLogRecord.FormatStyle.NO_FORMAT, "x");
        record.setThrown(thrown);
        new NoPatientInLogs().isLoggable(record);
        List<Throwable> logged = Causes.chain(record.getThrown());
        assertEquals(Causes.MAX_DEPTH + 1, logged.size());
        assertNull(logged.get(Causes.MAX_DEPTH).getCause());
        assertTrue(logged.stream().noneMatch(t -> t.getMessage().contains("9449306680")));
    }

    /** A failed close() in a try-with-resources names the patient only in a suppressed exception. */
    @Test
    void nhsNumbersAreMaskedInSuppressedExceptionsAndTheirCauses() {
        IllegalStateException top = new IllegalStateException("store failed");
        RuntimeException closing = new RuntimeException("close failed", new RuntimeException("for 944 930 6681"));
        closing.addSuppressed(new RuntimeException("and again 9449306680"));
        top.addSuppressed(closing);
        top.addSuppressed(new RuntimeException("nothing here"));
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "failed", ExtLogRecord.FormatStyle.NO_FORMAT, "x");
        record.setThrown(top);
        new NoPatientInLogs().isLoggable(record);
        Throwable masked = record.getThrown();
        assertEquals(2, masked.getSuppressed().length, "both suppressed exceptions still logged");
        Throwable maskedClosing = masked.getSuppressed()[0];
        assertEquals("java.lang.RuntimeException: close failed", maskedClosing.getMessage());
        assertEquals(
                "java.lang.RuntimeException: for [nhs-number]",
                maskedClosing.getCause().getMessage());
        assertEquals(
                "java.lang.RuntimeException: and again [nhs-number]", maskedClosing.getSuppressed()[0].getMessage());
        assertEquals("java.lang.RuntimeException: nothing here", masked.getSuppressed()[1].getMessage());
        assertArrayEquals(closing.getStackTrace(), maskedClosing.getStackTrace());
        java.io.StringWriter printed = new java.io.StringWriter();
        masked.printStackTrace(new java.io.PrintWriter(printed));
        assertFalse(printed.toString().contains("6681"), printed::toString);
    }

    @Test
    void aCycleThroughSuppressedExceptionsIsMaskedOnce() {
        RuntimeException a = new RuntimeException("a, patient 9449306680");
        RuntimeException b = new RuntimeException("b");
        a.addSuppressed(b);
        b.addSuppressed(a); // a suppresses b suppresses a: printStackTrace says CIRCULAR REFERENCE
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "failed", ExtLogRecord.FormatStyle.NO_FORMAT, "x");
        record.setThrown(a);
        new NoPatientInLogs().isLoggable(record);
        Throwable masked = record.getThrown();
        assertEquals("java.lang.RuntimeException: a, patient [nhs-number]", masked.getMessage());
        assertEquals("java.lang.RuntimeException: b", masked.getSuppressed()[0].getMessage());
        assertEquals(0, masked.getSuppressed()[0].getSuppressed().length);
    }

    @Test
    void otherNumbersStay() {
        assertEquals("batch of 500 in 12345 ms", NoPatientInLogs.mask("batch of 500 in 12345 ms"));
    }
}
