package dev.jwtauthfilter.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;

/**
 * Records what the filter logs (its {@code System.Logger}, backed by java.util.logging here) from
 * {@link #start()} to {@link #close()}, at every level down to DEBUG (JUL FINE).
 */
public final class LogCapture implements AutoCloseable {
    public static final String FILTER_LOGGER = "dev.jwtauthfilter.JwtAuthFilter";

    /** Held strongly so that the level set here stays on the logger. */
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
    private final Level previousLevel;
    private final boolean previousUseParentHandlers;

    private LogCapture(String loggerName, Level level, boolean exclusive) {
        logger = Logger.getLogger(loggerName);
        previousLevel = logger.getLevel();
        previousUseParentHandlers = logger.getUseParentHandlers();
        logger.setLevel(level);
        logger.setUseParentHandlers(!exclusive && previousUseParentHandlers);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    public static LogCapture start() {
        return new LogCapture(FILTER_LOGGER, Level.FINE, true);
    }

    /** Captures the named logger (e.g. a store's class name) instead of the filter's. */
    public static LogCapture start(String loggerName) {
        return new LogCapture(loggerName, Level.FINE, true);
    }

    /**
     * Also records what the named logger and its children log from this level up, leaving its
     * level otherwise and its other handlers as they were; {@code ""} is the root logger, which
     * receives the containers' logs.
     */
    public static LogCapture alongside(String loggerName, Level level) {
        return new LogCapture(loggerName, level, false);
    }

    /** The formatted messages logged at this level or above. */
    public List<String> messagesAtOrAbove(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(r -> r.getLoggerName() + ": " + formatter.formatMessage(r))
                .collect(Collectors.toList());
    }

    /** The formatted messages logged at exactly this level (WARNING for WARN, FINE for DEBUG). */
    public List<String> messages(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .collect(Collectors.toList());
    }

    /** Every formatted message at any level, with the messages of attached exceptions and their causes. */
    public String everything() {
        SimpleFormatter formatter = new SimpleFormatter();
        StringBuilder all = new StringBuilder();
        for (LogRecord r : records) {
            all.append(formatter.formatMessage(r)).append('\n');
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
        }
        return all.toString();
    }

    public void clear() {
        records.clear();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParentHandlers);
    }
}
