package health.umr.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records a logger (and every logger under it) publishes from {@link #on} until {@link #close}:
 * for tests of what the service logs. The records list is live, so a test can wait for a line.
 */
public final class CapturedLogs implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private CapturedLogs(Logger logger) {
        this.logger = logger;
        logger.addHandler(handler);
    }

    public static CapturedLogs on(Logger logger) {
        return new CapturedLogs(logger);
    }

    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
