package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.it.JettyHarness;
import dev.jwtauthfilter.it.TomcatHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two nodes, an embedded Jetty and an embedded Tomcat, each with the filter configured from
 * init-params ({@code revocationStore=jdbc}, {@code revocationStore.url=...}), sharing one real
 * PostgreSQL. A change made through either node's store is enforced by the other within the stated
 * staleness window (the default, 1 s), although both nodes have the answer cached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {
    /** The default {@code revocationStore.stalenessMillis}. */
    private static final Duration STALENESS = Duration.ofSeconds(1);
    /** Room for one HTTP round trip of the probing loop beyond the window. */
    private static final Duration MARGIN = Duration.ofMillis(250);

    private final Postgres postgres = Postgres.start("cluster");
    private Node jetty;
    private Node tomcat;

    @BeforeAll
    void startNodes() throws Exception {
        String prefix = postgres.newTablePrefix();
        jetty = Node.start(new JettyHarness(), postgres.initParams(prefix));
        tomcat = Node.start(new TomcatHarness(), postgres.initParams(prefix));
    }

    @AfterAll
    void stopNodes() throws Exception {
        try (postgres) {
            if (jetty != null) {
                jetty.stop();
            }
            if (tomcat != null) {
                tomcat.stop();
            }
        }
    }

    @Test
    void tokenRevokedThroughNodeAIsRefusedByNodeBWithinTheStalenessWindow() throws Exception {
        Tokens token = Tokens.any();
        warm(jetty, token);
        warm(tomcat, token);

        long start = System.nanoTime();
        jetty.store().revoke(token.issuer(), token.jwtId(), token.expiresAt());
        Duration seen = untilRefused(tomcat, token, start);

        record("revoke (iss, jti) on Jetty node -> refused by Tomcat node", seen);
        assertTrue(seen.compareTo(STALENESS.plus(MARGIN)) <= 0, "refused after " + seen.toMillis() + " ms");
    }

    @Test
    void subjectCutoffSetThroughNodeBAppliesOnNodeAWithinTheStalenessWindow() throws Exception {
        Tokens token = Tokens.any();
        warm(jetty, token);
        warm(tomcat, token);

        long start = System.nanoTime();
        tomcat.store().revokeIssuedBefore(token.issuer(), token.subject(), Instant.now());
        Duration seen = untilRefused(jetty, token, start);

        record("subject cutoff on Tomcat node -> refused by Jetty node", seen);
        assertTrue(seen.compareTo(STALENESS.plus(MARGIN)) <= 0, "refused after " + seen.toMillis() + " ms");
    }

    @Test
    void revokingNodeRefusesTheTokenAtOnce() throws Exception {
        Tokens token = Tokens.any();
        warm(tomcat, token);

        tomcat.store().revoke(token.issuer(), token.jwtId(), token.expiresAt());

        assertEquals(401, tomcat.status(token.jwt()));
    }

    /** Accepted, and the "not revoked" answer is in the node's cache. */
    private static void warm(Node node, Tokens token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            assertEquals(200, node.status(token.jwt()));
            if (node.cachedAnswers() > 0) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the node never cached an answer");
            Thread.sleep(20);
        }
    }

    /** Probes the node until it answers 401; the time since the change was recorded, measured from before it. */
    private static Duration untilRefused(Node node, Tokens token, long startNanos) throws Exception {
        while (true) {
            int status = node.status(token.jwt());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            if (status == 401) {
                return elapsed;
            }
            assertEquals(200, status, "neither accepted nor refused");
            assertTrue(elapsed.toSeconds() < 10, "still accepted after " + elapsed.toMillis() + " ms");
            Thread.sleep(5);
        }
    }

    private static void record(String what, Duration seen) throws IOException {
        String line = Instant.now() + " " + what + ": " + seen.toMillis() + " ms\n";
        System.out.print("PROPAGATION " + line);
        Path file = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target/propagation-times.txt");
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
