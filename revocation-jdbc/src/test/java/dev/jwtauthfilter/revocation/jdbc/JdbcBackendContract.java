package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.TokenIdentity;
import dev.jwtauthfilter.testsupport.Concurrently;
import dev.jwtauthfilter.testsupport.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL of the store on a real database, one call at a time: the same scenarios on H2 ({@link
 * H2BackendTest}) and PostgreSQL ({@link PostgresBackendIT}), whose transaction rules differ (a failed
 * INSERT aborts a PostgreSQL transaction).
 */
abstract class JdbcBackendContract {
    private static final String ISS = "https://issuer.test";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    /** A database with no tables of this prefix yet. */
    interface Database {
        DataSource dataSource();

        String tablePrefix();

        void execute(String sql) throws SQLException;

        long queryLong(String sql) throws SQLException;
    }

    private MutableClock clock;
    private Database db;
    private JdbcBackend backend;

    /** A database (or a fresh table prefix on a shared one) for one test. */
    abstract Database newDatabase();

    @BeforeEach
    void createBackend() {
        clock = new MutableClock(NOW); // per test also when a subclass keeps one instance for all
        db = newDatabase();
        backend = backend(db, true);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    private String t(String table) {
        return db.tablePrefix() + table;
    }

    private JdbcBackend backend(Database database, boolean createTables) {
        return new JdbcBackend(
                "test",
                ConnectionSource.of(database.dataSource()),
                new Sql(database.tablePrefix()),
                createTables,
                Duration.ofSeconds(2),
                Duration.ofMillis(250),
                Duration.ofMinutes(10),
                clock);
    }

    private static TokenIdentity token(String jti, String subject, Instant issuedAt) {
        return new TokenIdentity(ISS, jti, subject, issuedAt, NOW.plusSeconds(600));
    }

    @Test
    void revokedTokenIsRevokedAndOnlyIt() {
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(600));

        assertTrue(backend.isRevoked(token("jti-1", "alice", NOW)));
        assertFalse(backend.isRevoked(token("jti-2", "alice", NOW)));
        assertFalse(backend.isRevoked(new TokenIdentity("https://other.test", "jti-1", "alice", NOW, NOW)));
    }

    @Test
    void revokeKeepsTheRowUntilExpiryPlusTheRetentionMargin() throws SQLException {
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(600));

