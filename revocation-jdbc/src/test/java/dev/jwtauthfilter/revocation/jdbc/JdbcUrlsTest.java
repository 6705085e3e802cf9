package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "jdbc:postgresql://db.example:5432/app | jdbc:postgresql://db.example:5432/app",
                "jdbc:postgresql://db.example/app?user=u&password=s3cret | jdbc:postgresql://db.example/app",
                "jdbc:h2:file:/var/lib/app/revocations;PASSWORD=s3cret | jdbc:h2:file:/var/lib/app/revocations",
                "jdbc:mysql://u:s3cret@db.example/app | jdbc:mysql://***@db.example/app",
                "jdbc:oracle:thin:scott/s3cret@db.example:1521:orcl | jdbc:oracle:***@db.example:1521:orcl",
                "jdbc:sqlserver://db.example;user=u;password=s3cret | jdbc:sqlserver://db.example",
            })
    void redactKeepsHostAndDatabaseButNoCredentials(String url, String shown) {
        assertEquals(shown, JdbcUrls.redact(url));
    }

    @Test
    void findsTheDriverOfAUrlInTheClassLoader() {
        assertEquals(
                "org.postgresql.Driver",
                JdbcUrls.driverFor("jdbc:postgresql://127.0.0.1/x", getClass().getClassLoader())
                        .orElseThrow()
                        .getClass()
                        .getName());
    }

    @Test
    void findsNoDriverForAnUnknownSubprotocol() {
        assertTrue(JdbcUrls.driverFor("jdbc:nosuchdb://h/x", getClass().getClassLoader())
                .isEmpty());
    }

    @Test
    void postgresConnectionsGetConnectLoginAndSocketTimeouts() {
        Properties p = JdbcUrls.properties("jdbc:postgresql://h/x", "app", "pw", Duration.ofMillis(1500));

        assertEquals("app", p.getProperty("user"));
        assertEquals("pw", p.getProperty("password"));
        assertEquals("2", p.getProperty("connectTimeout"));
        assertEquals("2", p.getProperty("loginTimeout"));
        assertEquals("22", p.getProperty("socketTimeout"));
    }

    @Test
    void otherDriversGetOnlyTheCredentials() {
        Properties p = JdbcUrls.properties("jdbc:h2:mem:x", "sa", null, Duration.ofSeconds(2));

        assertEquals(1, p.size());
        assertEquals("sa", p.getProperty("user"));
    }
}
