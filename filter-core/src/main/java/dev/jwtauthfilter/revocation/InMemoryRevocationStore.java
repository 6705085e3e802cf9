package dev.jwtauthfilter.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RevocationStore} in this JVM's memory, for a single node: revocations are lost on restart
 * and not shared between nodes (use a shared store for clusters).
 *
 * <p>Deny-list entries are keyed by {@code (iss, jti)} and dropped once the token would have expired
 * (plus {@link #RETENTION_MARGIN}, which covers the largest leeway), so memory stays bounded by the
 * number of revocations within one token lifetime. Subject cutoffs are kept until replaced.
 *
 * <p>Memory: about 150 bytes per deny-list entry for a 36-character {@code jti} (measured with JOL,
 * see BENCHMARKS.md), so a million revoked tokens take about 150 MB. Each entry is one object that
 * is both key and value, its expiry a {@code long}, and issuer strings are shared between entries.
 */
public final class InMemoryRevocationStore implements RevocationStore {
    /** How long past {@code exp} a deny-list entry is kept: the largest leeway the filter allows. */
    public static final Duration RETENTION_MARGIN = Duration.ofSeconds(300);

    private static final long PURGE_INTERVAL_MILLIS = 60_000;

    private final Clock clock;
    /** Key and value are the same entry object, so the map holds no separate value per entry. */
    private final Map<Denied, Denied> denied = new ConcurrentHashMap<>();
    /** One string per issuer for every entry; a few issuers in practice, capped in case of misuse. */
    private final Map<String, String> issuers = new ConcurrentHashMap<>();

    private final Map<Key, Instant> cutoffs = new ConcurrentHashMap<>();
    private final AtomicLong nextPurgeMillis = new AtomicLong();

    /** Creates a store on the system UTC clock. */
    public InMemoryRevocationStore() {
        this(Clock.systemUTC());
    }

    /**
     * Creates a store on the given clock, which decides when deny-list entries expire.
     *
     * @param clock the clock
     */
    public InMemoryRevocationStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean isRevoked(TokenIdentity token) {
        if (token.jwtId() != null && denied.containsKey(new Denied(token.issuer(), token.jwtId(), 0))) {
            return true;
        }
        if (token.subject() == null) {
            return false;
        }
        Instant cutoff = cutoffs.get(new Key(token.issuer(), token.subject()));
        return cutoff != null && (token.issuedAt() == null || token.issuedAt().isBefore(cutoff));
    }

    @Override
    public void revoke(String issuer, String jwtId, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        purgeExpiredNowAndThen();
        long until = expiresAt.plus(RETENTION_MARGIN).toEpochMilli();
        // the expiry is set before the entry is visible, so a concurrent purge cannot take it for expired
        Denied entry = new Denied(canonical(issuer), jwtId, until);
        Denied existing = denied.putIfAbsent(entry, entry);
        if (existing != null) {
            existing.keepUntil(until);
        }
    }

    @Override
    public void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore) {
        Objects.requireNonNull(issuedBefore, "issuedBefore");
        cutoffs.merge(new Key(issuer, subject), issuedBefore, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Returns the number of deny-list entries currently held (expired ones may linger until the next
     * purge, which runs at most once a minute during {@link #revoke}).
     *
     * @return the deny-list size
     */
    public int deniedCount() {
        return denied.size();
    }

    /** Drops deny-list entries whose tokens have expired. */
    public void purgeExpired() {
        long now = clock.millis();
        denied.values().removeIf(entry -> entry.until < now);
    }

    private void purgeExpiredNowAndThen() {
        long now = clock.millis();
        long next = nextPurgeMillis.get();
        if (now >= next && nextPurgeMillis.compareAndSet(next, now + PURGE_INTERVAL_MILLIS)) {
            purgeExpired();
        }
    }

    private String canonical(String issuer) {
        Objects.requireNonNull(issuer, "issuer");
        String known = issuers.get(issuer);
        if (known != null) {
            return known;
        }
        if (issuers.size() >= 64) {
            return issuer;
        }
        known = issuers.putIfAbsent(issuer, issuer);
        return known == null ? issuer : known;
    }

    /** A deny-list entry; equal by {@code (iss, jti)}, its expiry only ever moves later. */
    private static final class Denied {
        private final String issuer;
        private final String jwtId;
        private volatile long until;

        Denied(String issuer, String jwtId, long untilEpochMilli) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.jwtId = Objects.requireNonNull(jwtId, "jwtId");
            this.until = untilEpochMilli;
        }

        synchronized void keepUntil(long epochMilli) {
            if (epochMilli > until) {
                until = epochMilli;
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Denied d && issuer.equals(d.issuer) && jwtId.equals(d.jwtId);
        }

        @Override
        public int hashCode() {
            return 31 * issuer.hashCode() + jwtId.hashCode();
        }
    }

    private record Key(String issuer, String id) {
        Key {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(id, "id");
        }
    }
}
