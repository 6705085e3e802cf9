package dev.jwtauthfilter.revocation.redis;

import dev.jwtauthfilter.revocation.SharedRevocationStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a revocation store on a Redis server shared by every node, for use in code; from {@code
 * web.xml} use {@code revocationStore=redis} ({@link RedisRevocationStoreProvider}).
 *
 * <pre>{@code
 * RevocationStore store = RedisRevocationStore.create(
 *         URI.create("redis://:" + password + "@redis.internal:6379/0"),
 *         RedisRevocationStore.Settings.defaults().withKeyPrefix("shop:"));
 * servletContext.setAttribute(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE, store); // close it on shutdown
 * }</pre>
 *
 * <p>The store keeps a local cache of answers and drops the entries a change concerns as soon as the
 * change arrives over Redis pub/sub; a cached answer is used only while the feed has proved within
 * the staleness window (default 1 s) that it missed nothing. Deny-list entries expire in Redis when
 * their token would have ({@code exp} plus 300 s); subject cutoffs never expire. If Redis cannot be
 * reached, reads and writes throw {@link dev.jwtauthfilter.revocation.RevocationStoreException}
 * (the filter answers 503), unless fail-open is configured for reads. Creating the store does not
 * need the server to be up.
 */
public final class RedisRevocationStore {
    private static final Logger LOG = System.getLogger(RedisRevocationStore.class.getName());

    private RedisRevocationStore() {}

    /**
     * Creates a store with the default settings.
     *
     * @param redisUri {@code redis://[user:password@]host[:port][/db]}, or {@code rediss://} for TLS
     *     (the server's certificate and host name are checked against the JVM's trust store)
     * @return the store; close it to stop its threads and connections
     * @throws IllegalArgumentException if the URI is not such a URL (the message never repeats it)
     */
    public static SharedRevocationStore create(URI redisUri) {
        return create(redisUri, Settings.defaults());
    }

