package io.jenkins.plugins.oauth2credentials.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects every record a logger (and its children) emits, at every level, until closed. */
final class LogCapture extends Handler implements AutoCloseable {
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

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
    static LogCapture of(String name) {
        return new LogCapture(name);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records at exactly this level from the named logger. */
    List<LogRecord> at(Level level, String loggerName) {
        return records().stream()
                .filter(r -> r.getLevel().equals(level) && loggerName.equals(r.getLoggerName()))
                .toList();
    }

    /** The message with its parameters filled in, as a handler would print it. */
    static String formatted(LogRecord record) {
        return FORMATTER.formatMessage(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }
}
