package dev.jwtauthfilter.revocation.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The backend's SQL on a real PostgreSQL (one server, a fresh table prefix per test). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresBackendIT extends JdbcBackendContract {
    private final Postgres postgres = Postgres.start("backend");

    @AfterAll
    void stopPostgres() throws Exception {
        postgres.close();
    }

    @Override
    Database newDatabase() {
        String prefix = postgres.newTablePrefix();
        return new Database() {
            @Override
            public DataSource dataSource() {
                return postgres.dataSource();
            }

            @Override
            public String tablePrefix() {
                return prefix;
            }

            @Override
            public void execute(String sql) throws SQLException {
                try (Connection c = postgres.dataSource().getConnection();
                        Statement s = c.createStatement()) {
                    s.execute(sql);
                }
            }

            @Override
            public long queryLong(String sql) throws SQLException {
                return postgres.queryLong(sql);
            }
        };
    }
}
