package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.revocation.TokenIdentity;
import dev.jwtauthfilter.testsupport.LogCapture;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;

/**
 * The store on a real Redis, without a container: what it writes (keys, TTLs, which value wins),
 * how many commands a check costs, and how fast a change reaches another store instance.
 */
class RedisRevocationStoreIT {
    private static final String ISSUER = "https://issuer.test";
    private static final Duration STALENESS = SharedRevocationStore.Options.DEFAULTS.staleness();

    private static TestRedis redis;

    private final String prefix = "it-" + UUID.randomUUID() + ":";
    private final List<SharedRevocationStore> stores = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.launch();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeStores() {
        stores.forEach(SharedRevocationStore::close);
    }

    @Test
    void revokeOnOneNodeIsSeenByAnotherNodeWithAWarmCacheWithinTheStalenessWindow() {
        SharedRevocationStore a = store();
        SharedRevocationStore b = store();
        TokenIdentity token = token("alice", Instant.now());
        awaitSynced(b);
        int cachedBefore = b.cachedCount();
        assertFalse(b.isRevoked(token));
        assertEquals(cachedBefore + 1, b.cachedCount(), "node B did not cache the answer");

        long start = System.nanoTime();
        a.revoke(ISSUER, token.jwtId(), token.expiresAt());
        Duration seen = pollUntilRevoked(b, token, STALENESS.plusMillis(500));

        System.out.printf("[propagation] store A -> store B: %.1f ms%n", seen.toNanos() / 1e6);
        assertTrue(seen.compareTo(STALENESS) <= 0, "node B saw the revocation after " + seen);
    }

    @Test
    void aRevocationIsPushedToAnotherNodeLongBeforeAOneMinuteStalenessWindowCouldEnd() {
        SharedRevocationStore.Options slow =
                new SharedRevocationStore.Options(Duration.ofMinutes(1), 1000, Duration.ZERO);
        SharedRevocationStore a = store();
        SharedRevocationStore b = store(slow);
        TokenIdentity token = token("alice", Instant.now());
        awaitSynced(b);
        assertFalse(b.isRevoked(token));

        a.revoke(ISSUER, token.jwtId(), token.expiresAt());
        Duration seen = pollUntilRevoked(b, token, Duration.ofSeconds(5));

        System.out.printf("[propagation] pushed with a 60 s staleness window: %.1f ms%n", seen.toNanos() / 1e6);
        assertTrue(seen.compareTo(Duration.ofSeconds(1)) < 0, "the change was not pushed: seen after " + seen);
    }

    @Test
    void theChangeFeedStaysUpAndKeepsTheCacheFreshOverManyPings() {
        SharedRevocationStore.Options fast =
                new SharedRevocationStore.Options(Duration.ofMillis(100), 1000, Duration.ZERO);
        try (LogCapture logs = LogCapture.start("dev.jwtauthfilter")) {
            SharedRevocationStore store = store(fast);
            TokenIdentity token = token("alice", Instant.now());
            awaitSynced(store);
            store.isRevoked(token);
            long mgets = redis.calls("mget");

            long end = System.nanoTime() + Duration.ofMillis(1500).toNanos(); // 60 pings at 25 ms
            while (System.nanoTime() < end) {
                store.isRevoked(token);
                sleep(5);
            }

            assertAll(
                    () -> assertEquals(mgets, redis.calls("mget"), "answers were fetched again: the cache went stale"),
                    () -> assertEquals(List.of(), logs.messages(java.util.logging.Level.WARNING)));
        }
    }

    @Test
    void revokeSetsATimeToLiveOfTheRemainingLifetimePlusTheRetentionMargin() {
        SharedRevocationStore store = store();
        Instant exp = Instant.now().plusSeconds(600);
        String jti = UUID.randomUUID().toString();

        store.revoke(ISSUER, jti, exp);

        long pttl = redis.admin().pttl(new RedisKeys(prefix).tokenKey(ISSUER, jti));
        long expected = Duration.between(Instant.now(), exp.plus(InMemoryRevocationStore.RETENTION_MARGIN))
                .toMillis();
        assertTrue(pttl > expected - 2_000 && pttl <= expected + 1_000, "PTTL " + pttl + " ms, expected " + expected);
    }

