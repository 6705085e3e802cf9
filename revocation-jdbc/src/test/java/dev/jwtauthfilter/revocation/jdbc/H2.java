package dev.jwtauthfilter.revocation.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh H2 in-memory database for unit-level SQL tests, kept open until {@link #close}. */
final class H2 implements AutoCloseable {
    final String url = "jdbc:h2:mem:revocations-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    final JdbcDataSource dataSource = new JdbcDataSource();

    H2() {
        dataSource.setURL(url);
        dataSource.setUser("sa");
    }

    DataSource dataSource() {
        return dataSource;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                throw new SQLException("no row for " + sql);
            }
            return r.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("SHUTDOWN");
    }
}
