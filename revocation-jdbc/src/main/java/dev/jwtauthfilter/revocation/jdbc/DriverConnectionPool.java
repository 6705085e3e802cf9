package dev.jwtauthfilter.revocation.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small pool of connections opened with a JDBC {@link Driver}, for {@code revocationStore.url}:
 * at most {@code size} connections, idle ones reused most-recent first, and one idle for more than
 * {@link #VALIDATE_AFTER_IDLE} checked with {@link Connection#isValid} before reuse. A connection
 * that failed is closed, never reused. No thread of its own.
 */
final class DriverConnectionPool implements ConnectionSource {
    static final Duration VALIDATE_AFTER_IDLE = Duration.ofMillis(500);

    private final Driver driver;
    private final String url;
    private final Properties properties;
    private final int size;
    private final Duration timeout;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param driver accepts the URL
     * @param url the JDBC URL, possibly with credentials (never logged)
     * @param properties user, password and driver settings
     * @param size most connections open at once
     * @param timeout how long {@link #get} waits for a free connection, and {@code isValid}'s limit
     */
    DriverConnectionPool(Driver driver, String url, Properties properties, int size, Duration timeout) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.url = Objects.requireNonNull(url, "url");
        this.properties = (Properties) properties.clone();
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive");
        }
        this.size = size;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.permits = new Semaphore(size, true);
    }

    @Override
    public Connection get() throws SQLException {
        try {
            if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException(
                        "all " + size + " connections of the revocation store were busy for " + timeout.toMillis()
                                + " ms",
                        "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a connection", "08001", e);
        }
        try {
            return reuseOrOpen();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    @Override
    public void release(Connection connection, boolean healthy) {
        try {
            synchronized (this) {
                if (healthy && !closed) {
                    idle.push(new Idle(connection, System.nanoTime()));
                    return;
                }
            }
            ConnectionSource.closeQuietly(connection);
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        Deque<Idle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(i -> ConnectionSource.closeQuietly(i.connection()));
    }

    /** Idle connections, for tests. */
    synchronized int idleCount() {
        return idle.size();
    }

    private Connection reuseOrOpen() throws SQLException {
        while (true) {
            Idle candidate;
            synchronized (this) {
                if (closed) {
                    throw new SQLTransientConnectionException("the revocation store is closed", "08003");
                }
                candidate = idle.poll();
            }
            if (candidate == null) {
                return open();
            }
            if (System.nanoTime() - candidate.sinceNanos() <= VALIDATE_AFTER_IDLE.toNanos()
                    || isValid(candidate.connection())) {
                return candidate.connection();
            }
            ConnectionSource.closeQuietly(candidate.connection());
        }
    }

    private boolean isValid(Connection connection) {
        try {
            return connection.isValid(JdbcBackend.seconds(timeout));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private Connection open() throws SQLException {
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            // the driver said it accepts the URL, then declined it
            throw new SQLException("the JDBC driver " + driver.getClass().getName() + " declined the URL", "08001");
        }
        return connection;
    }

    private record Idle(Connection connection, long sinceNanos) {}
}
