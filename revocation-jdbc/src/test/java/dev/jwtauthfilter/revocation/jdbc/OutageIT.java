package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jwtauthfilter.it.JettyHarness;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops while the application runs: requests are refused with 503 and {@code
 * Retry-After} (never let through, never a 500) once the staleness window has passed, revocations
 * fail loudly, and when PostgreSQL is back the application serves again without a restart. Needs a
 * server the test may stop, so it is skipped when {@code JDBC_URL} names an external one.
 */
class OutageIT {
    private static final Duration STALENESS = Duration.ofSeconds(1);

    private Postgres postgres;
    private Node node;

    @BeforeEach
    void start() throws Exception {
        postgres = Postgres.start("outage");
        assumeFalse(postgres.isExternal(), "JDBC_URL names a server this test must not stop");
        node = Node.start(new JettyHarness(), postgres.initParams(postgres.newTablePrefix()));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (node != null) {
                node.stop();
            }
        } finally {
            postgres.close();
        }
    }

    @Test
    void requestsGet503WithRetryAfterDuringAnOutageAndSucceedAgainAfterIt() throws Exception {
        Tokens token = Tokens.any();
        assertEquals(200, node.status(token.jwt()));

        postgres.stop();
        long stoppedAt = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        // the same token: its cached "not revoked" may be used until the staleness window has passed, no longer
        HttpResponse<String> refused = probeUntil(503, statuses, token);
        Duration until503 = Duration.ofNanos(System.nanoTime() - stoppedAt);

        assertAll(
                () -> assertTrue(
                        statuses.stream().allMatch(s -> s == 200 || s == 503),
                        "answers during the outage: " + statuses),
                () -> assertTrue(until503.compareTo(STALENESS.plusMillis(500)) <= 0, until503.toMillis() + " ms"),
                () -> assertEquals(
                        "5", refused.headers().firstValue("Retry-After").orElse(null)));

        postgres.restart();
        long restartedAt = System.nanoTime();
        statuses.clear();
        probeUntil(200, statuses, null);
        System.out.println("OUTAGE first 503 after " + until503.toMillis() + " ms; served again "
                + Duration.ofNanos(System.nanoTime() - restartedAt).toMillis() + " ms after the restart");
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 503), "answers after the restart: " + statuses);
    }

    @Test
    void revocationDuringAnOutageThrowsAndOneAfterItIsEnforced() throws Exception {
        Tokens token = Tokens.any();
        assertEquals(200, node.status(token.jwt()));

        postgres.stop();
        RevocationStoreException e = assertThrows(
                RevocationStoreException.class,
                () -> node.store().revoke(token.issuer(), token.jwtId(), token.expiresAt()));
        assertTrue(e.getMessage().contains("revoke failed"), e.getMessage());

        postgres.restart();
        probeUntil(200, new ArrayList<>(), null);
        node.store().revoke(token.issuer(), token.jwtId(), token.expiresAt());

        assertEquals(401, node.status(token.jwt()));
    }

    @Test
    void subjectCutoffDuringAnOutageThrows() throws Exception {
        postgres.stop();

        assertThrows(
                RevocationStoreException.class,
                () -> node.store().revokeIssuedBefore("https://issuer.test", "alice", Instant.now()));
    }

    /**
     * Sends the token (a fresh valid one each time if null) until the node answers with this status;
     * records every status seen.
     */
    private HttpResponse<String> probeUntil(int wanted, List<Integer> statuses, Tokens token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> response = node.get((token == null ? Tokens.any() : token).jwt());
            statuses.add(response.statusCode());
            if (response.statusCode() == wanted) {
                return response;
            }
            assertTrue(System.nanoTime() < deadline, "never answered " + wanted + ": " + statuses);
            Thread.sleep(20);
        }
    }
}
