package dev.jwtauthfilter.revocation.redis;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.revocation.TokenIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Redis side of the store: one round trip per call on a pooled {@link RedisClient}, and a
 * {@link ChangeFeed} on a connection of its own.
 *
 * <p>A deny-list entry's value is its expiry in epoch milliseconds, and the key expires then
 * ({@code PEXPIREAT}, on the server's clock); a later expiry wins. A subject cutoff's value is the
 * cutoff in epoch milliseconds, rounded up (tokens carry whole seconds, so rounding up never spares
 * a token the exact cutoff would refuse), with no expiry; a later cutoff wins. Each write and its
 * change message are one Lua script, so no node can miss a change whose data it could read.
 */
final class RedisBackend implements SharedRevocationStore.Backend {
    /** KEYS[1] the deny-list key; ARGV: expiry (epoch ms), channel, message. */
    private static final byte[] REVOKE = script(
            "local cur = redis.call('GET', KEYS[1])",
            "if (not cur) or tonumber(cur) < tonumber(ARGV[1]) then",
            "  redis.call('SET', KEYS[1], ARGV[1])",
            "  redis.call('PEXPIREAT', KEYS[1], ARGV[1])",
            "end",
            "redis.call('PUBLISH', ARGV[2], ARGV[3])",
            "return 1");

    /** KEYS[1] the cutoff key; ARGV: cutoff (epoch ms), channel, message. */
    private static final byte[] CUT_OFF = script(
            "local cur = redis.call('GET', KEYS[1])",
            "if (not cur) or tonumber(cur) < tonumber(ARGV[1]) then",
            "  redis.call('SET', KEYS[1], ARGV[1])",
            "end",
            "redis.call('PUBLISH', ARGV[2], ARGV[3])",
            "return 1");

    /**
     * Expiries and cutoffs are kept within year 9999 so that Lua's doubles hold them exactly; a token
     * valid beyond that is denied until then.
     */
    static final long MAX_EPOCH_MILLIS =
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private final String name;
    private final RedisClient client;
    private final RedisKeys keys;
    private final ChangeFeed feed;
    private final byte[] channel;
    private final long timeoutNanos;

    RedisBackend(RedisUrl url, RedisRevocationStore.Settings settings) {
        this.name = url.toString();
        this.keys = new RedisKeys(settings.keyPrefix());
        this.channel = keys.channel().getBytes(StandardCharsets.UTF_8);
        this.timeoutNanos = settings.timeout().toNanos();
        HostAndPort server = new HostAndPort(url.socketHost(), url.port());
        JedisClientConfig config = clientConfig(url, (int) settings.timeout().toMillis());
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(settings.timeout());
        pool.setJmxEnabled(false);
        this.client = RedisClient.builder()
                .hostAndPort(server)
                .clientConfig(config)
                .poolConfig(pool)
                .build();
        this.feed = new ChangeFeed(
                name,
                server,
                config,
                keys.channel(),
                settings.shared().staleness(),
                settings.timeout(),
                () -> client.getPool().clear());
    }

    @Override
    public boolean isRevoked(TokenIdentity token) {
        byte[] tokenKey = token.jwtId() == null ? null : keys.tokenKey(token.issuer(), token.jwtId());
        byte[] subjectKey = token.subject() == null ? null : keys.subjectKey(token.issuer(), token.subject());
        List<byte[]> asked = new ArrayList<>(2);
        if (tokenKey != null) {
            asked.add(tokenKey);
        }
        if (subjectKey != null) {
            asked.add(subjectKey);
        }
        if (asked.isEmpty()) {
            return false;
        }
        byte[][] keysAsked = asked.toArray(new byte[0][]);
        List<byte[]> values;
        try {
            values = retryingOnce(() -> client.mget(keysAsked));
        } catch (RuntimeException e) {
            throw failure("did not answer", e);
        }
        if (tokenKey != null && values.get(0) != null) {
            return true;
        }
        if (subjectKey == null) {
            return false;
        }
        byte[] cutoff = values.get(values.size() - 1);
        if (cutoff == null) {
            return false;
        }
        long cutoffMillis;
        try {
            cutoffMillis = Long.parseLong(new String(cutoff, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new RevocationStoreException("Redis " + name + " holds a subject cutoff that is not a number", e);
        }
        return token.issuedAt() == null || token.issuedAt().toEpochMilli() < cutoffMillis;
    }

    @Override
    public void revoke(String issuer, String jwtId, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        long until = clampedMillis(expiresAt.plus(InMemoryRevocationStore.RETENTION_MARGIN), false);
        write(REVOKE, keys.tokenKey(issuer, jwtId), until, keys.tokenMessage(issuer, jwtId));
    }

    @Override
    public void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore) {
        Objects.requireNonNull(issuedBefore, "issuedBefore");
        long cutoff = clampedMillis(issuedBefore, true);
        write(CUT_OFF, keys.subjectKey(issuer, subject), cutoff, keys.subjectMessage(issuer, subject));
    }

    @Override
    public void watch(SharedRevocationStore.ChangeListener listener) {
        feed.start(listener);
    }

    @Override
    public void close() {
        try {
            feed.close();
        } finally {
            client.close();
        }
    }

    private void write(byte[] script, byte[] key, long millis, String message) {
        try {
            client.eval(script, List.of(key), List.of(ascii(Long.toString(millis)), channel, ascii(message)));
        } catch (RuntimeException e) {
            throw failure("did not record the revocation", e);
        }
    }

    /**
     * Runs a command, and once more on a fresh connection if it failed fast on a connection error:
     * after a Redis restart every idle pooled connection is dead, and the first use of each would
     * otherwise fail (a 503, or a pass under fail-open) although the server is back. A failure that
     * took the whole timeout (a server that does not answer) is not retried.
     */
    private <T> T retryingOnce(Supplier<T> command) {
        long start = System.nanoTime();
        try {
            return command.get();
        } catch (JedisConnectionException e) {
            if (System.nanoTime() - start >= timeoutNanos) {
                throw e;
            }
            client.getPool().clear(); // the other idle connections are likely dead too
            return command.get();
        }
    }

    /** A message without credentials; a Redis error reply (e.g. NOPERM) is kept, it helps and holds none. */
    private RevocationStoreException failure(String what, RuntimeException e) {
        String detail = e instanceof JedisDataException ? ": " + oneLine(e.getMessage()) : "";
        return new RevocationStoreException(
                "Redis " + name + " " + what + " (" + e.getClass().getSimpleName() + detail + ")", e);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    }

    /** Epoch milliseconds within 1970..9999; a cutoff rounds up, an expiry down. */
    static long clampedMillis(Instant instant, boolean roundUp) {
        if (instant.getEpochSecond() < 0) {
            return 0;
        }
        if (instant.getEpochSecond() >= MAX_EPOCH_MILLIS / 1000) {
            return MAX_EPOCH_MILLIS;
        }
        long millis = instant.toEpochMilli();
        boolean fraction = instant.getNano() % 1_000_000 != 0;
        return roundUp && fraction ? millis + 1 : millis;
    }

    private static JedisClientConfig clientConfig(RedisUrl url, int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(url.database())
                // no HELLO: every Redis starts a connection in RESP2, which the change feed needs for its
                // PONGs (see ChangeFeed), and a password goes in a plain AUTH
                .serverDefaultProtocol()
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (url.password() != null) {
            config.user(url.user()).password(url.password());
        }
        if (url.tls()) {
            // FULL: the JVM's trust store and the host name are checked
            config.sslOptions(
                    SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
        }
        return config.build();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] script(String... lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.US_ASCII);
    }
}
