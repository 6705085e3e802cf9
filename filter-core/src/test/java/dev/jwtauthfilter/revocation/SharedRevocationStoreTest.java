package dev.jwtauthfilter.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class SharedRevocationStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String ISS = "https://issuer.test";
    private static final Duration STALENESS = Duration.ofSeconds(1);

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final FakeServer server = new FakeServer();

    private SharedRevocationStore store(int cacheSize, Duration failOpen) {
        return new SharedRevocationStore(
                "test server",
                server,
                new SharedRevocationStore.Options(STALENESS, cacheSize, failOpen),
                clock,
                nanos::get);
    }

    private SharedRevocationStore store() {
        SharedRevocationStore s = store(100, Duration.ZERO);
        server.listener.synced(nanos.get());
        return s;
    }

    private static TokenIdentity token(String jti, String sub) {
        return new TokenIdentity(ISS, jti, sub, NOW.minusSeconds(10), NOW.plusSeconds(900));
    }

    @Test
    void repeatedCheckOfTheSameTokenAsksTheServerOnceWhileSynced() {
        SharedRevocationStore s = store();

        s.isRevoked(token("j1", "alice"));
        s.isRevoked(token("j1", "alice"));
        s.isRevoked(token("j1", "alice"));

        assertEquals(1, server.reads.get());
    }

    @Test
    void cachedAnswerIsNotUsedOnceTheLastSyncIsOlderThanTheStalenessWindow() {
        SharedRevocationStore s = store();
        s.isRevoked(token("j1", "alice"));
        server.revokedJtis.add("j1"); // a change whose announcement never arrived

        nanos.addAndGet(STALENESS.toNanos() + 1);

        assertTrue(s.isRevoked(token("j1", "alice")));
    }

    @Test
    void cacheIsNotUsedBeforeTheFirstSync() {
        SharedRevocationStore s = store(100, Duration.ZERO);

        s.isRevoked(token("j1", "alice"));
        s.isRevoked(token("j1", "alice"));

        assertEquals(2, server.reads.get());
    }

    @Test
    void revocationAnnouncedByAnotherNodeIsSeenOnTheNextCheck() {
        SharedRevocationStore s = store();
        assertFalse(s.isRevoked(token("j1", "alice")));

        server.revokedJtis.add("j1");
        server.listener.tokenRevoked(ISS, "j1");

        assertTrue(s.isRevoked(token("j1", "alice")));
    }

    @Test
    void announcementForTheSameJtiOfAnotherIssuerKeepsTheCachedAnswer() {
        SharedRevocationStore s = store();
        s.isRevoked(token("j1", "alice"));

        server.listener.tokenRevoked("https://other.test", "j1");
        s.isRevoked(token("j1", "alice"));

        assertEquals(1, server.reads.get());
    }

    @Test
    void subjectCutoffAnnouncementDropsOnlyThatSubjectsAnswers() {
        SharedRevocationStore s = store();
        s.isRevoked(token("j1", "alice"));
        s.isRevoked(token("j2", "bob"));

        server.listener.subjectCutOff(ISS, "alice");
        s.isRevoked(token("j1", "alice"));
        s.isRevoked(token("j2", "bob"));

        assertEquals(3, server.reads.get());
    }

    @Test
    void cacheInvalidAnnouncementDropsEveryAnswer() {
        SharedRevocationStore s = store();
        s.isRevoked(token("j1", "alice"));
        s.isRevoked(token("j2", "bob"));

        server.listener.cacheInvalid();

        assertEquals(0, s.cachedCount());
    }

    @Test
    void answerFetchedWhileAChangeArrivedIsNotKept() {
        SharedRevocationStore s = store();
        server.duringRead = () -> server.listener.tokenRevoked(ISS, "unrelated");

        s.isRevoked(token("j1", "alice"));

        assertEquals(0, s.cachedCount());
    }

    @Test
    void revokeWritesToTheServerAndTheNextLocalCheckSeesIt() {
        SharedRevocationStore s = store();
        assertFalse(s.isRevoked(token("j1", "alice")));

        s.revoke(ISS, "j1", NOW.plusSeconds(900));

        assertTrue(s.isRevoked(token("j1", "alice")));
    }

    @Test
    void subjectCutoffWrittenHereDropsThatSubjectsCachedAnswers() {
        SharedRevocationStore s = store();
        assertFalse(s.isRevoked(token("j1", "alice")));

        s.revokeIssuedBefore(ISS, "alice", NOW);

        assertTrue(s.isRevoked(token("j1", "alice")));
    }

    @Test
    void readFailsClosedWithRevocationStoreExceptionByDefault() {
        SharedRevocationStore s = store();
        server.down = true;

        assertThrows(RevocationStoreException.class, () -> s.isRevoked(token("j1", "alice")));
    }

    @Test
    void writeThatCannotReachTheServerThrowsEvenWhenFailingOpen() {
        SharedRevocationStore s = store(100, Duration.ofSeconds(60));
        server.down = true;

        assertThrows(RevocationStoreException.class, () -> s.revoke(ISS, "j1", NOW.plusSeconds(900)));
        assertThrows(RevocationStoreException.class, () -> s.revokeIssuedBefore(ISS, "alice", NOW));
    }

    @Test
    void failOpenAnswersNotRevokedDuringTheWindowThenFailsClosed() {
        SharedRevocationStore s = store(100, Duration.ofSeconds(30));
        server.down = true;

        assertFalse(s.isRevoked(token("j1", "alice")));
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertFalse(s.isRevoked(token("j1", "alice")));
        nanos.addAndGet(1);
        assertThrows(RevocationStoreException.class, () -> s.isRevoked(token("j1", "alice")));
    }

    @Test
    void failOpenWindowStartsAgainAfterTheServerRecovered() {
        SharedRevocationStore s = store(100, Duration.ofSeconds(30));
        server.down = true;
        s.isRevoked(token("j1", "alice"));
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        server.down = false;
        s.isRevoked(token("j1", "alice"));

        server.down = true;

        assertFalse(s.isRevoked(token("j2", "alice")));
    }

    @Test
    void failOpenIsAnnouncedAtStartAndOncePerOutageAtWarn() {
        try (LogCapture log = LogCapture.start(SharedRevocationStore.class.getName())) {
            SharedRevocationStore s = store(100, Duration.ofSeconds(30));
            server.down = true;
            for (int i = 0; i < 5; i++) {
                s.isRevoked(token("j" + i, "alice"));
            }

            assertEquals(
                    2,
                    log.messages(Level.WARNING).stream()
                            .filter(m -> m.contains("FAIL OPEN") || m.contains("FAIL-OPEN"))
                            .count(),
                    "warnings: " + log.messages(Level.WARNING));
        }
    }

    @Test
    void answerGivenWhileFailingOpenIsNeverCached() {
        SharedRevocationStore s = store(100, Duration.ofSeconds(30));
        server.listener.synced(nanos.get());
        server.down = true;
        s.isRevoked(token("j1", "alice"));

        server.down = false;
        server.revokedJtis.add("j1");

        assertTrue(s.isRevoked(token("j1", "alice")));
    }

    @Test
    void cacheNeverHoldsMoreThanItsSize() {
        SharedRevocationStore s = store(10, Duration.ZERO);
        server.listener.synced(nanos.get());

        for (int i = 0; i < 50; i++) {
            s.isRevoked(token("j" + i, "alice"));
        }

        assertTrue(s.cachedCount() <= 10, "cached " + s.cachedCount());
    }

    @Test
    void cacheSizeZeroAsksTheServerEveryTime() {
        SharedRevocationStore s = store(0, Duration.ZERO);
        server.listener.synced(nanos.get());

        s.isRevoked(token("j1", "alice"));
        s.isRevoked(token("j1", "alice"));

        assertEquals(2, server.reads.get());
    }

    @Test
    void jtiReusedForAnotherSubjectIsAskedNotAnsweredFromTheOtherSubjectsEntry() {
        SharedRevocationStore s = store();
        s.isRevoked(token("j1", "alice"));
        server.cutoffs.put("bob", NOW);

        assertTrue(s.isRevoked(token("j1", "bob")));
    }

    @Test
    void tokenWithoutJtiIsAskedEveryTime() {
        SharedRevocationStore s = store();

        s.isRevoked(token(null, "alice"));
        s.isRevoked(token(null, "alice"));

        assertEquals(2, server.reads.get());
    }

    @Test
    void closeClosesTheBackend() {
        SharedRevocationStore s = store();

        s.close();

        assertTrue(server.closed);
    }

    /** The server side, in memory: enough to tell whether the store asked it. */
    private static final class FakeServer implements SharedRevocationStore.Backend {
        final java.util.Set<String> revokedJtis = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.Map<String, Instant> cutoffs = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean down;
        volatile boolean closed;
        volatile Runnable duringRead = () -> {};
        SharedRevocationStore.ChangeListener listener;

        @Override
        public boolean isRevoked(TokenIdentity token) {
            failIfDown();
            reads.incrementAndGet();
            duringRead.run();
            Instant cutoff = cutoffs.get(token.subject());
            return (token.jwtId() != null && revokedJtis.contains(token.jwtId()))
                    || (cutoff != null && token.issuedAt().isBefore(cutoff));
        }

        @Override
        public void revoke(String issuer, String jwtId, Instant expiresAt) {
            failIfDown();
            revokedJtis.add(jwtId);
        }

        @Override
        public void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore) {
            failIfDown();
            cutoffs.put(subject, issuedBefore);
        }

        @Override
        public void watch(SharedRevocationStore.ChangeListener l) {
            this.listener = l;
        }

        @Override
        public void close() {
            closed = true;
        }

        private void failIfDown() {
            if (down) {
                throw new UncheckedIOException(new IOException("connection refused"));
            }
        }
    }
}
