package dev.jwtauthfilter.revocation.redis;

import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreProvider;
import dev.jwtauthfilter.revocation.RevocationStoreSettings;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import java.util.Set;

/**
 * Makes {@link RedisRevocationStore} selectable from {@code web.xml} with {@code
 * revocationStore=redis}. Sub-parameters (init-params with the {@code revocationStore.} prefix):
 *
 * <ul>
 *   <li>{@code url} (required): {@code redis://[user:password@]host[:port][/db]} or {@code
 *       rediss://...}; may be {@code env:NAME}, {@code sysprop:NAME} or {@code file:/path} so the
 *       password stays out of {@code web.xml}
 *   <li>{@code keyPrefix}: default {@code jwtauth:}, 1 to 64 visible ASCII characters
 *   <li>{@code timeoutMillis}: connect and command timeout, default 500, 50 to 10000
 *   <li>{@code poolSize}: connections, default 16, 1 to 256
 *   <li>{@code stalenessMillis}, {@code cacheSize}, {@code failOpenSeconds}: see {@link
 *       SharedRevocationStore.Options}
 * </ul>
 *
 * <pre>{@code
 * <init-param><param-name>revocationStore</param-name><param-value>redis</param-value></init-param>
 * <init-param><param-name>revocationStore.url</param-name><param-value>env:REDIS_URL</param-value></init-param>
 * }</pre>
 */
public final class RedisRevocationStoreProvider implements RevocationStoreProvider {
    /** The {@code revocationStore} value that selects this store. */
    public static final String NAME = "redis";
    /** Sub-parameter: the server URL, or a reference to it. */
    public static final String URL = "url";
    /** Sub-parameter: the key and channel prefix. */
    public static final String KEY_PREFIX = "keyPrefix";
    /** Sub-parameter: connect and command timeout in milliseconds. */
    public static final String TIMEOUT_MILLIS = "timeoutMillis";
    /** Sub-parameter: the connection pool's size. */
    public static final String POOL_SIZE = "poolSize";

    private static final Set<String> PARAMETERS =
            SharedRevocationStore.Options.withStoreParameters(URL, KEY_PREFIX, TIMEOUT_MILLIS, POOL_SIZE);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public RedisRevocationStoreProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameters() {
        return PARAMETERS;
    }

    @Override
    public RevocationStore create(RevocationStoreSettings settings) {
        String urlText = settings.secretOrReference(URL)
                .orElseThrow(() -> settings.invalid(URL, "is required with revocationStore=redis: " + RedisUrl.FORM));
        RedisUrl url;
        try {
            url = RedisUrl.parse(urlText);
        } catch (IllegalArgumentException e) {
            throw settings.invalid(URL, e.getMessage());
        }
        String keyPrefix = settings.value(KEY_PREFIX).orElse(RedisRevocationStore.Settings.DEFAULT_KEY_PREFIX);
        String prefixProblem = RedisRevocationStore.Settings.keyPrefixProblem(keyPrefix);
        if (prefixProblem != null) {
            throw settings.invalid(KEY_PREFIX, prefixProblem);
        }
        RedisRevocationStore.Settings redis = new RedisRevocationStore.Settings(
                keyPrefix,
                settings.millis(
                        TIMEOUT_MILLIS,
                        RedisRevocationStore.Settings.DEFAULT_TIMEOUT,
                        RedisRevocationStore.Settings.MIN_TIMEOUT,
                        RedisRevocationStore.Settings.MAX_TIMEOUT),
                settings.integer(
                        POOL_SIZE,
                        RedisRevocationStore.Settings.DEFAULT_POOL_SIZE,
                        1,
                        RedisRevocationStore.Settings.MAX_POOL_SIZE),
                SharedRevocationStore.Options.from(settings),
                settings.clock());
        return RedisRevocationStore.create(url, redis);
    }
}
