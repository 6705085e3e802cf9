package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.revocation.TokenIdentity;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The public factory: two stores on one (H2 in-memory) database behave as two nodes. */
class JdbcRevocationStoreTest {
    private static final String ISS = "https://issuer.test";
    private static final Duration STALENESS = Duration.ofMillis(400);

    private final H2 db = new H2();

    @AfterEach
    void closeDatabase() throws SQLException {
        db.close();
    }

    private RevocationStore node(String name) {
        return JdbcRevocationStore.builder(db.dataSource())
                .name(name)
                .createTables(true)
                .options(new SharedRevocationStore.Options(STALENESS, 1000, Duration.ZERO))
                .build();
    }

    private static TokenIdentity token(String jti) {
        Instant now = Instant.now();
        return new TokenIdentity(ISS, jti, "alice", now.minusSeconds(5), now.plusSeconds(600));
    }

    @Test
    void revocationThroughOneStoreReachesAnotherStoreWithAWarmCacheWithinTheStalenessWindow() throws Exception {
        try (RevocationStore a = node("a");
                RevocationStore b = node("b")) {
            TokenIdentity token = token("jti-1");
            warmUp(b, token);

            long start = System.nanoTime();
            a.revoke(ISS, "jti-1", token.expiresAt());
            while (!b.isRevoked(token)) {
                assertTrue(System.nanoTime() - start < STALENESS.multipliedBy(3).toNanos(), "b never saw it");
                Thread.sleep(5);
            }
            Duration seen = Duration.ofNanos(System.nanoTime() - start);

            assertTrue(seen.compareTo(STALENESS) <= 0, "seen after " + seen.toMillis() + " ms");
        }
    }

    @Test
    void cutoffThroughOneStoreRevokesTheSubjectsTokensOnAnother() throws Exception {
        try (RevocationStore a = node("a");
                RevocationStore b = node("b")) {
            TokenIdentity token = token("jti-2");
            assertFalse(a.isRevoked(token));

            b.revokeIssuedBefore(ISS, "alice", Instant.now());
            Thread.sleep(STALENESS.toMillis());

            assertTrue(a.isRevoked(token));
        }
    }

    @Test
    void closeStopsThePollerThread() throws Exception {
        RevocationStore store = node("closing-node");
        assertFalse(pollerThreads("closing-node").isEmpty());

        store.close();

        assertEquals(List.of(), pollerThreads("closing-node"));
    }

    @Test
    void builderRefusesAPrefixThatIsNotAPlainIdentifier() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> JdbcRevocationStore.builder(db.dataSource()).tablePrefix("x; drop"));

        assertEquals("table prefix " + Sql.PREFIX_RULE, e.getMessage());
    }

    @Test
    void builderRefusesANonPositivePurgeInterval() {
        assertThrows(
                IllegalArgumentException.class,
                () -> JdbcRevocationStore.builder(db.dataSource()).purgeInterval(Duration.ZERO));
    }

    @Test
    void schemaIsTheShippedDdlForThePrefix() {
        String ddl = JdbcRevocationStore.schema("app_");

        assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS app_subject_cutoff ("), ddl);
    }

    @Test
    void storeMadeWithDefaultsUsesTablesCreatedFromTheShippedDdl() throws Exception {
        for (String statement : Sql.statements(JdbcRevocationStore.schema("jwt_"))) {
            db.execute(statement);
        }
        try (RevocationStore store = JdbcRevocationStore.create(db.dataSource())) {
            store.revoke(ISS, "jti-3", Instant.now().plusSeconds(60));

            assertTrue(store.isRevoked(token("jti-3")));
        }
    }

    /** Asks until the answer is cached (the first poll empties the cache once). */
    static void warmUp(RevocationStore store, TokenIdentity token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            assertFalse(store.isRevoked(token));
            if (((SharedRevocationStore) store).cachedCount() > 0) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the answer was never cached");
            Thread.sleep(10);
        }
    }

    static List<Thread> pollerThreads(String storeName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("jwt-auth-filter revocation poller (" + storeName + ")"))
                .filter(Thread::isAlive)
                .toList();
    }
}