    @Test
    void revokeIssuedBeforeStoresTheCutoffWithoutExpiry() {
        SharedRevocationStore store = store();

        store.revokeIssuedBefore(ISSUER, "alice", Instant.now());

        assertEquals(-1, redis.admin().pttl(new RedisKeys(prefix).subjectKey(ISSUER, "alice")));
    }

    @Test
    void aLaterExpiryForTheSameTokenIsKeptWhenAnEarlierOneArrives() {
        SharedRevocationStore store = store();
        Instant now = Instant.now();
        String jti = UUID.randomUUID().toString();

        store.revoke(ISSUER, jti, now.plusSeconds(3600));
        store.revoke(ISSUER, jti, now.plusSeconds(60));

        long pttl = redis.admin().pttl(new RedisKeys(prefix).tokenKey(ISSUER, jti));
        assertTrue(pttl > Duration.ofSeconds(3600).toMillis(), "PTTL " + pttl);
    }

    @Test
    void aLaterCutoffIsKeptWhenAnEarlierOneArrives() {
        SharedRevocationStore store = store();
        Instant now = Instant.now();
        store.revokeIssuedBefore(ISSUER, "carol", now);
        store.revokeIssuedBefore(ISSUER, "carol", now.minusSeconds(3600));

        assertTrue(store.isRevoked(token("carol", now.minusSeconds(60))), "the earlier cutoff replaced the later");
    }

    @Test
    void aCutoffRevokesTokensIssuedBeforeItOrWithoutIatAndSparesLaterOnes() {
        SharedRevocationStore store = store();
        Instant cutoff = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        store.revokeIssuedBefore(ISSUER, "dave", cutoff);

        assertAll(
                () -> assertTrue(store.isRevoked(token("dave", cutoff.minusSeconds(1)))),
                () -> assertTrue(store.isRevoked(token("dave", null))),
                () -> assertFalse(store.isRevoked(token("dave", cutoff))),
                () -> assertFalse(store.isRevoked(token("erin", cutoff.minusSeconds(1)))),
                () -> assertFalse(store.isRevoked(new TokenIdentity(
                        "https://other.test",
                        UUID.randomUUID().toString(),
                        "dave",
                        cutoff.minusSeconds(1),
                        cutoff.plusSeconds(600)))));
    }

