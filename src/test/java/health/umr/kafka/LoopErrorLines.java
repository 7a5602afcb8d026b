package health.umr.kafka;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The consumer loop's ERROR lines, as logged (before the console's filter), for the Kafka tests. */
final class LoopErrorLines extends Handler {
    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(InboundConsumerLoop.class.getName());

    static LoopErrorLines capture() {
        LoopErrorLines errors = new LoopErrorLines();
        errors.logger.addHandler(errors);
        return errors;
    }

    /** ERROR lines saying consumption paused. */
    long paused() {
        return records.stream()
                .filter(r -> r.getMessage().contains("consumption paused"))
                .count();
    }

    /** ERROR lines saying a message goes to the dead-letter topic. */
    long deadLettered() {
        return records.stream()
                .filter(r -> r.getMessage().contains("goes to the dead-letter topic:"))
                .count();
    }

    void release() {
        logger.removeHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            records.add(record);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
