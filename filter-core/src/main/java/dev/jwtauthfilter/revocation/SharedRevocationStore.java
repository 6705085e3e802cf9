package dev.jwtauthfilter.revocation;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link RevocationStore} on a server shared by every node (Redis, a database), with a local
 * cache so the common "not revoked" answer needs no round trip.
 *
 * <p>Why the cache cannot hide a revocation for longer than the staleness window: the {@link
 * Backend} delivers every change made by any node to {@link ChangeListener}, and reports with {@link
 * ChangeListener#synced} the moment up to which it has delivered all of them. A cached answer is
 * used only while that moment is less than {@link Options#staleness()} old; otherwise the server is
 * asked. A change removes the entries it concerns; an answer fetched while a change arrived is not
 * kept (the generation check in {@link #isRevoked}). So a revocation on any node is seen on every
 * node within the staleness window, and if the change feed breaks the cache simply stops being used.
 *
 * <p>When the server cannot answer, the store fails closed ({@link RevocationStoreException}, which
 * the filter turns into 503) unless {@link Options#failOpen()} is positive: then, for that long after
 * the outage began, reads answer "not revoked" and a WARN says so. Writes never fail open: a
 * revocation that did not reach the server is an error for the caller.
 */
public final class SharedRevocationStore implements RevocationStore {
    private static final Logger LOG = System.getLogger(SharedRevocationStore.class.getName());

    /** The server side: one round trip per call, throwing when the server cannot answer. */
    public interface Backend extends AutoCloseable {
        /**
         * Asks the server, bypassing every cache.
         *
         * @param token the verified token's identity
         * @return true if its {@code (iss, jti)} is denied or it predates its subject's cutoff
         */
        boolean isRevoked(TokenIdentity token);

        /**
         * Records a deny-list entry that the server drops some time after {@code expiresAt} plus
         * {@link InMemoryRevocationStore#RETENTION_MARGIN}, and announces it to every node.
         *
         * @param issuer the token's {@code iss}
         * @param jwtId the token's {@code jti}
         * @param expiresAt the token's {@code exp}
         */
        void revoke(String issuer, String jwtId, Instant expiresAt);

        /**
         * Records a subject cutoff (the later of the stored and the given one wins) and announces it.
         *
         * @param issuer the issuer
         * @param subject the subject
         * @param issuedBefore the cutoff
         */
        void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore);

        /**
         * Starts delivering the changes made by every node (this one included) to the listener, from
         * a thread of the backend's own. Called once, before the store answers.
         *
         * @param listener where changes and sync points go
         */
        void watch(ChangeListener listener);

        /** Stops watching and releases connections. */
        @Override
        void close();
    }

    /** What a {@link Backend} reports about changes made anywhere. */
    public interface ChangeListener {
        /**
         * A token was put on the deny-list.
         *
         * @param issuer its {@code iss}
         * @param jwtId its {@code jti}
         */
        void tokenRevoked(String issuer, String jwtId);

        /**
         * A subject's cutoff was set.
         *
         * @param issuer the issuer
         * @param subject the subject
         */
        void subjectCutOff(String issuer, String subject);

        /** Changes may have been missed (e.g. after a reconnect): forget every cached answer. */
        void cacheInvalid();

        /**
         * Every change made on the server before the instant {@code System.nanoTime()} returned
         * {@code nanoTime} has been delivered.
         *
         * @param nanoTime a {@link System#nanoTime()} reading taken before the check that proved it
         */
        void synced(long nanoTime);
    }

    /**
     * How the local cache and outages behave.
     *
     * @param staleness longest time a revocation made elsewhere may go unseen here
     * @param cacheSize most tokens whose answer is cached
     * @param failOpen how long after an outage began reads still answer "not revoked"; zero fails closed
     */
    public record Options(Duration staleness, int cacheSize, Duration failOpen) {
        /** Sub-parameter: staleness window in milliseconds, 100..60000, default 1000. */
        public static final String STALENESS_MILLIS = "stalenessMillis";
        /** Sub-parameter: cached tokens, 0 (no cache)..10000000, default 100000. */
        public static final String CACHE_SIZE = "cacheSize";
        /** Sub-parameter: fail-open seconds during an outage, 0..3600, default 0 (fail closed). */
        public static final String FAIL_OPEN_SECONDS = "failOpenSeconds";
        /** The sub-parameters {@link #from} reads. */
        public static final Set<String> PARAMETERS = Set.of(STALENESS_MILLIS, CACHE_SIZE, FAIL_OPEN_SECONDS);

        /**
         * Returns a store's own sub-parameters together with {@link #PARAMETERS}, for {@link
         * RevocationStoreProvider#parameters()}.
         *
         * @param storeParameters the store's own sub-parameter names
         * @return every sub-parameter the provider accepts
         */
        public static Set<String> withStoreParameters(String... storeParameters) {
            Set<String> all = new java.util.HashSet<>(Set.of(storeParameters));
            all.addAll(PARAMETERS);
            return Set.copyOf(all);
        }

        /** The defaults: 1 s staleness, 100,000 cached tokens, fail closed. */
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(1), 100_000, Duration.ZERO);

        /**
         * Checks the options.
         *
         * @param staleness positive
         * @param cacheSize zero or more
         * @param failOpen zero or more
         */
        public Options {
            Objects.requireNonNull(staleness, "staleness");
            Objects.requireNonNull(failOpen, "failOpen");
            if (staleness.isNegative() || staleness.isZero()) {
                throw new IllegalArgumentException("staleness must be positive");
            }
            if (cacheSize < 0) {
                throw new IllegalArgumentException("cacheSize must not be negative");
            }
            if (failOpen.isNegative()) {
                throw new IllegalArgumentException("failOpen must not be negative");
            }
        }

        /**
         * Reads the options from {@code revocationStore.stalenessMillis}, {@code .cacheSize} and
         * {@code .failOpenSeconds}.
         *
         * @param settings the sub-parameters
         * @return the options, defaults where absent
         */
        public static Options from(RevocationStoreSettings settings) {
            return new Options(
                    settings.millis(
                            STALENESS_MILLIS, DEFAULTS.staleness(), Duration.ofMillis(100), Duration.ofMinutes(1)),
                    settings.integer(CACHE_SIZE, DEFAULTS.cacheSize(), 0, 10_000_000),
                    settings.seconds(FAIL_OPEN_SECONDS, Duration.ZERO, Duration.ZERO, Duration.ofHours(1)));
        }
    }

    private final Backend backend;
    private final Options options;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String name;
    private final Map<Key, Entry> cache = new ConcurrentHashMap<>();
    /** Bumped before every removal, so an answer fetched across a change is not kept. */
    private final AtomicLong generation = new AtomicLong();

    private final ReentrantLock evicting = new ReentrantLock();
    private final FailOpen failOpenState = new FailOpen();
    private volatile long syncedAtNanos;
    private volatile boolean everSynced;

    /**
     * Creates the store and starts the backend's change feed.
     *
     * @param name what log lines call the store, e.g. {@code Redis 127.0.0.1:6379}; no credentials
     * @param backend the server side
     * @param options cache and outage behaviour
     * @param clock decides when cached entries have expired
     */
    public SharedRevocationStore(String name, Backend backend, Options options, Clock clock) {
        this(name, backend, options, clock, System::nanoTime);
    }

    SharedRevocationStore(String name, Backend backend, Options options, Clock clock, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = nanoTime;
        backend.watch(new Listener());
        if (!options.failOpen().isZero()) {
            LOG.log(
                    Level.WARNING,
                    "Revocation store {0} is configured to FAIL OPEN: during an outage, tokens are accepted"
                            + " without a revocation check for up to {1} s",
                    name,
                    options.failOpen().toSeconds());
        }
    }

    @Override
    public boolean isRevoked(TokenIdentity token) {
        if (token.jwtId() == null || options.cacheSize() == 0) {
            return Boolean.TRUE.equals(read(() -> backend.isRevoked(token)));
        }
        Key key = new Key(token.issuer(), token.jwtId());
        Entry cached = cache.get(key);
        // The subject and iat decide the cutoff: a reused jti with other ones is a different question.
        if (cached != null && cached.answers(token) && fresh()) {
            return cached.revoked();
        }
        long before = generation.get();
        Boolean answer = read(() -> backend.isRevoked(token));
        if (answer == null) {
            return false; // failing open; such an answer is never cached
        }
        boolean revoked = answer;
        Entry entry = new Entry(
                token.subject(), token.issuedAt(), revoked, token.expiresAt().getEpochSecond());
        cache.put(key, entry);
        if (generation.get() != before) {
            cache.remove(key, entry); // a change arrived while the server answered: the answer may predate it
        }
        evictIfFull();
        return revoked;
    }

    @Override
    public void revoke(String issuer, String jwtId, Instant expiresAt) {
        write(() -> backend.revoke(issuer, jwtId, expiresAt));
        forgetToken(issuer, jwtId);
    }

    @Override
    public void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore) {
        write(() -> backend.revokeIssuedBefore(issuer, subject, issuedBefore));
        forgetSubject(issuer, subject);
    }

    /** Stops the change feed and closes the backend's connections. */
    @Override
    public void close() {
        cache.clear();
        backend.close();
    }

    /**
     * Returns the number of cached answers, for tests and metrics.
     *
     * @return the cache size
     */
    public int cachedCount() {
        return cache.size();
    }

    private boolean fresh() {
        return everSynced
                && nanoTime.getAsLong() - syncedAtNanos <= options.staleness().toNanos();
    }

    /** The server's answer, or null while failing open. */
    private Boolean read(Supplier<Boolean> question) {
        try {
            Boolean answer = question.get();
            failOpenState.recovered();
            return answer;
        } catch (RuntimeException e) {
            if (failOpenState.allows(e)) {
                return null;
            }
            throw e instanceof RevocationStoreException r
                    ? r
                    : new RevocationStoreException("revocation store " + name + " failed", e);
        }
    }

    private static void write(Runnable change) {
        try {
            change.run();
        } catch (RevocationStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RevocationStoreException("revocation not recorded", e);
        }
    }

    private void forgetToken(String issuer, String jwtId) {
        generation.incrementAndGet();
        cache.remove(new Key(issuer, jwtId));
    }

    private void forgetSubject(String issuer, String subject) {
        generation.incrementAndGet();
        cache.entrySet()
                .removeIf(e -> e.getKey().issuer().equals(issuer)
                        && subject.equals(e.getValue().subject()));
    }

    private void forgetAll() {
        generation.incrementAndGet();
        cache.clear();
    }

    /** Drops expired entries, then arbitrary ones, down to 90% of the bound; one thread at a time. */
    private void evictIfFull() {
        if (cache.size() <= options.cacheSize() || !evicting.tryLock()) {
            return;
        }
        try {
            long now = clock.instant().getEpochSecond();
            cache.values().removeIf(e -> e.expiresAtSecond() < now);
            int target = options.cacheSize() - options.cacheSize() / 10;
            Iterator<Entry> it = cache.values().iterator();
            while (cache.size() > target && it.hasNext()) {
                it.next();
                it.remove();
            }
        } finally {
            evicting.unlock();
        }
    }

    private final class Listener implements ChangeListener {
        @Override
        public void tokenRevoked(String issuer, String jwtId) {
            forgetToken(issuer, jwtId);
        }

        @Override
        public void subjectCutOff(String issuer, String subject) {
            forgetSubject(issuer, subject);
        }

        @Override
        public void cacheInvalid() {
            forgetAll();
        }

        @Override
        public void synced(long nanos) {
            syncedAtNanos = nanos;
            everSynced = true;
        }
    }

    /** The fail-open window: when the current outage began, and whether it was announced. */
    private final class FailOpen {
        private volatile long outageSinceNanos;
        private volatile boolean inOutage;

        boolean allows(RuntimeException failure) {
            if (options.failOpen().isZero()) {
                return false;
            }
            long now = nanoTime.getAsLong();
            synchronized (this) {
                if (!inOutage) {
                    inOutage = true;
                    outageSinceNanos = now;
                    LOG.log(
                            Level.WARNING,
                            "FAIL-OPEN: revocation store {0} is unreachable ({1}); tokens are accepted WITHOUT a"
                                    + " revocation check for up to {2} s, then refused with 503",
                            name,
                            failure.getClass().getName(),
                            options.failOpen().toSeconds());
                }
            }
            return now - outageSinceNanos <= options.failOpen().toNanos();
        }

        void recovered() {
            if (inOutage) {
                synchronized (this) {
                    if (inOutage) {
                        inOutage = false;
                        LOG.log(Level.WARNING, "Revocation store {0} answers again; fail-open ended", name);
                    }
                }
            }
        }
    }

    private record Key(String issuer, String jwtId) {}

    /** About 150 bytes with its key and map node for a typical 36-character jti and issuer URL. */
    private record Entry(String subject, Instant issuedAt, boolean revoked, long expiresAtSecond) {
        boolean answers(TokenIdentity token) {
            return Objects.equals(subject, token.subject()) && Objects.equals(issuedAt, token.issuedAt());
        }
    }
}
