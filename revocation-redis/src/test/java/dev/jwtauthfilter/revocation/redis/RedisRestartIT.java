package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.interfaces.DecodedJWT;
import dev.jwtauthfilter.it.ContainerHarness;
import dev.jwtauthfilter.it.JettyHarness;
import dev.jwtauthfilter.it.TomcatHarness;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Revocations live in Redis, not in the application: a new container on the same Redis still refuses. */
class RedisRestartIT {
    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.launch();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Test
    void aTokenRevokedBeforeAJettyRestartIsStillRefusedAfterIt() throws Exception {
        Map<String, String> params = FilterApp.params(redis, FilterApp.uniquePrefix());
        String revoked = FilterApp.token("alice-" + UUID.randomUUID());
        String valid = FilterApp.token("alice-" + UUID.randomUUID());
        DecodedJWT jwt = FilterApp.decode(revoked);
        ContainerHarness first = started(new JettyHarness(), params);
        try {
            FilterApp.store(first).revoke(jwt.getIssuer(), jwt.getId(), jwt.getExpiresAtAsInstant());
        } finally {
            first.stop();
        }

        ContainerHarness second = started(new JettyHarness(), params);
        try {
            assertAll(
                    () -> assertEquals(401, FilterApp.status(second, revoked)),
                    () -> assertEquals(200, FilterApp.status(second, valid)));
        } finally {
            second.stop();
        }
    }

    @Test
    void aSubjectCutoffSetBeforeATomcatRestartStillAppliesAfterIt() throws Exception {
        Map<String, String> params = FilterApp.params(redis, FilterApp.uniquePrefix());
        String subject = "bob-" + UUID.randomUUID();
        String token = FilterApp.token(subject);
        ContainerHarness first = started(new TomcatHarness(), params);
        try {
            FilterApp.store(first)
                    .revokeIssuedBefore(
                            TestTokens.ISSUER, subject, Instant.now().plusSeconds(1));
        } finally {
            first.stop();
        }

        ContainerHarness second = started(new TomcatHarness(), params);
        try {
            assertEquals(401, FilterApp.status(second, token));
        } finally {
            second.stop();
        }
    }

    @Test
    void stoppingTheContainerClosesTheStoreAndStopsItsThreads() throws Exception {
        ContainerHarness node = started(new TomcatHarness(), FilterApp.params(redis, FilterApp.uniquePrefix()));
        String token = FilterApp.token("carol-" + UUID.randomUUID());
        FilterApp.warm(node, redis, token);

        node.stop();

        assertEquals(0, redis.feedThreads(), "change-feed threads left after the container stopped");
    }

    private static ContainerHarness started(ContainerHarness container, Map<String, String> params) throws Exception {
        container.start(List.of(FilterApp.deployment(params)));
        return container;
    }
}
