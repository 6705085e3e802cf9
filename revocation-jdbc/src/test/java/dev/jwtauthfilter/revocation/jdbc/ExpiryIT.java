package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Storage stays bounded: the store's own purge task deletes the deny-list rows of tokens that have
 * expired (plus the retention margin) and keeps the others. A real PostgreSQL, the store built in
 * code with a clock the test moves and a short purge interval.
 */
class ExpiryIT {
    private static final String ISS = "https://issuer.test";
    private static final Duration PURGE_INTERVAL = Duration.ofMillis(100);

    private final Postgres postgres = Postgres.start("expiry");
    private final String prefix = postgres.newTablePrefix();
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(start);
    private final RevocationStore store = JdbcRevocationStore.builder(postgres.dataSource())
            .name("expiry-it")
            .tablePrefix(prefix)
            .createTables(true)
            .purgeInterval(PURGE_INTERVAL)
            .clock(clock)
            .build();

    @AfterEach
    void close() throws Exception {
        try {
            store.close();
        } finally {
            postgres.close();
        }
    }

    @Test
    void purgeDeletesRowsOfExpiredTokensAndKeepsTheOthers() throws Exception {
        store.revoke(ISS, "short-lived", start.plusSeconds(60));
        store.revoke(ISS, "long-lived", start.plusSeconds(3600));
        Thread.sleep(PURGE_INTERVAL.multipliedBy(3).toMillis()); // purges run, but nothing has expired yet
        assertEquals(2, rows());

        clock.advance(Duration.ofSeconds(60)
                .plus(InMemoryRevocationStore.RETENTION_MARGIN)
                .plusSeconds(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (rows("short-lived") > 0) {
            assertTrue(System.nanoTime() < deadline, "the expired row was never purged");
            Thread.sleep(PURGE_INTERVAL.toMillis());
        }

        assertEquals(1, rows("long-lived"));
    }

    @Test
    void rowIsKeptUntilExpiryPlusTheRetentionMargin() throws Exception {
        store.revoke(ISS, "jti-1", start.plusSeconds(60));

        assertEquals(
                start.plusSeconds(60)
                        .plus(InMemoryRevocationStore.RETENTION_MARGIN)
                        .toEpochMilli(),
                postgres.queryLong("SELECT expires_at FROM " + prefix + "revoked_token WHERE jwt_id = 'jti-1'"));
    }

    private long rows() throws Exception {
        return postgres.queryLong("SELECT COUNT(*) FROM " + prefix + "revoked_token");
    }

    private long rows(String jti) throws Exception {
        return postgres.queryLong("SELECT COUNT(*) FROM " + prefix + "revoked_token WHERE jwt_id = '" + jti + "'");
    }
}
