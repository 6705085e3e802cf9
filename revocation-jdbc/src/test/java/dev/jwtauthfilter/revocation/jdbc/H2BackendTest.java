package dev.jwtauthfilter.revocation.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/** The backend's SQL on H2 (in memory, a fresh database per test). */
class H2BackendTest extends JdbcBackendContract {
    private final List<H2> databases = new ArrayList<>();

    @Override
    Database newDatabase() {
        H2 h2 = new H2();
        databases.add(h2);
        return new Database() {
            @Override
            public DataSource dataSource() {
                return h2.dataSource();
            }

            @Override
            public String tablePrefix() {
                return "jwt_";
            }

            @Override
            public void execute(String sql) throws SQLException {
                h2.execute(sql);
            }

            @Override
            public long queryLong(String sql) throws SQLException {
                return h2.queryLong(sql);
            }
        };
    }

    @AfterEach
    void closeDatabases() throws SQLException {
        for (H2 h2 : databases) {
            h2.close();
        }
    }
}