        assertEquals(
                NOW.plusSeconds(600)
                        .plus(InMemoryRevocationStore.RETENTION_MARGIN)
                        .toEpochMilli(),
                db.queryLong("SELECT expires_at FROM " + t("revoked_token") + " WHERE jwt_id = 'jti-1'"));
    }

    @Test
    void revokingAgainWithAnEarlierExpiryKeepsTheLaterOne() throws SQLException {
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(900));
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(60));

        assertEquals(
                NOW.plusSeconds(900)
                        .plus(InMemoryRevocationStore.RETENTION_MARGIN)
                        .toEpochMilli(),
                db.queryLong("SELECT expires_at FROM " + t("revoked_token") + " WHERE jwt_id = 'jti-1'"));
    }

    @Test
    void cutoffRevokesTokensIssuedBeforeItOnly() {
        backend.revokeIssuedBefore(ISS, "alice", NOW);

        assertTrue(backend.isRevoked(token("a", "alice", NOW.minusSeconds(1))));
        assertFalse(backend.isRevoked(token("b", "alice", NOW)));
        assertFalse(backend.isRevoked(token("c", "alice", NOW.plusSeconds(1))));
        assertFalse(backend.isRevoked(token("d", "bob", NOW.minusSeconds(1))));
    }

    @Test
    void cutoffRevokesTheSubjectsTokensWithoutIssuedAt() {
        backend.revokeIssuedBefore(ISS, "alice", NOW);

        assertTrue(backend.isRevoked(token("a", "alice", null)));
    }

    @Test
    void tokenWithoutSubjectOrJwtIdIsNotRevokedByOthersEntries() {
        backend.revokeIssuedBefore(ISS, "alice", NOW);
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(600));

        assertFalse(backend.isRevoked(token(null, null, null)));
    }

    @Test
    void laterCutoffWinsWhateverTheOrder() {
        backend.revokeIssuedBefore(ISS, "alice", NOW);
        backend.revokeIssuedBefore(ISS, "alice", NOW.minusSeconds(3600));

        assertTrue(backend.isRevoked(token("a", "alice", NOW.minusSeconds(1))));
    }

    @Test
    void cutoffWithSubMillisecondPartRevokesATokenIssuedInThatMillisecond() {
        backend.revokeIssuedBefore(ISS, "alice", NOW.plusNanos(500));

        // as the in-memory store: NOW is before NOW + 500 ns
        assertTrue(backend.isRevoked(token("a", "alice", NOW)));
    }

    @Test
    void everyWriteIncrementsTheChangeCounter() throws SQLException {
        long before = backend.readVersion();

        backend.revoke(ISS, "jti-1", NOW.plusSeconds(600));
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(600));
        backend.revokeIssuedBefore(ISS, "alice", NOW);

        assertEquals(before + 3, backend.readVersion());
    }

    @Test
    void pollInvalidatesTheCacheOnTheFirstPollAndAfterAChangeOnlyAndSyncsEveryTime() {
        RecordingListener listener = new RecordingListener();

        backend.poll(listener);
        backend.poll(listener);
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(600));
        backend.poll(listener);

        assertEquals(List.of("invalid", "synced", "synced", "invalid", "synced"), listener.events);
    }

    @Test
    void pollReportsTheNanoTimeTakenBeforeItsQuery() {
        RecordingListener listener = new RecordingListener();
        long before = System.nanoTime();

        backend.poll(listener);

        long after = System.nanoTime();
        assertTrue(listener.lastSynced >= before && listener.lastSynced <= after);
    }

    @Test
    void failedPollReportsNothingAndTheNextWorkingPollInvalidates() throws SQLException {
        RecordingListener listener = new RecordingListener();
        backend.poll(listener);
        listener.drain();

        db.execute("ALTER TABLE " + t("revocation_version") + " RENAME TO " + t("moved_away"));
        backend.poll(listener);
        List<String> whileFailing = listener.drain();
        db.execute("ALTER TABLE " + t("moved_away") + " RENAME TO " + t("revocation_version"));
        backend.poll(listener);

        assertEquals(List.of(), whileFailing);
        assertEquals(List.of("invalid", "synced"), listener.events);
    }

    @Test
    void purgeDeletesTheRowsOfTokensPastExpiryPlusMarginOnly() throws SQLException {
        backend.revoke(ISS, "short", NOW.plusSeconds(60));
        backend.revoke(ISS, "long", NOW.plusSeconds(3600));
        clock.advance(Duration.ofSeconds(60)
                .plus(InMemoryRevocationStore.RETENTION_MARGIN)
                .plusSeconds(1));

        int deleted = backend.purgeExpired();

        assertEquals(1, deleted);
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM " + t("revoked_token") + " WHERE jwt_id = 'short'"));
        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM " + t("revoked_token") + " WHERE jwt_id = 'long'"));
    }

    @Test
    void purgeKeepsARowUntilTheRetentionMarginHasPassed() throws SQLException {
        backend.revoke(ISS, "short", NOW.plusSeconds(60));
        clock.advance(Duration.ofSeconds(60).plus(InMemoryRevocationStore.RETENTION_MARGIN));

        assertEquals(0, backend.purgeExpired());
    }

    @Test
    void withoutCreateTablesMissingTablesAreReportedWithTheFix() {
        try (JdbcBackend noTables = backend(newDatabase(), false)) {
            RevocationStoreException e =
                    assertThrows(RevocationStoreException.class, () -> noTables.isRevoked(token("a", "b", NOW)));

            // "table not found": 42P01 on PostgreSQL; 42S02 or 42S04 on H2, depending on where the table is named
            assertTrue(
                    e.getMessage()
                            .matches("revocation store test: lookup failed \\(\\w+, SQLState 42\\w{3}\\); are its"
                                    + " tables there\\? Run schema.sql or set revocationStore.createTables=true"),
                    e.getMessage());
        }
    }

    @Test
    void createTablesTwiceOnOneDatabaseKeepsTheData() {
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(600));

        try (JdbcBackend second = backend(db, true)) {
            assertTrue(second.isRevoked(token("jti-1", "alice", NOW)));
        }
    }

    @Test
    void writeToAnUnreachableDatabaseThrows() throws IOException {
        JdbcDataSource unreachable = new JdbcDataSource();
        unreachable.setURL("jdbc:h2:tcp://127.0.0.1:" + closedPort() + "/mem:nothing");
        try (JdbcBackend down = new JdbcBackend(
                "down",
                ConnectionSource.of(unreachable),
                new Sql("jwt_"),
                true,
                Duration.ofSeconds(1),
                Duration.ofMillis(250),
                Duration.ofMinutes(10),
                clock)) {
            RevocationStoreException e =
                    assertThrows(RevocationStoreException.class, () -> down.revoke(ISS, "jti-1", NOW.plusSeconds(600)));

            assertTrue(e.getMessage().startsWith("revocation store down: revoke failed ("), e.getMessage());
        }
    }

    @Test
    void concurrentRevocationsOfOneTokenAllSucceedAndLeaveOneRow() throws Exception {
        long before = backend.readVersion();
        int threads = 8;

        Concurrently.run(threads, Duration.ofSeconds(30), t -> backend.revoke(ISS, "same", NOW.plusSeconds(600 + t)));

        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM " + t("revoked_token")));
        assertEquals(
                NOW.plusSeconds(600 + threads - 1)
                        .plus(InMemoryRevocationStore.RETENTION_MARGIN)
                        .toEpochMilli(),
                db.queryLong("SELECT expires_at FROM " + t("revoked_token")));
        assertEquals(before + threads, backend.readVersion());
    }

    @Test
    void concurrentCutoffsForOneSubjectKeepTheLatest() throws Exception {
        int threads = 8;

        Concurrently.run(
                threads, Duration.ofSeconds(30), t -> backend.revokeIssuedBefore(ISS, "alice", NOW.plusSeconds(t)));

        assertEquals(
                NOW.plusSeconds(threads - 1).toEpochMilli(),
                db.queryLong("SELECT issued_before FROM " + t("subject_cutoff")));
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
