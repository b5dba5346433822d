package io.jenkins.plugins.oauth2credentials.engine.cases;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects what the engine writes to java.util.logging, so tests can look for leaked secrets. */
final class EngineLogCapture extends Handler {
    private static final String ENGINE = "io.jenkins.plugins.oauth2credentials.engine";

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    // Held strongly: java.util.logging forgets the level of a logger nobody references.
    private Logger logger;
    private Level previousLevel;

    void start() {
        logger = Logger.getLogger(ENGINE);
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    void stop() {
        logger.removeHandler(this);
        logger.setLevel(previousLevel);
    }

    /** Every record as a line of text: the formatted message plus the messages of its causes. */
    List<String> lines() {
        return records.stream().map(this::text).toList();
    }

    /** The records at WARNING or above, as text. */
    List<String> warnings() {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(this::text)
                .toList();
    }

    private String text(LogRecord record) {
        StringBuilder text = new StringBuilder(formatter.formatMessage(record));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append(" | ").append(t);
        }
        return text.toString();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
