package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.config.ConfigException;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.RevocationStoreSettings;
import dev.jwtauthfilter.revocation.RevocationStores;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.revocation.TokenIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code revocationStore=jdbc} and its sub-parameters, as the filter hands them over. */
class JdbcRevocationStoreProviderTest {
    private static final String SECRET = "pw-7f3a9c-never-shown";
    private static final String ISS = "https://issuer.test";

    private final H2 db = new H2();
    private final Map<String, String> env = new HashMap<>();

    @AfterEach
    void closeDatabase() throws SQLException {
        db.close();
    }

    private RevocationStore create(Map<String, String> sub) {
        return new JdbcRevocationStoreProvider()
                .create(new RevocationStoreSettings(
                        sub, env::get, name -> null, getClass().getClassLoader(), Clock.systemUTC()));
    }

    private Map<String, String> urlParams() {
        Map<String, String> sub = new LinkedHashMap<>();
        sub.put("url", db.url);
        sub.put("user", "sa");
        sub.put("createTables", "true");
        return sub;
    }

    private ConfigException refused(Map<String, String> sub) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> create(sub).close());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        return e;
    }

    @Test
    void isFoundByTheFilterUnderTheNameJdbc() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("revocationStore", "jdbc");
        urlParams().forEach((k, v) -> params.put("revocationStore." + k, v));

        try (RevocationStore store = RevocationStores.fromInitParams(
                        params, getClass().getClassLoader(), Clock.systemUTC())
                .orElseThrow()) {
            assertInstanceOf(SharedRevocationStore.class, store);
        }
    }

    @Test
    void urlStoreRevokesAndAnswers() {
        try (RevocationStore store = create(urlParams())) {
            Instant now = Instant.now();
            store.revoke(ISS, "jti-1", now.plusSeconds(60));

            assertTrue(store.isRevoked(new TokenIdentity(ISS, "jti-1", "alice", now, now.plusSeconds(60))));
        }
    }

    @Test
    void passwordMayBeAnEnvironmentReference() throws SQLException {
        db.execute("CREATE USER app PASSWORD '" + SECRET + "' ADMIN");
        env.put("REVOCATION_DB_PASSWORD", SECRET);
        Map<String, String> sub = urlParams();
        sub.put("user", "app");
        sub.put("password", "env:REVOCATION_DB_PASSWORD");

        try (RevocationStore store = create(sub)) {
            Instant now = Instant.now();

            assertFalse(store.isRevoked(new TokenIdentity(ISS, "jti-1", "alice", now, now.plusSeconds(60))));
        }
    }

    @Test
    void startsWhenTheDatabaseIsDownThenAnswersAndWritesWithErrors() throws IOException {
        Map<String, String> sub = new LinkedHashMap<>();
        sub.put("url", "jdbc:postgresql://127.0.0.1:" + JdbcBackendContract.closedPort() + "/app");
        sub.put("password", SECRET);

        try (RevocationStore store = create(sub)) {
            Instant now = Instant.now();
            TokenIdentity token = new TokenIdentity(ISS, "jti-1", "alice", now, now.plusSeconds(60));

            RevocationStoreException read = assertThrows(RevocationStoreException.class, () -> store.isRevoked(token));
            RevocationStoreException write =
                    assertThrows(RevocationStoreException.class, () -> store.revoke(ISS, "jti-1", now.plusSeconds(60)));

            assertFalse(read.getMessage().contains(SECRET) || write.getMessage().contains(SECRET));
            assertTrue(read.getMessage().startsWith("revocation store JDBC jdbc:postgresql://127.0.0.1:"));
        }
    }

    @Test
    void urlAndDataSourceTogetherAreRefused() {
        Map<String, String> sub = urlParams();
        sub.put("dataSource", "java:comp/env/jdbc/revocations");

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.url' and"
                        + " revocationStore.dataSource are both set; set exactly one",
                refused(sub).getMessage());
    }

    @Test
    void neitherUrlNorDataSourceIsRefused() {
        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.url' or"
                        + " revocationStore.dataSource (a JNDI name) is required by the jdbc store",
                refused(Map.of("createTables", "true", "password", SECRET)).getMessage());
    }

    @Test
    void prefixThatIsNotAPlainIdentifierIsRefused() {
        Map<String, String> sub = urlParams();
        sub.put("tablePrefix", "jwt_; DROP TABLE users; --");

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.tablePrefix' must be letters,"
                        + " digits and underscores, at most 30, not starting with a digit, was"
                        + " 'jwt_; DROP TABLE users; --'",
                refused(sub).getMessage());
    }

    @Test
    void urlThatIsNotJdbcIsRefusedWithoutEchoingIt() {
        Map<String, String> sub = urlParams();
        sub.put("url", "postgresql://app:" + SECRET + "@db/app");

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.url' must be a JDBC URL starting"
                        + " with 'jdbc:'",
                refused(sub).getMessage());
    }

    @Test
    void urlWithoutADriverIsRefusedNamingItWithoutCredentials() {
        Map<String, String> sub = urlParams();
        sub.put("url", "jdbc:nosuchdb://app:" + SECRET + "@db.example/app;password=" + SECRET);

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.url' is"
                        + " jdbc:nosuchdb://***@db.example/app, but no JDBC driver on the web app's class path"
                        + " accepts it; add the driver's jar (e.g. org.postgresql:postgresql, com.h2database:h2)",
                refused(sub).getMessage());
    }

    @ParameterizedTest
    @CsvSource({"user", "password", "poolSize"})
    void urlOnlySettingsWithADataSourceAreRefused(String name) {
        Map<String, String> sub = new LinkedHashMap<>();
        sub.put("dataSource", "java:comp/env/jdbc/revocations");
        sub.put(name, name.equals("poolSize") ? "4" : SECRET);

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore." + name + "' applies only with"
                        + " revocationStore.url; a DataSource brings its own credentials and pool",
                refused(sub).getMessage());
    }

    @Test
    void dataSourceThatJndiCannotFindIsRefused() {
        ConfigException e = refused(Map.of("dataSource", "java:comp/env/jdbc/missing"));

        assertTrue(
                e.getMessage()
                        .startsWith("Invalid JwtAuthFilter configuration: init-param 'revocationStore.dataSource' names"
                                + " 'java:comp/env/jdbc/missing', which JNDI cannot look up ("),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "purgeIntervalSeconds, 9, 'must be a whole number from 10 to 86400, was ''9'''",
        "purgeIntervalSeconds, 86401, 'must be a whole number from 10 to 86400, was ''86401'''",
        "timeoutMillis, 999, 'must be a whole number from 1000 to 60000, was ''999'''",
        "poolSize, 0, 'must be a whole number from 1 to 100, was ''0'''",
        "poolSize, 101, 'must be a whole number from 1 to 100, was ''101'''",
        "createTables, yes, 'must be true or false, was ''yes'''",
        "stalenessMillis, 50, 'must be a whole number from 100 to 60000, was ''50'''",
    })
    void outOfRangeSettingsAreRefusedNamingTheInitParam(String name, String value, String problem) {
        Map<String, String> sub = urlParams();
        sub.put("password", SECRET);
        sub.put(name, value);

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore." + name + "' " + problem,
                refused(sub).getMessage());
    }

    @Test
    void unknownSubParameterIsRefusedByTheFilterListingTheKnownOnes() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("revocationStore", "jdbc");
        params.put("revocationStore.url", db.url);
        params.put("revocationStore.passwd", SECRET);

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RevocationStores.fromInitParams(params, getClass().getClassLoader(), Clock.systemUTC()));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.passwd' is unknown to the jdbc store;"
                        + " allowed are [revocationStore.cacheSize, revocationStore.createTables,"
                        + " revocationStore.dataSource, revocationStore.failOpenSeconds, revocationStore.password,"
                        + " revocationStore.poolSize, revocationStore.purgeIntervalSeconds,"
                        + " revocationStore.stalenessMillis, revocationStore.tablePrefix,"
                        + " revocationStore.timeoutMillis, revocationStore.url, revocationStore.user]",
                e.getMessage());
    }

    @Test
    void urlMayBeAFileReference(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("revocation-url");
        Files.writeString(file, db.url + "\n");
        Map<String, String> sub = urlParams();
        sub.put("url", "file:" + file);

        try (RevocationStore store = create(sub)) {
            Instant now = Instant.now();

            assertFalse(store.isRevoked(new TokenIdentity(ISS, "jti-1", "alice", now, now.plusSeconds(60))));
        }
    }
}
