package dev.jwtauthfilter.revocation.jdbc;

import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Builds a {@link RevocationStore} kept in a relational database (PostgreSQL, H2) through plain
 * JDBC, shared by every node that uses the same tables, and surviving restarts.
 *
 * <p>Deny-list entries are keyed by {@code (iss, jti)} and purged on a schedule once the token
 * would have expired; per-subject cutoffs are kept until replaced (the later instant wins). Answers
 * are cached locally (see {@link SharedRevocationStore}); every node polls a change counter every
 * quarter of the staleness window, so a revocation made on any node is seen on every node within
 * that window (default 1 s). If the database cannot be reached, lookups throw (the filter answers
 * 503) and so do revocations: none is ever lost silently.
 *
 * <pre>{@code
 * RevocationStore store = JdbcRevocationStore.builder(dataSource)   // a pooled DataSource
 *         .createTables(true)
 *         .build();
 * JwtAuthConfig config = JwtAuthConfig.builder()...revocationStore(store).build();
 * // close the store when the application stops
 * }</pre>
 *
 * <p>From {@code web.xml}, select it with {@code revocationStore=jdbc} instead (see {@link
 * JdbcRevocationStoreProvider}).
 */
public final class JdbcRevocationStore {
    /** The default prefix of the table names. */
    public static final String DEFAULT_TABLE_PREFIX = Sql.DEFAULT_PREFIX;
    /** How often expired deny-list rows are deleted by default: every 10 minutes. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(10);
    /** The default limit of each statement (and of a wait for a pooled connection): 2 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private JdbcRevocationStore() {}

    /**
     * Creates a store with the defaults: tables must exist (see {@link #schema}), prefix {@code
     * jwt_}, purge every 10 minutes, 2 s timeout, {@link SharedRevocationStore.Options#DEFAULTS}.
     *
     * @param dataSource where connections come from; it should pool them
     * @return the store; close it when the application stops
     */
    public static RevocationStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * Starts building a store on a {@code DataSource}.
     *
     * @param dataSource where connections come from; it should pool them (each call borrows one)
     * @return a builder with the defaults
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(ConnectionSource.of(Objects.requireNonNull(dataSource, "dataSource")), "JDBC DataSource");
    }

    static Builder builder(ConnectionSource connections, String name) {
        return new Builder(connections, name);
    }

    /**
     * Returns the DDL that creates the tables (idempotent: {@code CREATE ... IF NOT EXISTS}), for
     * PostgreSQL and H2, as the store runs it when {@link Builder#createTables} is set.
     *
     * @param tablePrefix the prefix of the table names, e.g. {@link #DEFAULT_TABLE_PREFIX}
     * @return the SQL script, statements ending with {@code ;}
     * @throws IllegalArgumentException if the prefix is not letters, digits and underscores
     */
    public static String schema(String tablePrefix) {
        return Sql.ddl(Sql.checkPrefix(tablePrefix));
    }

    /** The settings of one store; not thread-safe, build once. */
    public static final class Builder {
        private final ConnectionSource connections;
        private String name;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private boolean createTables;
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private SharedRevocationStore.Options options = SharedRevocationStore.Options.DEFAULTS;
        private Clock clock = Clock.systemUTC();

        private Builder(ConnectionSource connections, String name) {
            this.connections = connections;
            this.name = name;
        }

        /**
         * Sets the prefix of the three table names.
         *
         * @param prefix letters, digits and underscores, not starting with a digit, at most 30; may be empty
         * @return this builder
         * @throws IllegalArgumentException if the prefix is not allowed
         */
        public Builder tablePrefix(String prefix) {
            try {
                this.tablePrefix = Sql.checkPrefix(Objects.requireNonNull(prefix, "prefix"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("table prefix " + e.getMessage(), e);
            }
            return this;
        }

        /**
         * Creates missing tables on the first connection that works ({@code CREATE TABLE IF NOT
         * EXISTS}); the database user then needs the right to create tables. Default false.
         *
         * @param create whether to run the DDL
         * @return this builder
         */
        public Builder createTables(boolean create) {
            this.createTables = create;
            return this;
        }

        /**
         * Sets how often deny-list rows of expired tokens are deleted.
         *
         * @param interval positive; default 10 minutes
         * @return this builder
         */
        public Builder purgeInterval(Duration interval) {
            this.purgeInterval = positive(interval, "purgeInterval");
            return this;
        }

        /**
         * Sets the limit of each statement ({@code setQueryTimeout}, whole seconds, rounded up).
         *
         * @param timeout positive; default 2 s
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * Sets the local cache and outage behaviour.
         *
         * @param options staleness window, cache size, fail-open time
         * @return this builder
         */
        public Builder options(SharedRevocationStore.Options options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Sets the clock that decides when deny-list rows have expired.
         *
         * @param clock the clock; default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets what log lines and errors call the store.
         *
         * @param name e.g. the database's host and name; never credentials
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Creates the store and starts its poller thread. Does not connect first: a database that is
         * down makes the store answer with errors until it is back.
         *
         * @return the store; close it to stop its thread (and, for a URL, its connections)
         */
        public RevocationStore build() {
            Sql sql = new Sql(tablePrefix);
            Duration pollInterval = options.staleness().dividedBy(4);
            JdbcBackend backend =
                    new JdbcBackend(name, connections, sql, createTables, timeout, pollInterval, purgeInterval, clock);
            return new SharedRevocationStore(name, backend, options, clock);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
