package io.jenkins.plugins.oauth2credentials.engine.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects every record a java.util.logging logger and its children emit, at every level, from
 * {@link #of} until {@link #close}, so that tests can count warnings and search the engine's log
 * for leaked secrets. Closing restores the logger's level.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    /** The logger of the engine's package, parent of every engine class's logger. */
    public static final String ENGINE = "io.jenkins.plugins.oauth2credentials.engine";

    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    // Held strongly: java.util.logging forgets the level of a logger nobody references.
    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        this.previousLevel = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Starts capturing the records of the logger with this name. */
    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** Every record so far, oldest first. */
    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records at exactly this level from the named logger. */
    public List<LogRecord> at(Level level, String loggerName) {
        return records().stream()
                .filter(r -> r.getLevel().equals(level) && loggerName.equals(r.getLoggerName()))
                .toList();
    }

    /** Every record as a line of text: the formatted message plus the messages of its causes. */
    public List<String> lines() {
        return records().stream().map(LogCapture::text).toList();
    }

    /** The records at WARNING or above, as lines of text. */
    public List<String> warnings() {
        return records().stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogCapture::text)
                .toList();
    }

    /** The message with its parameters filled in, as a handler would print it. */
    public static String formatted(LogRecord record) {
        return FORMATTER.formatMessage(record);
    }

    private static String text(LogRecord record) {
        StringBuilder text = new StringBuilder(formatted(record));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append(" | ").append(t);
        }
        return text.toString();
    }

    @Override
    public void flush() {}

    /** Stops capturing and gives the logger back its level; the records stay readable. */
    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
