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
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SQL of the store on a real (H2 in-memory) database, one call at a time. */
class JdbcBackendTest {
    private static final String ISS = "https://issuer.test";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final H2 db = new H2();
    private final MutableClock clock = new MutableClock(NOW);
    private final JdbcBackend backend = backend(db, true);

    @AfterEach
    void closeDatabase() throws SQLException {
        backend.close();
        db.close();
    }

    private JdbcBackend backend(H2 database, boolean createTables) {
        return new JdbcBackend(
                "test",
                ConnectionSource.of(database.dataSource()),
                new Sql("jwt_"),
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
                db.queryLong("SELECT expires_at FROM jwt_revoked_token WHERE jwt_id = 'jti-1'"));
    }

    @Test
    void revokingAgainWithAnEarlierExpiryKeepsTheLaterOne() throws SQLException {
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(900));
        backend.revoke(ISS, "jti-1", NOW.plusSeconds(60));

        assertEquals(
                NOW.plusSeconds(900)
                        .plus(InMemoryRevocationStore.RETENTION_MARGIN)
                        .toEpochMilli(),
                db.queryLong("SELECT expires_at FROM jwt_revoked_token WHERE jwt_id = 'jti-1'"));
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

        db.execute("ALTER TABLE jwt_revocation_version RENAME TO jwt_moved_away");
        backend.poll(listener);
        List<String> whileFailing = listener.drain();
        db.execute("ALTER TABLE jwt_moved_away RENAME TO jwt_revocation_version");
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
        assertEquals(0, db.queryLong("SELECT COUNT(*) FROM jwt_revoked_token WHERE jwt_id = 'short'"));
        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM jwt_revoked_token WHERE jwt_id = 'long'"));
    }

    @Test
    void purgeKeepsARowUntilTheRetentionMarginHasPassed() throws SQLException {
        backend.revoke(ISS, "short", NOW.plusSeconds(60));
        clock.advance(Duration.ofSeconds(60).plus(InMemoryRevocationStore.RETENTION_MARGIN));

        assertEquals(0, backend.purgeExpired());
    }

    @Test
    void withoutCreateTablesMissingTablesAreReportedWithTheFix() throws SQLException {
        try (H2 empty = new H2();
                JdbcBackend noTables = backend(empty, false)) {
            RevocationStoreException e =
                    assertThrows(RevocationStoreException.class, () -> noTables.isRevoked(token("a", "b", NOW)));

            // H2 says 42S02 or 42S04 ("table not found") depending on where the table is named
            assertTrue(
                    e.getMessage()
                            .matches(
                                    "revocation store test: lookup failed \\(JdbcSQLSyntaxErrorException, SQLState 42S0."
                                            + "\\); are its tables there\\? Run schema.sql or set revocationStore.createTables=true"),
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

        assertEquals(1, db.queryLong("SELECT COUNT(*) FROM jwt_revoked_token"));
        assertEquals(
                NOW.plusSeconds(600 + threads - 1)
                        .plus(InMemoryRevocationStore.RETENTION_MARGIN)
                        .toEpochMilli(),
                db.queryLong("SELECT expires_at FROM jwt_revoked_token"));
        assertEquals(before + threads, backend.readVersion());
    }

    @Test
    void concurrentCutoffsForOneSubjectKeepTheLatest() throws Exception {
        int threads = 8;

        Concurrently.run(
                threads, Duration.ofSeconds(30), t -> backend.revokeIssuedBefore(ISS, "alice", NOW.plusSeconds(t)));

        assertEquals(
                NOW.plusSeconds(threads - 1).toEpochMilli(),
                db.queryLong("SELECT issued_before FROM jwt_subject_cutoff"));
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
