package dev.jwtauthfilter.revocation.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Where the store gets its connections: the application's {@code DataSource}, or its own small pool. */
interface ConnectionSource extends AutoCloseable {
    /**
     * A connection for one operation, handed back with {@link #release}.
     *
     * @throws SQLException if none can be had (server down, pool exhausted for the timeout)
     */
    Connection get() throws SQLException;

    /**
     * Hands a connection back.
     *
     * @param connection from {@link #get}
     * @param healthy false after any failure on it, so that it is closed rather than reused
     */
    void release(Connection connection, boolean healthy);

    /** Closes idle connections; connections still in use are closed when released. */
    @Override
    void close();

    /** An application's {@code DataSource}, normally pooled by the container: each release closes. */
    static ConnectionSource of(DataSource dataSource) {
        return new ConnectionSource() {
            @Override
            public Connection get() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void release(Connection connection, boolean healthy) {
                closeQuietly(connection);
            }

            @Override
            public void close() {
                // the DataSource belongs to the application or the container
            }
        };
    }

    static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // already broken; nothing to hand back
        }
    }
}
