package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store's own pool, on real H2 connections. */
class DriverConnectionPoolTest {
    private final H2 db = new H2();
    private final DriverConnectionPool pool = pool(2);

    private DriverConnectionPool pool(int size) {
        Properties p = new Properties();
        p.setProperty("user", "sa");
        return new DriverConnectionPool(
                JdbcUrls.driverFor(db.url, getClass().getClassLoader()).orElseThrow(),
                db.url,
                p,
                size,
                Duration.ofMillis(300));
    }

    @AfterEach
    void close() throws SQLException {
        pool.close();
        db.close();
    }

    @Test
    void aReleasedHealthyConnectionIsReused() throws SQLException {
        Connection first = pool.get();
        pool.release(first, true);

        Connection second = pool.get();

        assertSame(first, second);
        pool.release(second, true);
    }

    @Test
    void aConnectionReleasedAfterAFailureIsClosedNotReused() throws SQLException {
        Connection first = pool.get();
        pool.release(first, false);

        Connection second = pool.get();

        assertTrue(first.isClosed());
        assertNotSame(first, second);
        pool.release(second, true);
    }

    @Test
    void noMoreThanSizeConnectionsAreOutAndTheNextWaitsForTheTimeoutThenFails() throws SQLException {
        Connection a = pool.get();
        Connection b = pool.get();
        long start = System.nanoTime();

        SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, pool::get);

        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMillis >= 290, "waited " + waitedMillis + " ms");
        assertEquals("all 2 connections of the revocation store were busy for 300 ms", e.getMessage());
        pool.release(a, true);
        pool.release(b, true);
    }

    @Test
    void aConnectionThatDiedWhileIdleIsReplacedAfterValidation() throws Exception {
        Connection first = pool.get();
        pool.release(first, true);
        first.close(); // as a server restart would leave it
        Thread.sleep(DriverConnectionPool.VALIDATE_AFTER_IDLE.toMillis() + 50); // idle long enough to be validated

        Connection second = pool.get();

        assertNotSame(first, second);
        assertTrue(second.isValid(1));
        pool.release(second, true);
    }

    @Test
    void closeClosesIdleConnectionsAndThoseReleasedLater() throws SQLException {
        Connection idle = pool.get();
        Connection busy = pool.get();
        pool.release(idle, true);

        pool.close();
        pool.release(busy, true);

        assertTrue(idle.isClosed());
        assertTrue(busy.isClosed());
        assertEquals(0, pool.idleCount());
        assertThrows(SQLException.class, pool::get);
    }

    @Test
    void aFailedConnectAttemptGivesItsPermitBack() throws SQLException {
        db.queryLong("SELECT 1"); // the database exists, with user sa and no password
        Properties wrong = new Properties();
        wrong.setProperty("user", "sa");
        wrong.setProperty("password", "not-the-password");
        DriverConnectionPool refusing = new DriverConnectionPool(
                JdbcUrls.driverFor(db.url, getClass().getClassLoader()).orElseThrow(),
                db.url,
                wrong,
                1,
                Duration.ofMillis(300));

        assertThrows(SQLException.class, refusing::get);
        SQLException second = assertThrows(SQLException.class, refusing::get);

        assertFalse(second instanceof SQLTransientConnectionException, "the permit was lost: " + second);
    }
}
