package dev.jwtauthfilter.jwks;

import dev.jwtauthfilter.config.JwksSettings;
import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.jwks.JwksFetchException.Reason;
import dev.jwtauthfilter.keys.KeySourceException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fetched keys and the rules for fetching again, with time from an injected {@link Clock}.
 *
 * <ul>
 *   <li>Keys are kept for the TTL ({@code Cache-Control: max-age} bounded to 60 s..24 h, else the
 *       configured TTL); expired keys are refreshed by the next reader, and within the stale window
 *       the last good keys keep verifying while fetches fail.
 *   <li>Single flight: at most one fetch runs at a time; whoever needs one while it runs waits for it
 *       (bounded by the fetch deadline) instead of starting another.
 *   <li>Fetches caused by readers (no keys, expired keys, an unknown {@code kid}) start at most once per
 *       cooldown, counted from the start of the previous fetch of any kind, whatever the number of
 *       threads or {@code kid}s. A {@code kid} still unknown after a fetch that started after it was
 *       first missed is remembered until the next successful fetch, and causes no more fetches.
 *   <li>One WARN when fetches start failing, one INFO when they succeed again.
 * </ul>
 *
 * Reads take no lock while the keys are fresh and the {@code kid} is known.
 */
final class KeyCache {
    /** At most this many unknown {@code kid}s are remembered; beyond it the cooldown alone holds. */
    static final int MAX_REMEMBERED_KEY_IDS = 1000;
    /** Longer {@code kid}s are not remembered (memory); the cooldown still holds for them. */
    static final int MAX_REMEMBERED_KEY_ID_LENGTH = 128;

    /** One fetch and parse of the JWKS. */
    @FunctionalInterface
    interface Loader {
        Loaded load() throws JwksFetchException;
    }

    /** A fetched JWKS and the lifetime its response named, if any. */
    record Loaded(JwkSet keys, Optional<Duration> maxAge) {}

    /** What caused a fetch; readers' fetches are throttled by the cooldown. */
    enum Trigger {
        /** The fetch when the source starts. */
        INITIAL(false),
        /** The background refresh before the keys expire, or the retry after a failure. */
        SCHEDULED(false),
        /** A token arrived and no keys were ever fetched. */
        NO_KEYS(true),
        /** A token arrived and the keys had expired. */
        EXPIRED(true),
        /** A token named a {@code kid} the keys do not hold. */
        UNKNOWN_KID(true);

        private final boolean throttled;

        Trigger(boolean throttled) {
            this.throttled = throttled;
        }

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Cached(JwkSet keys, Instant fetchedAt, Duration ttl, long fetchNumber) {
        Instant expiresAt() {
            return fetchedAt.plus(ttl);
        }
    }

    private final Loader loader;
    private final Clock clock;
    private final Duration defaultTtl;
    private final Duration cooldown;
    private final Duration stale;
    private final Duration waitLimit;
    private final JwksLog log;
    private final Runnable afterFetch;

    private final LongAdder fetches = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder unknownKidRefetches = new LongAdder();
    private final Set<String> unknownKeyIds = ConcurrentHashMap.newKeySet();
    private volatile Cached cached;

    private final Object lock = new Object();
    // Guarded by lock:
    private CompletableFuture<Void> inFlight;
    private Instant lastFetchStart;
    private long fetchesStarted;
    private boolean failing;
    private long failuresInOutage;

    /**
     * @param waitLimit the longest a reader waits for a fetch another thread runs
     * @param afterFetch run after every fetch, successful or not (the filter logs its counters)
     */
    KeyCache(Loader loader, JwksSettings settings, Duration waitLimit, Clock clock, JwksLog log, Runnable afterFetch) {
        this.loader = loader;
        this.clock = clock;
        this.defaultTtl = settings.cacheTtl();
        this.cooldown = settings.refetchCooldown();
        this.stale = settings.stale();
        this.waitLimit = waitLimit;
        this.log = log;
        this.afterFetch = afterFetch;
    }

    /**
     * Finds the key for a token, fetching when the rules above allow.
     *
     * @throws KeySourceException when there are no keys that may still be used: none fetched yet, or
     *     expired beyond the stale window
     */
    Optional<PublicKey> find(String keyId, JwsAlgorithm algorithm) {
        Cached current = usableKeys();
        Optional<PublicKey> key = current.keys().find(keyId, algorithm);
        if (key.isPresent() || keyId == null || current.keys().names(keyId) || unknownKeyIds.contains(keyId)) {
            return key;
        }
        long startedBefore;
        synchronized (lock) {
            startedBefore = fetchesStarted;
        }
        fetch(Trigger.UNKNOWN_KID);
        Cached latest = cached;
        if (latest == current) {
            return Optional.empty();
        }
        key = latest.keys().find(keyId, algorithm);
        if (key.isEmpty()
                && latest.fetchNumber() > startedBefore
                && !latest.keys().names(keyId)) {
            remember(keyId);
        }
        return key;
    }

