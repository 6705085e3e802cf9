package dev.jwtauthfilter.jwks;

import dev.jwtauthfilter.config.JwksSettings;
import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.keys.KeySourceException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link KeySource} backed by a JWKS endpoint (RFC 7517): the keys an issuer publishes, picked by
 * each token's {@code kid}. {@code JwtAuthFilter} creates one for the {@code jwksUri} init-param and
 * closes it in {@code destroy()}; applications do not need to use it directly.
 *
 * <p>What it guarantees, by default:
 *
 * <ul>
 *   <li><b>Key choice.</b> RSA (at least 2048 bits) and EC (P-256/384/521, point checked to be on the
 *       curve) keys only; a JWK's {@code alg}, when present, must equal the token's; {@code use} other
 *       than {@code sig}, {@code key_ops} without {@code verify} and {@code kty: oct} keys are ignored.
 *       A token without {@code kid} gets a key only when the JWKS holds exactly one usable key.
 *   <li><b>Freshness.</b> Fetched by {@link #start()}; kept for {@code Cache-Control: max-age} bounded
 *       to 60 s..24 h (else the configured TTL, 10 minutes by default); refreshed in the background
 *       (one daemon thread) at 80% of that time.
 *   <li><b>Flood protection.</b> An unknown {@code kid} causes at most one refetch per cooldown (30 s
 *       by default) across all threads, and a {@code kid} still unknown after a refetch is remembered
 *       until the next successful fetch; while a fetch runs, other requests wait for it (single flight)
 *       instead of starting their own. A flood of forged {@code kid}s therefore costs at most one fetch
 *       per cooldown and delays a genuinely new key by at most one cooldown.
 *   <li><b>Outages.</b> While the endpoint fails, the last good keys keep verifying for the stale
 *       window (24 h by default) past their expiry; one WARN is logged when the outage starts and one
 *       INFO when it ends. With no usable keys, {@link #find} throws {@link KeySourceException}, which
 *       the filter answers with 503 and {@code Retry-After}.
 *   <li><b>Hard limits.</b> Connect and read timeouts (2 s / 3 s), a response body cap (64 KiB, the
 *       response is abandoned beyond it), at most 50 keys, status 200 only, redirects never followed.
 * </ul>
 *
 * <p>Why not {@code com.auth0:jwks-rsa}: its rate limiter is one bucket shared by every {@code kid},
 * so forged {@code kid}s drain it and lock out a genuinely rotated key (jwks-rsa issue #173); it has
 * no stale-if-error (an outage turns every request into a failure once its cache expires), no
 * timeouts and no body cap by default, and does not enforce a JWK's {@code alg} or {@code use}. This
 * client is small, on the JDK's {@code java.net.http.HttpClient} and Jackson (already on the class
 * path through java-jwt).
 *
 * <p>Thread-safe. Fetches use the JVM's default proxy settings and TLS trust store.
 */
public final class JwksKeySource implements KeySource, AutoCloseable {
    /** The background thread never wakes more often than this, whatever the clock says. */
    private static final long MIN_REFRESH_DELAY_MILLIS = 1_000;

    private final JwksSettings settings;
    private final KeyCache cache;
    private final JwksLog log;
    private final String threadName;
    private final Duration stopWait;

    private final Object lifecycle = new Object();
    // Guarded by lifecycle:
    private ScheduledExecutorService refresher;
    private boolean closed;

    /**
     * Creates the source; nothing is fetched before {@link #start()} (or the first {@link #find}).
     *
     * @param settings where and how to fetch
     * @param clock the clock for TTL, cooldown and stale window
     * @param threadName the name of the background refresh thread
     * @param afterEachFetch run after every fetch, successful or not, on the fetching thread (the
     *     filter logs its counters there); must be quick and not throw
     */
    public JwksKeySource(JwksSettings settings, Clock clock, String threadName, Runnable afterEachFetch) {
        this(settings, clock, threadName, afterEachFetch, new JwksFetcher(settings));
    }

    private JwksKeySource(
            JwksSettings settings, Clock clock, String threadName, Runnable afterEachFetch, JwksFetcher fetcher) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.log = new JwksLog(settings);
        this.stopWait = fetcher.deadline().plusSeconds(1);
        KeyCache.Loader loader = () -> {
            JwksFetcher.Response response = fetcher.fetch();
            return new KeyCache.Loaded(JwkSetParser.parse(response.body(), settings.maxKeys()), response.maxAge());
        };
        this.cache = new KeyCache(
                loader,
                settings,
                stopWait,
                Objects.requireNonNull(clock, "clock"),
                log,
                Objects.requireNonNull(afterEachFetch, "afterEachFetch"));
    }

    /**
     * Fetches the JWKS once, waiting at most the connect plus read timeout, then starts the background
     * refresh thread. A failed fetch is logged, not thrown: requests get 503 until keys arrive (retried
     * at most once per cooldown, in the background and by requests).
     *
     * @return this source
     * @throws IllegalStateException if the source was closed
     */
    public JwksKeySource start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("JwksKeySource is closed");
            }
            if (refresher != null) {
                return this;
            }
            refresher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, threadName);
                thread.setDaemon(true);
                return thread;
            });
        }
        log.started(settings);
        cache.fetch(KeyCache.Trigger.INITIAL);
        scheduleRefresh();
        return this;
    }

    /** A fetch now, as at start, without the background thread: for tests that drive the clock. */
    void fetchNow() {
        cache.fetch(KeyCache.Trigger.INITIAL);
    }

    /** The background refresh, as the thread runs it: for tests that drive the clock. */
    void refreshIfDue() {
        cache.refreshIfDue();
    }

    /** How long until the background refresh is due. */
    Duration untilRefresh() {
        return cache.untilRefresh();
    }

    private void refreshTick() {
        try {
            cache.refreshIfDue();
        } finally {
            scheduleRefresh();
        }
    }

    private void scheduleRefresh() {
        synchronized (lifecycle) {
            if (closed || refresher == null) {
                return;
            }
            long delay = Math.max(MIN_REFRESH_DELAY_MILLIS, cache.untilRefresh().toMillis());
            try {
                refresher.schedule(this::refreshTick, delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /**
     * Finds the key for a token by its {@code kid}, fetching the JWKS again when the rules in the
     * class description allow.
     *
     * @param keyId the token's {@code kid}, or null
     * @param algorithm the token's {@code alg}, already allowed
     * @return the one usable key with that {@code kid} (or, without {@code kid}, the set's only usable
     *     key) that fits the algorithm; empty otherwise
     * @throws KeySourceException when no keys may be used: none fetched yet, or expired beyond the stale
     *     window while the endpoint fails
     */
    @Override
    public Optional<PublicKey> find(String keyId, JwsAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        return cache.find(keyId, algorithm);
    }

    /**
     * Returns how many fetches were started, successful or not.
     *
     * @return the number of fetches
     */
    public long fetches() {
        return cache.fetches();
    }

    /**
     * Returns how many fetches failed (connection, timeout, status, size, or content).
     *
     * @return the number of failed fetches
     */
    public long fetchFailures() {
        return cache.failures();
    }

    /**
     * Returns how many fetches a token with an unknown {@code kid} caused.
     *
     * @return the number of unknown-kid refetches
     */
    public long unknownKidRefetches() {
        return cache.unknownKidRefetches();
    }

    /** Stops the background refresh thread, waiting briefly for a fetch in progress to be abandoned. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (lifecycle) {
            closed = true;
            stopping = refresher;
            refresher = null;
        }
        if (stopping == null) {
            return;
        }
        stopping.shutdownNow();
        try {
            stopping.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
