package dev.jwtauthfilter.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.testsupport.Concurrently;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The deny-list keyed by (iss, jti) with bounded retention, and the per-subject issued-before cutoff. */
class InMemoryRevocationStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String ISS = "https://issuer.test";
    private static final String OTHER_ISS = "https://other-issuer.test";
    /** The exp of the tokens built here, and so the expiry given when they are revoked. */
    private static final Instant TOKEN_EXP = T0.plusSeconds(600);

    private static final Instant CUTOFF = T0.plusSeconds(100);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRevocationStore store = new InMemoryRevocationStore(clock);

    private static TokenIdentity token(String issuer, String jti, String subject, Instant iat) {
        return new TokenIdentity(issuer, jti, subject, iat, TOKEN_EXP);
    }

    private static TokenIdentity jti(String issuer, String jti) {
        return token(issuer, jti, "alice", T0);
    }

    private static TokenIdentity issuedAt(String issuer, String subject, Instant iat) {
        return token(issuer, "jti-" + subject + "-" + iat, subject, iat);
    }

    /** The last instant a deny-list entry for a token expiring at {@code exp} is kept. */
    private static Instant retainedUntil(Instant exp) {
        return exp.plus(InMemoryRevocationStore.RETENTION_MARGIN);
    }

    // ---- deny-list ----

    @Test
    void isRevokedWhenNothingRevokedThenFalse() {
        assertFalse(store.isRevoked(jti(ISS, "j1")));
    }

    @Test
    void isRevokedWhenJtiRevokedThenTrue() {
        store.revoke(ISS, "j1", TOKEN_EXP);

        assertTrue(store.isRevoked(jti(ISS, "j1")));
    }

    @Test
    void isRevokedWhenAnotherJtiRevokedThenFalse() {
        store.revoke(ISS, "j1", TOKEN_EXP);

        assertFalse(store.isRevoked(jti(ISS, "j2")));
    }

    @Test
    void isRevokedWhenSameJtiRevokedUnderAnotherIssuerThenFalse() {
        store.revoke(OTHER_ISS, "j1", TOKEN_EXP);

        assertFalse(store.isRevoked(jti(ISS, "j1")));
    }

    @Test
    void isRevokedWhenTokenHasNoJtiThenDenyListDoesNotApply() {
        store.revoke(ISS, "j1", TOKEN_EXP);

        assertFalse(store.isRevoked(token(ISS, null, "alice", T0)));
    }

    @Test
    void isRevokedWhenJtiRevokedThenTrueEvenIfSubjectAndIatDiffer() {
        store.revoke(ISS, "j1", TOKEN_EXP);

        assertTrue(store.isRevoked(token(ISS, "j1", null, null)));
    }

    @Test
    void revokeWhenExpiresAtNullThenNullPointerException() {
        assertThrows(NullPointerException.class, () -> store.revoke(ISS, "j1", null));
    }

    @Test
    void requiresJwtIdIsTrueBecauseADenyListIsKept() {
        assertTrue(store.requiresJwtId());
    }

    // ---- deny-list retention ----

    @Test
    void purgeExpiredWhenBeforeExpPlusRetentionMarginThenEntryKept() {
        Instant exp = T0.plusSeconds(60);
        store.revoke(ISS, "j1", exp);
        clock.set(retainedUntil(exp));

        store.purgeExpired();

        assertEquals(1, store.deniedCount());
        assertTrue(store.isRevoked(jti(ISS, "j1")));
    }

    @Test
    void purgeExpiredWhenPastExpPlusRetentionMarginThenEntryDropped() {
        Instant exp = T0.plusSeconds(60);
        store.revoke(ISS, "j1", exp);
        clock.set(retainedUntil(exp).plusMillis(1));

        store.purgeExpired();

        assertEquals(0, store.deniedCount());
    }

    @Test
    void purgeExpiredWhenOneEntryExpiredThenOnlyThatOneDropped() {
        store.revoke(ISS, "short", T0.plusSeconds(60));
        store.revoke(ISS, "long", T0.plusSeconds(3600));
        clock.set(retainedUntil(T0.plusSeconds(60)).plusSeconds(1));

        store.purgeExpired();

        assertEquals(1, store.deniedCount());
        assertTrue(store.isRevoked(jti(ISS, "long")));
    }

    @Test
    void revokeWhenEarlierEntryPastRetentionThenPeriodicPurgeDropsIt() {
        Instant exp = T0.plusSeconds(60);
        store.revoke(ISS, "old", exp);
        clock.set(retainedUntil(exp).plusSeconds(1));

        store.revoke(ISS, "new", clock.instant().plusSeconds(600));

        assertEquals(1, store.deniedCount());
        assertFalse(store.isRevoked(jti(ISS, "old")));
        assertTrue(store.isRevoked(jti(ISS, "new")));
    }

    @Test
    void revokeWhenEarlierEntryWithinRetentionThenPeriodicPurgeKeepsIt() {
        Instant exp = T0.plusSeconds(60);
        store.revoke(ISS, "old", exp);
        clock.set(retainedUntil(exp).minusSeconds(1));

        store.revoke(ISS, "new", clock.instant().plusSeconds(600));

        assertEquals(2, store.deniedCount());
        assertTrue(store.isRevoked(jti(ISS, "old")));
    }

    @Test
    void revokeWhenSameJtiRevokedTwiceThenLaterExpiryKept() {
        store.revoke(ISS, "j1", T0.plusSeconds(3600));
        store.revoke(ISS, "j1", T0.plusSeconds(60));
        clock.set(retainedUntil(T0.plusSeconds(60)).plusSeconds(1));

        store.purgeExpired();

        assertTrue(store.isRevoked(jti(ISS, "j1")));
    }

    @Test
    void deniedCountStaysBoundedWhenRevocationsKeepArrivingOverTime() {
        // one revocation per second for two hours, each token living 10 minutes
        for (int s = 0; s < 7200; s++) {
            clock.set(T0.plusSeconds(s));
            store.revoke(ISS, "j" + s, clock.instant().plusSeconds(600));
        }

        // at most: lifetime + margin + one purge interval, in seconds
        assertTrue(store.deniedCount() <= 600 + 300 + 60, "deniedCount " + store.deniedCount());
    }

    // ---- subject cutoff ----

    @Test
    void isRevokedWhenIssuedBeforeSubjectCutoffThenTrue() {
        store.revokeIssuedBefore(ISS, "alice", CUTOFF);

        assertTrue(store.isRevoked(issuedAt(ISS, "alice", CUTOFF.minusSeconds(1))));
    }

    @Test
    void isRevokedWhenIssuedExactlyAtSubjectCutoffThenFalse() {
        store.revokeIssuedBefore(ISS, "alice", CUTOFF);

        assertFalse(store.isRevoked(issuedAt(ISS, "alice", CUTOFF)));
    }

    @Test
    void isRevokedWhenIssuedAfterSubjectCutoffThenFalse() {
        store.revokeIssuedBefore(ISS, "alice", CUTOFF);

        assertFalse(store.isRevoked(issuedAt(ISS, "alice", CUTOFF.plusSeconds(1))));
    }

    @Test
    void isRevokedWhenSubjectHasCutoffAndTokenHasNoIatThenTrue() {
        store.revokeIssuedBefore(ISS, "alice", T0);

        assertTrue(store.isRevoked(token(ISS, "j1", "alice", null)));
    }

    @Test
    void isRevokedWhenNoCutoffAndTokenHasNoIatThenFalse() {
        assertFalse(store.isRevoked(token(ISS, "j1", "alice", null)));
    }

    @Test
    void isRevokedWhenCutoffIsForAnotherSubjectThenFalse() {
        store.revokeIssuedBefore(ISS, "bob", CUTOFF);

        assertFalse(store.isRevoked(issuedAt(ISS, "alice", T0)));
    }

    @Test
    void isRevokedWhenCutoffIsForSameSubjectUnderAnotherIssuerThenFalse() {
        store.revokeIssuedBefore(OTHER_ISS, "alice", CUTOFF);

        assertFalse(store.isRevoked(issuedAt(ISS, "alice", T0)));
    }

    @Test
    void isRevokedWhenTokenHasNoSubjectThenCutoffDoesNotApply() {
        store.revokeIssuedBefore(ISS, "alice", CUTOFF);

        assertFalse(store.isRevoked(token(ISS, "j1", null, T0)));
    }

    @Test
    void revokeIssuedBeforeWhenLaterCutoffGivenThenItReplacesTheEarlierOne() {
        store.revokeIssuedBefore(ISS, "alice", T0.plusSeconds(100));
        store.revokeIssuedBefore(ISS, "alice", T0.plusSeconds(200));

        assertTrue(store.isRevoked(issuedAt(ISS, "alice", T0.plusSeconds(150))));
    }

    @Test
    void revokeIssuedBeforeWhenEarlierCutoffGivenThenTheLaterOneStays() {
        store.revokeIssuedBefore(ISS, "alice", T0.plusSeconds(200));
        store.revokeIssuedBefore(ISS, "alice", T0.plusSeconds(100));

        assertTrue(store.isRevoked(issuedAt(ISS, "alice", T0.plusSeconds(150))));
    }

    @Test
    void revokeIssuedBeforeWhenCutoffNullThenNullPointerException() {
        assertThrows(NullPointerException.class, () -> store.revokeIssuedBefore(ISS, "alice", null));
    }

    @Test
    void subjectCutoffIsNotPurgedWithTheDenyList() {
        store.revokeIssuedBefore(ISS, "alice", T0);
        clock.set(T0.plus(Duration.ofDays(30)));

        store.purgeExpired();
        store.revoke(ISS, "other", clock.instant().plusSeconds(600));

        assertTrue(store.isRevoked(issuedAt(ISS, "alice", T0.minusSeconds(1))));
    }

    // ---- concurrency ----

    @Test
    void concurrentRevokeAndIsRevokedSeeEveryRevocation() throws Exception {
        int threads = 16;
        int perThread = 500;
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Concurrently.run(threads, Duration.ofSeconds(60), thread -> {
            for (int i = 0; i < perThread; i++) {
                String jti = thread + "-" + i;
                if (store.isRevoked(jti(ISS, jti))) {
                    failures.add("revoked before revoke: " + jti);
                }
                store.revoke(ISS, jti, TOKEN_EXP);
                if (!store.isRevoked(jti(ISS, jti))) {
                    failures.add("not revoked after revoke: " + jti);
                }
                store.revokeIssuedBefore(ISS, "subject-" + (i % 10), T0.plusSeconds(thread * perThread + i));
                store.purgeExpired();
            }
        });

        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(threads * perThread, store.deniedCount());
        // the largest cutoff any thread gave for subject-9 wins, whatever the interleaving
        Instant largest = T0.plusSeconds((threads - 1) * perThread + (perThread - 1));
        assertTrue(store.isRevoked(issuedAt(ISS, "subject-9", largest.minusSeconds(1))));
        assertFalse(store.isRevoked(issuedAt(ISS, "subject-9", largest)));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
