package dev.jwtauthfilter.revocation.jdbc;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.revocation.TokenIdentity;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The database side of the store: one statement (or one transaction) per call, and a thread of its
 * own that polls the change counter and purges expired deny-list rows.
 *
 * <p>The change feed. Every write increments the single row of {@code revocation_version} in the
 * SAME transaction as the change itself, and the poller reads that counter every {@code pollInterval}
 * (a quarter of the staleness window). Before each read it takes {@code t = System.nanoTime()}; if the
 * value differs from the previous read (or there was none), it tells the cache to forget everything;
 * then it reports {@code synced(t)}. Why this is enough: a write that committed before {@code t}
 * committed its counter increment with it, atomically, so the read, a statement that starts after
 * {@code t}, sees a counter that includes it (each statement sees every transaction committed before
 * it began). The counter only ever grows and every write changes it, so an unchanged value means no
 * write committed between the previous read and this one: every earlier write was already covered by
 * an earlier invalidation. A changed value empties the cache. Either way every write committed before
 * {@code t} is reflected, which is what {@code synced(t)} promises. Had the counter been bumped in a
 * separate transaction, a node could read the new data's old counter (or the reverse) and report a
 * sync point that a committed change has not reached. A failed poll reports nothing, so the cache
 * stops being used once the last sync point is older than the staleness window, and the first poll
 * that works again empties the cache.
 */
final class JdbcBackend implements SharedRevocationStore.Backend {
    private static final Logger LOG = System.getLogger(JdbcRevocationStore.class.getName());

    /** A write that lost an insert race (or a deadlock) is retried as a whole, this many times in all. */
    static final int WRITE_ATTEMPTS = 3;
    /** The purge may delete many rows: its statement gets this many times the query timeout. */
    static final int PURGE_TIMEOUT_FACTOR = 10;

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String name;
    private final ConnectionSource connections;
    private final Sql sql;
    private final boolean createTables;
    private final Duration timeout;
    private final Duration pollInterval;
    private final Duration purgeInterval;
    private final Clock clock;
    private final Object schemaLock = new Object();
    private volatile boolean schemaReady;
    private volatile ScheduledThreadPoolExecutor scheduler;

    // poller state, touched by the poll task only (a fixed-delay task never overlaps itself)
    private long lastVersion;
    private boolean versionKnown;
    private boolean pollFailing;
    private boolean purgeFailing;

