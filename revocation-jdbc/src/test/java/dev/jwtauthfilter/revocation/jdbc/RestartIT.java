package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jwtauthfilter.it.JettyHarness;
import dev.jwtauthfilter.it.TomcatHarness;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocations survive a restart of the application: revoke on one container, stop it, start a new
 * container on the same database, and the token is still refused. On a real PostgreSQL and on an
 * H2 file database (the single-node choice that needs no server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartIT {
    private final Postgres postgres = Postgres.start("restart");

    @TempDir
    Path h2Dir;

    @AfterAll
    void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void revokedTokenAndSubjectCutoffAreStillEnforcedAfterARestartOnPostgres() throws Exception {
        assertRevocationsSurviveRestart(postgres.initParams(postgres.newTablePrefix()));
    }

    @Test
    void revokedTokenAndSubjectCutoffAreStillEnforcedAfterARestartOnAnH2File() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("revocationStore", "jdbc");
        params.put("revocationStore.url", "jdbc:h2:file:" + h2Dir.resolve("revocations"));
        params.put("revocationStore.user", "sa");
        params.put("revocationStore.createTables", "true");

        assertRevocationsSurviveRestart(params);
    }

    /** What the store calls itself: the URL without credentials. */
    private static String storeName(Map<String, String> params) {
        return "JDBC " + JdbcUrls.redact(params.get("revocationStore.url"));
    }

    private static void assertRevocationsSurviveRestart(Map<String, String> params) throws Exception {
        Tokens revoked = Tokens.any();
        Tokens cutOff = Tokens.any();
        Tokens untouched = Tokens.any();
        Node first = Node.start(new JettyHarness(), params);
        try {
            assertEquals(200, first.status(revoked.jwt()));
            first.store().revoke(revoked.issuer(), revoked.jwtId(), revoked.expiresAt());
            first.store().revokeIssuedBefore(cutOff.issuer(), cutOff.subject(), Instant.now());
            assertFalse(JdbcRevocationStoreTest.pollerThreads(storeName(params)).isEmpty(), "no poller thread found");
        } finally {
            first.stop();
        }
        assertEquals(
                List.of(),
                JdbcRevocationStoreTest.pollerThreads(storeName(params)),
                "threads left by the stopped node");

        Node second = Node.start(new TomcatHarness(), params);
        try {
            int revokedStatus = second.status(revoked.jwt());
            int cutOffStatus = second.status(cutOff.jwt());
            int untouchedStatus = second.status(untouched.jwt());

            assertAll(
                    () -> assertEquals(401, revokedStatus, "revoked token"),
                    () -> assertEquals(401, cutOffStatus, "token issued before its subject's cutoff"),
                    () -> assertEquals(200, untouchedStatus, "unrelated token"));
        } finally {
            second.stop();
        }
    }
}
