package org.signet.services.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The WARN and ERROR records a {@code @QuarkusTest}'s application logs while open (it shares the test's JVM, and
 * JBoss Log Manager serves {@code java.util.logging}): for tests that prove something is not logged, or not often.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.WARNING);
        root.addHandler(this);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Logger name, level and unformatted message of each record at {@code level} or above. */
    public List<String> atLeast(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(r -> r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage()).toList();
    }

    /** ERROR in JBoss Logging terms. */
    public List<String> errors() {
        return atLeast(Level.SEVERE);
    }

    /** WARN and ERROR in JBoss Logging terms. */
    public List<String> warnings() {
        return atLeast(Level.WARNING);
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            records.add(record);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