    @Test
    void aDenyListEntryDisappearsFromRedisOnceItsTokenWouldHaveExpired() {
        SharedRevocationStore store = store();
        String jti = UUID.randomUUID().toString();
        // exp + 300 s is one second from now
        Instant exp =
                Instant.now().minus(InMemoryRevocationStore.RETENTION_MARGIN).plusSeconds(1);
        byte[] key = new RedisKeys(prefix).tokenKey(ISSUER, jti);

        store.revoke(ISSUER, jti, exp);
        assertTrue(redis.admin().exists(key), "the entry was not written");

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (redis.admin().exists(key) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(redis.admin().exists(key), "the entry outlived its expiry");
    }

    @Test
    void aRevocationOfAnAlreadyExpiredTokenLeavesNoKey() {
        SharedRevocationStore store = store();
        String jti = UUID.randomUUID().toString();

        store.revoke(
                ISSUER,
                jti,
                Instant.now().minus(InMemoryRevocationStore.RETENTION_MARGIN).minusSeconds(1));

        assertFalse(redis.admin().exists(new RedisKeys(prefix).tokenKey(ISSUER, jti)));
    }

    @Test
    void aCacheMissCostsOneMgetAndACacheHitNoCommandAtAll() {
        SharedRevocationStore store = store();
        TokenIdentity token = token("frank", Instant.now());
        awaitSynced(store);
        long before = redis.calls("mget");
        long otherBefore = redis.calls("get") + redis.calls("exists") + redis.calls("eval");

        store.isRevoked(token);
        long afterMiss = redis.calls("mget");
        store.isRevoked(token);
        long afterHit = redis.calls("mget");

        assertAll(
                () -> assertEquals(1, afterMiss - before, "MGETs for a cache miss"),
                () -> assertEquals(0, afterHit - afterMiss, "MGETs for a cache hit"),
                () -> assertEquals(
                        otherBefore, redis.calls("get") + redis.calls("exists") + redis.calls("eval"), "other reads"));
    }

    @Test
    void anAclUserLimitedToThePrefixAndTheDocumentedCommandsCanUseTheStore() {
        Assumptions.assumeTrue(redis.embedded(), "needs a server whose users the test may change");
        String user = "app-" + UUID.randomUUID();
        String password = "pw-" + UUID.randomUUID();
        redis.admin()
                .executeCommand(new CommandArguments(Protocol.Command.ACL)
                        .addObjects("SETUSER", user, "on", ">" + password, "resetkeys", "~" + prefix + "*")
                        .addObjects("resetchannels", "&" + prefix + "changes", "-@all", "+mget", "+eval")
                        .addObjects("+get", "+set", "+pexpireat", "+publish", "+subscribe", "+ping"));
        URI uri = URI.create("redis://" + user + ":" + password + "@"
                + redis.uri().getHost() + ":" + redis.uri().getPort());
        SharedRevocationStore a = track(RedisRevocationStore.create(
                uri, RedisRevocationStore.Settings.defaults().withKeyPrefix(prefix)));
        SharedRevocationStore b = track(RedisRevocationStore.create(
                uri, RedisRevocationStore.Settings.defaults().withKeyPrefix(prefix)));
        TokenIdentity token = token("alice", Instant.now());
        awaitSynced(b);
        assertFalse(b.isRevoked(token));

        a.revoke(ISSUER, token.jwtId(), token.expiresAt());
        a.revokeIssuedBefore(ISSUER, "bob", Instant.now());

        assertAll(
                () -> assertTrue(pollUntilRevoked(b, token, STALENESS).compareTo(STALENESS) <= 0),
                () -> assertTrue(b.isRevoked(token("bob", Instant.now().minusSeconds(5)))));
    }

    @Test
    void closeStopsTheFeedThreads() {
        SharedRevocationStore store = store();
        awaitSynced(store);
        assertTrue(redis.feedThreads() > 0, "no feed thread was running");

        stores.remove(store);
        store.close();

        assertEquals(0, redis.feedThreads(), "threads left after close()");
    }

    private SharedRevocationStore store() {
        return store(SharedRevocationStore.Options.DEFAULTS);
    }

    private SharedRevocationStore store(SharedRevocationStore.Options options) {
        SharedRevocationStore store = RedisRevocationStore.create(
                redis.uri(),
                RedisRevocationStore.Settings.defaults().withKeyPrefix(prefix).withShared(options));
        return track(store);
    }

    private SharedRevocationStore track(SharedRevocationStore store) {
        stores.add(store);
        return store;
    }

    private static TokenIdentity token(String subject, Instant issuedAt) {
        Instant now = Instant.now();
        return new TokenIdentity(ISSUER, UUID.randomUUID().toString(), subject, issuedAt, now.plusSeconds(600));
    }

    /** Waits until the store answers from its cache: it has subscribed and synced with Redis. */
    private static void awaitSynced(SharedRevocationStore store) {
        TokenIdentity probe = token("probe-" + UUID.randomUUID(), Instant.now());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            store.isRevoked(probe);
            long before = redis.calls("mget");
            store.isRevoked(probe);
            if (redis.calls("mget") == before) {
                return;
            }
            sleep(10);
        }
        throw new AssertionError("the store never synced with Redis");
    }

    private static Duration pollUntilRevoked(SharedRevocationStore store, TokenIdentity token, Duration limit) {
        long start = System.nanoTime();
        while (!store.isRevoked(token)) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("not revoked after " + limit);
            }
            sleep(1);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
