package health.umr.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class NoPatientInLogsTest {

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
    void otherNumbersStay() {
        assertEquals("batch of 500 in 12345 ms", NoPatientInLogs.mask("batch of 500 in 12345 ms"));
    }
}