    private Cached usableKeys() {
        Cached c = cached;
        if (c != null && !clock.instant().isAfter(c.expiresAt())) {
            return c;
        }
        fetch(c == null ? Trigger.NO_KEYS : Trigger.EXPIRED);
        c = cached;
        if (c == null) {
            throw new KeySourceException("no keys fetched from the JWKS endpoint yet", null);
        }
        if (clock.instant().isAfter(c.expiresAt().plus(stale))) {
            throw new KeySourceException(
                    "the JWKS keys expired longer ago than the stale window and cannot be refreshed", null);
        }
        return c;
    }

    private void remember(String keyId) {
        if (keyId.length() <= MAX_REMEMBERED_KEY_ID_LENGTH && unknownKeyIds.size() < MAX_REMEMBERED_KEY_IDS) {
            unknownKeyIds.add(keyId);
        }
    }

    /**
     * Runs a fetch, or waits for the one in flight; returns at once when the trigger is throttled and
     * the cooldown has not passed.
     */
    void fetch(Trigger trigger) {
        CompletableFuture<Void> done;
        long number;
        synchronized (lock) {
            if (inFlight != null) {
                done = inFlight;
                number = 0;
            } else {
                Instant now = clock.instant();
                if (trigger.throttled && lastFetchStart != null && now.isBefore(lastFetchStart.plus(cooldown))) {
                    return;
                }
                lastFetchStart = now;
                number = ++fetchesStarted;
                done = new CompletableFuture<>();
                inFlight = done;
            }
        }
        if (number == 0) {
            await(done);
        } else {
            run(trigger, number, done);
        }
    }

    private void await(CompletableFuture<Void> done) {
        try {
            done.get(waitLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // go on with the keys there are
        }
    }

    private void run(Trigger trigger, long number, CompletableFuture<Void> done) {
        fetches.increment();
        if (trigger == Trigger.UNKNOWN_KID) {
            unknownKidRefetches.increment();
        }
        try {
            Loaded loaded = loader.load();
            Duration ttl = ttl(loaded.maxAge());
            unknownKeyIds.clear();
            cached = new Cached(loaded.keys(), clock.instant(), ttl, number);
            long failedBefore;
            synchronized (lock) {
                failedBefore = failing ? failuresInOutage : 0;
                failing = false;
                failuresInOutage = 0;
            }
            log.fetched(trigger, loaded.keys(), ttl);
            if (failedBefore > 0) {
                log.recovered(failedBefore, loaded.keys());
            }
        } catch (JwksFetchException e) {
            failed(trigger, e);
        } catch (RuntimeException e) {
            failed(
                    trigger,
                    new JwksFetchException(
                            Reason.IO_ERROR, "unexpected " + e.getClass().getName()));
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
            done.complete(null);
            try {
                afterFetch.run();
            } catch (RuntimeException e) {
                log.hookFailed(e);
            }
        }
    }

    private void failed(Trigger trigger, JwksFetchException failure) {
        failures.increment();
        if (failure.reason() == Reason.INTERRUPTED) {
            log.interrupted(trigger);
            return;
        }
        boolean first;
        synchronized (lock) {
            first = !failing;
            failing = true;
            failuresInOutage++;
        }
        if (first) {
            Cached c = cached;
            log.outage(trigger, failure, c == null ? null : c.expiresAt().plus(stale));
        } else {
            log.stillFailing(trigger, failure);
        }
    }

    private Duration ttl(Optional<Duration> maxAge) {
        if (maxAge.isEmpty()) {
            return defaultTtl;
        }
        long seconds = Math.max(
                JwksSettings.MIN_CACHE_TTL_SECONDS,
                Math.min(JwksSettings.MAX_CACHE_TTL_SECONDS, maxAge.get().toSeconds()));
        return Duration.ofSeconds(seconds);
    }

    /**
     * How long until the background refresh is due: at 80% of the keys' TTL, or one cooldown after
     * the last fetch started while there are no keys or fetches fail.
     */
    Duration untilRefresh() {
        Instant now = clock.instant();
        Cached c = cached;
        Instant due;
        synchronized (lock) {
            if (c == null || failing) {
                due = lastFetchStart == null ? now : lastFetchStart.plus(cooldown);
            } else {
                due = c.fetchedAt().plus(c.ttl().multipliedBy(4).dividedBy(5));
            }
        }
        Duration left = Duration.between(now, due);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The background refresh: fetches when {@link #untilRefresh()} has run out. */
    void refreshIfDue() {
        if (untilRefresh().isZero()) {
            fetch(Trigger.SCHEDULED);
        }
    }

    long fetches() {
        return fetches.sum();
    }

    long failures() {
        return failures.sum();
    }

    long unknownKidRefetches() {
        return unknownKidRefetches.sum();
    }
}