    /**
     * Creates a store.
     *
     * @param redisUri {@code redis://[user:password@]host[:port][/db]}, or {@code rediss://} for TLS
     * @param settings key prefix, timeouts, pool size, cache and outage behaviour
     * @return the store; close it to stop its threads and connections
     * @throws IllegalArgumentException if the URI is not such a URL (the message never repeats it)
     */
    public static SharedRevocationStore create(URI redisUri, Settings settings) {
        Objects.requireNonNull(redisUri, "redisUri");
        Objects.requireNonNull(settings, "settings");
        RedisUrl url;
        try {
            url = RedisUrl.parse(redisUri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The Redis URL " + e.getMessage());
        }
        return create(url, settings);
    }

    static SharedRevocationStore create(RedisUrl url, Settings settings) {
        RedisBackend backend = new RedisBackend(url, settings);
        try {
            SharedRevocationStore store =
                    new SharedRevocationStore(url.toString(), backend, settings.shared(), settings.clock());
            LOG.log(
                    Level.INFO,
                    "Revocation store: Redis {0}{1}, key prefix ''{2}'', pool {3}, timeout {4} ms, staleness {5} ms,"
                            + " cache {6} tokens, {7}",
                    url.toString(),
                    url.password() == null ? "" : " (with password)",
                    settings.keyPrefix(),
                    settings.poolSize(),
                    settings.timeout().toMillis(),
                    settings.shared().staleness().toMillis(),
                    settings.shared().cacheSize(),
                    settings.shared().failOpen().isZero()
                            ? "fail closed"
                            : "fail open for " + settings.shared().failOpen().toSeconds() + " s");
            return store;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * How the store talks to Redis, plus the shared cache and outage options.
     *
     * @param keyPrefix put before every key and the change channel, 1 to 64 visible ASCII characters;
     *     lets several applications share one Redis
     * @param timeout connect and command timeout, 50 ms to 10 s; also the longest wait for a pooled
     *     connection
     * @param poolSize most connections for reads and writes, 1 to 256 (the change feed has one more)
     * @param shared staleness window, cache size and fail-open time
     * @param clock decides when cached answers have expired
     */
    public record Settings(
            String keyPrefix, Duration timeout, int poolSize, SharedRevocationStore.Options shared, Clock clock) {
        /** The default key prefix. */
        public static final String DEFAULT_KEY_PREFIX = "jwtauth:";
        /** The default timeout: 500 ms. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
        /** The shortest timeout allowed. */
        public static final Duration MIN_TIMEOUT = Duration.ofMillis(50);
        /** The longest timeout allowed. */
        public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
        /** The default pool size. */
        public static final int DEFAULT_POOL_SIZE = 16;
        /** The largest pool size allowed. */
        public static final int MAX_POOL_SIZE = 256;
        /** The longest key prefix allowed. */
        public static final int MAX_KEY_PREFIX_LENGTH = 64;

        /**
         * Checks the settings.
         *
         * @param keyPrefix 1 to 64 visible ASCII characters
         * @param timeout 50 ms to 10 s
         * @param poolSize 1 to 256
         * @param shared the shared-store options
         * @param clock the clock
         * @throws IllegalArgumentException if one is out of range
         */
        public Settings {
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(shared, "shared");
            Objects.requireNonNull(clock, "clock");
            String problem = keyPrefixProblem(keyPrefix);
            if (problem != null) {
                throw new IllegalArgumentException("keyPrefix " + problem);
            }
            if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("timeout must be from 50 ms to 10 s");
            }
            if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
                throw new IllegalArgumentException("poolSize must be from 1 to " + MAX_POOL_SIZE);
            }
        }

        /**
         * Returns the defaults: prefix {@code jwtauth:}, 500 ms timeout, 16 connections, {@link
         * SharedRevocationStore.Options#DEFAULTS} (1 s staleness, fail closed), the system UTC clock.
         *
         * @return the default settings
         */
        public static Settings defaults() {
            return new Settings(
                    DEFAULT_KEY_PREFIX,
                    DEFAULT_TIMEOUT,
                    DEFAULT_POOL_SIZE,
                    SharedRevocationStore.Options.DEFAULTS,
                    Clock.systemUTC());
        }

        /**
         * Returns these settings with another key prefix.
         *
         * @param prefix 1 to 64 visible ASCII characters
         * @return the new settings
         */
        public Settings withKeyPrefix(String prefix) {
            return new Settings(prefix, timeout, poolSize, shared, clock);
        }

        /**
         * Returns these settings with another timeout.
         *
         * @param newTimeout 50 ms to 10 s
         * @return the new settings
         */
        public Settings withTimeout(Duration newTimeout) {
            return new Settings(keyPrefix, newTimeout, poolSize, shared, clock);
        }

        /**
         * Returns these settings with another pool size.
         *
         * @param size 1 to 256
         * @return the new settings
         */
        public Settings withPoolSize(int size) {
            return new Settings(keyPrefix, timeout, size, shared, clock);
        }

        /**
         * Returns these settings with other cache and outage options.
         *
         * @param options staleness, cache size, fail-open time
         * @return the new settings
         */
        public Settings withShared(SharedRevocationStore.Options options) {
            return new Settings(keyPrefix, timeout, poolSize, options, clock);
        }

        /**
         * Returns these settings with another clock.
         *
         * @param newClock the clock
         * @return the new settings
         */
        public Settings withClock(Clock newClock) {
            return new Settings(keyPrefix, timeout, poolSize, shared, newClock);
        }

        /** What is wrong with a key prefix, or null. */
        static String keyPrefixProblem(String prefix) {
            if (prefix.isEmpty() || prefix.length() > MAX_KEY_PREFIX_LENGTH) {
                return "must be 1 to " + MAX_KEY_PREFIX_LENGTH + " characters long";
            }
            if (!prefix.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
                return "must hold visible ASCII characters only (no spaces)";
            }
            return null;
        }
    }
}
