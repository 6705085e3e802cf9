package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.it.ContainerHarness;
import dev.jwtauthfilter.it.JettyHarness;
import dev.jwtauthfilter.it.TomcatHarness;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.testsupport.LogCapture;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis goes down under running applications and comes back: the filter fails closed with 503 and
 * {@code Retry-After} (or, where configured, fails open for a bounded time and says so loudly), a
 * revocation that cannot be written is an error for the caller, and service resumes by itself once
 * Redis is back, with the revocations made before the outage still in force. Needs the embedded
 * server (skipped with {@code REDIS_URL}, which the tests cannot stop).
 */
class RedisOutageIT {
    private static final Duration STALENESS = SharedRevocationStore.Options.DEFAULTS.staleness();
    private static final Duration TIMEOUT = RedisRevocationStore.Settings.DEFAULT_TIMEOUT;
    private static final Duration FAIL_OPEN = Duration.ofSeconds(2);

    private static TestRedis redis;
    /** Fails closed (the default). */
    private static ContainerHarness closedNode;
    /** {@code revocationStore.failOpenSeconds=2}. */
    private static ContainerHarness openNode;

    private boolean redisStopped;

    @BeforeAll
    static void startNodes() throws Exception {
        redis = TestRedis.launch();
        Assumptions.assumeTrue(redis.embedded(), "REDIS_URL is set: the outage tests need a server they can stop");
        closedNode = new JettyHarness();
        closedNode.start(List.of(FilterApp.deployment(FilterApp.params(redis, FilterApp.uniquePrefix()))));
        openNode = new TomcatHarness();
        openNode.start(List.of(FilterApp.deployment(FilterApp.params(
                redis,
                FilterApp.uniquePrefix(),
                "revocationStore.failOpenSeconds",
                Long.toString(FAIL_OPEN.toSeconds())))));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        try {
            if (closedNode != null) {
                closedNode.stop();
            }
            if (openNode != null) {
                openNode.stop();
            }
        } finally {
            redis.close();
        }
    }

    /** Each test leaves Redis up and both applications serving, whatever happened. */
    @AfterEach
    void restoreRedis() throws Exception {
        if (redisStopped) {
            redis.restart();
            redisStopped = false;
            String probe = FilterApp.token("probe-" + UUID.randomUUID());
            FilterApp.pollUntil(closedNode, probe, 200, Duration.ofSeconds(10));
            FilterApp.pollUntil(openNode, probe, 200, Duration.ofSeconds(10));
        }
    }

