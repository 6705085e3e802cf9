package dev.jwtauthfilter.revocation.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;

/**
 * Records what every {@code dev.jwtauthfilter} logger logs at INFO and above (the filter, the shared
 * store, this module), while still printing it.
 */
final class JulCapture implements AutoCloseable {
    /** Held strongly so that the handler stays on the logger. */
    private final Logger logger = Logger.getLogger("dev.jwtauthfilter");

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

    private JulCapture() {
        handler.setLevel(Level.INFO);
        logger.addHandler(handler);
    }

    static JulCapture start() {
        return new JulCapture();
    }

    /** The formatted messages at this level. */
    List<String> messages(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .collect(Collectors.toList());
    }

    /** Every formatted message, with the messages of attached exceptions and their causes. */
    String everything() {
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

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