    JdbcBackend(
            String name,
            ConnectionSource connections,
            Sql sql,
            boolean createTables,
            Duration timeout,
            Duration pollInterval,
            Duration purgeInterval,
            Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.sql = Objects.requireNonNull(sql, "sql");
        this.createTables = createTables;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.purgeInterval = Objects.requireNonNull(purgeInterval, "purgeInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean isRevoked(TokenIdentity token) {
        try {
            return withConnection(c -> lookUp(c, token));
        } catch (SQLException e) {
            throw failure("lookup", e);
        }
    }

    @Override
    public void revoke(String issuer, String jwtId, Instant expiresAt) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwtId, "jwtId");
        long keepUntil = ceilMillis(expiresAt.plus(InMemoryRevocationStore.RETENTION_MARGIN));
        write("revoke", c -> {
            if (execute(c, sql.updateToken, keepUntil, keepUntil, issuer, jwtId) == 0) {
                execute(c, sql.insertToken, issuer, jwtId, keepUntil);
            }
        });
    }

    @Override
    public void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        // rounded up: for a whole-millisecond iat, iat < ceil(cutoff) exactly when iat < cutoff
        long cutoff = ceilMillis(issuedBefore);
        write("cutoff", c -> {
            if (execute(c, sql.updateCutoff, cutoff, cutoff, issuer, subject) == 0) {
                execute(c, sql.insertCutoff, issuer, subject, cutoff);
            }
        });
    }

    @Override
    public void watch(SharedRevocationStore.ChangeListener listener) {
        Objects.requireNonNull(listener, "listener");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, task -> {
            Thread t = new Thread(task, "jwt-auth-filter revocation poller (" + name + ")");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = executor;
        executor.scheduleWithFixedDelay(() -> pollSafely(listener), 0, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        executor.scheduleWithFixedDelay(
                this::purgeAndLog, purgeInterval.toNanos(), purgeInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        ScheduledThreadPoolExecutor executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                // a statement in progress ends within its timeout at the latest
                executor.awaitTermination(timeout.toMillis() * (PURGE_TIMEOUT_FACTOR + 1), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.close();
    }

    /**
     * Deletes the deny-list rows whose tokens expired (plus the retention margin) before now.
     *
     * @return the number of rows deleted
     * @throws SQLException if the database cannot be reached
     */
    int purgeExpired() throws SQLException {
        long now = clock.millis();
        return withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.purge)) {
                s.setQueryTimeout(seconds(timeout) * PURGE_TIMEOUT_FACTOR);
                s.setLong(1, now);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Reads the change counter.
     *
     * @throws SQLException if it cannot be read, or its row is missing
     */
    long readVersion() throws SQLException {
        return withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.readVersion)) {
                s.setQueryTimeout(seconds(timeout));
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw missingVersionRow();
                    }
                    return r.getLong(1);
                }
            }
        });
    }

    /** One round of the change feed; see the class comment. */
    void poll(SharedRevocationStore.ChangeListener listener) {
        long t = System.nanoTime();
        long version;
        try {
            version = readVersion();
        } catch (SQLException | RuntimeException e) {
            versionKnown = false;
            if (!pollFailing) {
                pollFailing = true;
                boolean setup = e instanceof SQLException s && isSchemaProblem(s);
                LOG.log(
                        setup ? Level.WARNING : Level.INFO,
                        "Revocation store {0}: polling for changes failed ({1}); cached answers are not used"
                                + " until it works again{2}",
                        name,
                        describe(e),
                        setup ? SCHEMA_HINT : "");
            }
            return;
        }
        if (pollFailing) {
            pollFailing = false;
            LOG.log(Level.INFO, "Revocation store {0}: polling for changes works again", name);
        }
        if (!versionKnown || version != lastVersion) {
            listener.cacheInvalid();
            lastVersion = version;
            versionKnown = true;
        }
        listener.synced(t);
    }

    /** A scheduled task that throws is never run again: nothing may escape. */
    private void pollSafely(SharedRevocationStore.ChangeListener listener) {
        try {
            poll(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Revocation store " + name + ": the change listener failed", e);
        }
    }

    private void purgeAndLog() {
        try {
            int deleted = purgeExpired();
            purgeFailing = false;
            LOG.log(Level.DEBUG, "Revocation store {0}: purged {1} expired deny-list rows", name, deleted);
        } catch (SQLException | RuntimeException e) {
            if (!purgeFailing) {
                purgeFailing = true;
                LOG.log(
                        Level.INFO,
                        "Revocation store {0}: purging expired rows failed ({1}); retried in {2} s",
                        name,
                        describe(e),
                        purgeInterval.toSeconds());
            }
        }
    }

    private boolean lookUp(Connection c, TokenIdentity token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql.isRevoked)) {
            s.setQueryTimeout(seconds(timeout));
            bind(s, token.issuer(), token.jwtId(), token.issuer(), token.subject());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("the lookup returned no row", "02000");
                }
                if (r.getLong(1) > 0) {
                    return true;
                }
                long cutoff = r.getLong(2);
                if (r.wasNull()) {
                    return false;
                }
                // iat is a NumericDate: whole seconds, so whole milliseconds
                return token.issuedAt() == null || token.issuedAt().toEpochMilli() < cutoff;
            }
        }
    }

    /** Runs a change and the counter increment in one transaction, retrying lost insert races. */
    private void write(String what, ChangeWork change) {
        Work<Void> transaction = c -> {
            c.setAutoCommit(false);
            try {
                change.run(c);
                if (execute(c, sql.bumpVersion) != 1) {
                    throw missingVersionRow();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            // should this fail, the caller hears of an error for a committed write: harmless, as writes are idempotent
            c.setAutoCommit(true);
            return null;
        };
        for (int attempt = 1; ; attempt++) {
            try {
                withConnection(transaction);
                return;
            } catch (SQLException e) {
                // PostgreSQL aborts the whole transaction on a failed INSERT: retry all of it, not one statement
                if (attempt >= WRITE_ATTEMPTS || !isRetryable(e)) {
                    throw failure(what, e);
                }
            }
        }
    }

    @FunctionalInterface
    private interface ChangeWork {
        void run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(Work<T> work) throws SQLException {
        Connection c = connections.get();
        boolean healthy = false;
        try {
            ensureSchema(c);
            T result = work.run(c);
            healthy = true;
            return result;
        } finally {
            connections.release(c, healthy);
        }
    }

    /** With {@code createTables}, runs the DDL once, on the first connection that works. */
    private void ensureSchema(Connection c) throws SQLException {
        if (!createTables || schemaReady) {
            return;
        }
        synchronized (schemaLock) {
            if (schemaReady) {
                return;
            }
            c.setAutoCommit(true);
            try {
                runDdl(c);
            } catch (SQLException e) {
                // two nodes starting at once may race on CREATE TABLE / the counter row: once more, idempotently
                if (!isRetryable(e) && !"42P07".equals(e.getSQLState())) {
                    throw e;
                }
                runDdl(c);
            }
            schemaReady = true;
            LOG.log(Level.INFO, "Revocation store {0}: tables checked (created where missing)", name);
        }
    }

    private void runDdl(Connection c) throws SQLException {
        for (String statement : sql.schema) {
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(seconds(timeout) * PURGE_TIMEOUT_FACTOR);
                s.execute(statement);
            }
        }
    }

    private int execute(Connection c, String statement, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(statement)) {
            s.setQueryTimeout(seconds(timeout));
            bind(s, params);
            return s.executeUpdate();
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                s.setNull(i + 1, Types.VARCHAR);
            } else if (p instanceof Long l) {
                s.setLong(i + 1, l);
            } else {
                s.setString(i + 1, (String) p);
            }
        }
    }

    private RevocationStoreException failure(String what, SQLException e) {
        return new RevocationStoreException(
                "revocation store " + name + ": " + what + " failed (" + describe(e) + ")"
                        + (isSchemaProblem(e) ? SCHEMA_HINT : ""),
                e);
    }

    private static final String SCHEMA_HINT =
            "; are its tables there? Run schema.sql or set revocationStore.createTables=true";

    /** The exception class and SQLState: never the driver's message, which may echo a URL. */
    static String describe(Throwable e) {
        String state = e instanceof SQLException s ? s.getSQLState() : null;
        return e.getClass().getSimpleName() + (state == null ? "" : ", SQLState " + state);
    }

    /** A unique-key race (class 23), a serialization failure or deadlock (class 40). */
    static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("23") || state.startsWith("40"));
    }

    /** Missing table or row, or no privilege (class 42 is "syntax error or access rule violation"). */
    static boolean isSchemaProblem(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("42") || state.equals("02000"));
    }

    private static SQLException missingVersionRow() {
        return new SQLException("the change counter row (id 1) is missing", "02000");
    }

    /** JDBC timeouts are whole seconds: rounded up, at least one. */
    static int seconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
    }

    /** Epoch milliseconds, rounded up. */
    static long ceilMillis(Instant instant) {
        long millis = instant.toEpochMilli();
        return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }
}