    @Test
    void whileRedisIsDownRequestsGet503WithRetryAfterNever200Or500AndOneWarning() throws Exception {
        String token = FilterApp.token("alice-" + UUID.randomUUID());
        FilterApp.warm(closedNode, redis, token);

        try (LogCapture logs = LogCapture.start("dev.jwtauthfilter")) {
            stopRedis();
            List<Integer> statuses =
                    statusesUntil503(closedNode, token, STALENESS.plus(TIMEOUT).plusSeconds(2));
            List<HttpResponse<String>> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(FilterApp.get(closedNode, token));
            }

            assertAll(
                    () -> assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 503), "statuses " + statuses),
                    () -> assertTrue(
                            during.stream().allMatch(r -> r.statusCode() == 503), "later statuses " + codes(during)),
                    () -> assertTrue(
                            during.stream()
                                    .allMatch(r -> r.headers()
                                            .firstValue("Retry-After")
                                            .orElse("")
                                            .matches("[0-9]+")),
                            "a 503 without Retry-After"),
                    () -> assertEquals(1, filterOutageWarnings(logs), "filter WARNs for one outage"),
                    () -> assertFalse(logs.everything().contains(redis.password()), "the password was logged"));
        }
    }

    @Test
    void whileRedisIsDownARevocationThrowsWithoutThePasswordInItsMessage() throws Exception {
        String token = FilterApp.token("bob-" + UUID.randomUUID());
        DecodedJWT jwt = FilterApp.decode(token);
        SharedRevocationStore store = FilterApp.store(closedNode);

        stopRedis();
        RevocationStoreException thrown = assertThrows(
                RevocationStoreException.class,
                () -> store.revoke(jwt.getIssuer(), jwt.getId(), jwt.getExpiresAtAsInstant()));

        assertFalse(causeChain(thrown).contains(redis.password()), "the password is in " + causeChain(thrown));
    }

    @Test
    void afterRedisComesBackTheRunningApplicationServesAgainWithEarlierRevocationsInForce() throws Exception {
        String valid = FilterApp.token("carol-" + UUID.randomUUID());
        String revoked = FilterApp.token("carol-" + UUID.randomUUID());
        DecodedJWT jwt = FilterApp.decode(revoked);
        FilterApp.store(closedNode).revoke(jwt.getIssuer(), jwt.getId(), jwt.getExpiresAtAsInstant());
        FilterApp.warm(closedNode, redis, valid);
        stopRedis();
        FilterApp.pollUntil(closedNode, valid, 503, STALENESS.plus(TIMEOUT).plusSeconds(2));

        redis.restart();
        redisStopped = false;
        Duration back = FilterApp.pollUntil(closedNode, valid, 200, Duration.ofSeconds(10));

        System.out.printf("[recovery] Redis restarted -> 200 again: %.0f ms%n", back.toNanos() / 1e6);
        assertEquals(401, FilterApp.status(closedNode, revoked));
        FilterApp.warm(closedNode, redis, valid); // the change feed is back: answers come from the cache again
    }

    @Test
    void withFailOpenValidTokensPassForTheConfiguredTimeWithAWarningThenGet503() throws Exception {
        String token = FilterApp.token("dave-" + UUID.randomUUID());
        FilterApp.warm(openNode, redis, token);

        try (LogCapture logs = LogCapture.start("dev.jwtauthfilter")) {
            long stoppedAt = System.nanoTime();
            stopRedis();
            List<Integer> statuses = statusesUntil503(
                    openNode, token, FAIL_OPEN.plus(STALENESS).plus(TIMEOUT).plusSeconds(3));
            Duration first503 = Duration.ofNanos(System.nanoTime() - stoppedAt);

            System.out.printf(
                    "[fail-open] first 503 %.0f ms after Redis stopped (fail-open %d s)%n",
                    first503.toNanos() / 1e6, FAIL_OPEN.toSeconds());
            assertAll(
                    () -> assertTrue(
                            statuses.subList(0, statuses.size() - 1).stream().allMatch(s -> s == 200),
                            "statuses before the first 503: " + statuses),
                    () -> assertTrue(first503.compareTo(FAIL_OPEN) >= 0, "503 already after " + first503),
                    () -> assertTrue(
                            logs.messages(Level.WARNING).stream().anyMatch(m -> m.startsWith("FAIL-OPEN")),
                            "no FAIL-OPEN warning in " + logs.messages(Level.WARNING)),
                    () -> assertFalse(logs.everything().contains(redis.password()), "the password was logged"));
        }
    }

    @Test
    void aSubjectCutoffMadeBeforeTheOutageStillAppliesAfterIt() throws Exception {
        String subject = "erin-" + UUID.randomUUID();
        String token = FilterApp.token(subject);
        FilterApp.store(openNode)
                .revokeIssuedBefore(TestTokens.ISSUER, subject, Instant.now().plusSeconds(1));
        stopRedis();

        redis.restart();
        redisStopped = false;

        assertEquals(401, FilterApp.status(openNode, token));
    }

    private void stopRedis() throws Exception {
        redisStopped = true;
        redis.stop();
    }

    /** Requests until the first 503, every 20 ms; the statuses seen, the 503 last. */
    private static List<Integer> statusesUntil503(ContainerHarness node, String token, Duration limit) {
        List<Integer> statuses = new ArrayList<>();
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            int status = FilterApp.status(node, token);
            statuses.add(status);
            if (status == 503) {
                return statuses;
            }
            FilterApp.sleep(20);
        }
        throw new AssertionError("no 503 within " + limit + ": " + statuses);
    }

    private static long filterOutageWarnings(LogCapture logs) {
        return logs.messages(Level.WARNING).stream()
                .filter(m -> m.startsWith("Revocation store unavailable"))
                .count();
    }

    private static List<Integer> codes(List<HttpResponse<String>> responses) {
        return responses.stream().map(HttpResponse::statusCode).toList();
    }

    private static String causeChain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}
