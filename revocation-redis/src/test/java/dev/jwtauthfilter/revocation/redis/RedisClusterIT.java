package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.it.ContainerHarness;
import dev.jwtauthfilter.it.JettyHarness;
import dev.jwtauthfilter.it.TomcatHarness;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, embedded Jetty (A) and embedded Tomcat (B), each running the filter configured by
 * init-params as in {@code web.xml} with {@code revocationStore=redis}, sharing one real Redis. A
 * change made through one node's store must reach the other node's warm cache within the default
 * staleness window of 1 s.
 */
class RedisClusterIT {
    /** The stated window, plus room for one HTTP round trip of the poll on a busy machine. */
    private static final Duration WINDOW = SharedRevocationStore.Options.DEFAULTS.staleness();

    private static final Duration MARGIN = Duration.ofMillis(250);

    private static TestRedis redis;
    private static ContainerHarness nodeA;
    private static ContainerHarness nodeB;

    @BeforeAll
    static void startNodes() throws Exception {
        redis = TestRedis.launch();
        Map<String, String> params = FilterApp.params(redis, FilterApp.uniquePrefix());
        nodeA = new JettyHarness();
        nodeA.start(List.of(FilterApp.deployment(params)));
        nodeB = new TomcatHarness();
        nodeB.start(List.of(FilterApp.deployment(params)));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        try {
            if (nodeA != null) {
                nodeA.stop();
            }
            if (nodeB != null) {
                nodeB.stop();
            }
        } finally {
            redis.close();
        }
    }

    @Test
    void aTokenRevokedThroughNodeAIsRefusedByNodeBWithinTheStalenessWindow() {
        String token = FilterApp.token("alice-" + UUID.randomUUID());
        DecodedJWT jwt = FilterApp.decode(token);
        FilterApp.warm(nodeA, redis, token);
        FilterApp.warm(nodeB, redis, token);

        FilterApp.store(nodeA).revoke(jwt.getIssuer(), jwt.getId(), jwt.getExpiresAtAsInstant());
        Duration seen =
                FilterApp.pollUntil(nodeB, token, 401, WINDOW.plus(MARGIN).plusSeconds(2));

        System.out.printf("[propagation] revoke on Jetty A -> 401 on Tomcat B: %.1f ms%n", seen.toNanos() / 1e6);
        assertTrue(seen.compareTo(WINDOW.plus(MARGIN)) <= 0, "node B refused the token only after " + seen);
    }

    @Test
    void aSubjectCutoffSetOnNodeBAppliesOnNodeAWithinTheStalenessWindow() {
        String subject = "bob-" + UUID.randomUUID();
        String token = FilterApp.token(subject);
        String otherSubjectsToken = FilterApp.token("carol-" + UUID.randomUUID());
        FilterApp.warm(nodeA, redis, token);
        FilterApp.warm(nodeB, redis, token);
        FilterApp.warm(nodeA, redis, otherSubjectsToken);

        FilterApp.store(nodeB)
                .revokeIssuedBefore(TestTokens.ISSUER, subject, Instant.now().plusSeconds(1));
        Duration seen =
                FilterApp.pollUntil(nodeA, token, 401, WINDOW.plus(MARGIN).plusSeconds(2));

        System.out.printf("[propagation] cutoff on Tomcat B -> 401 on Jetty A: %.1f ms%n", seen.toNanos() / 1e6);
        assertTrue(seen.compareTo(WINDOW.plus(MARGIN)) <= 0, "node A refused the token only after " + seen);
        assertEquals(200, FilterApp.status(nodeA, otherSubjectsToken), "another subject's token was refused");
    }
}
