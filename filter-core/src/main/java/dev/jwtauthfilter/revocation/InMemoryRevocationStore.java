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
 */
public final class InMemoryRevocationStore implements RevocationStore {
    /** How long past {@code exp} a deny-list entry is kept: the largest leeway the filter allows. */
    public static final Duration RETENTION_MARGIN = Duration.ofSeconds(300);

    private static final long PURGE_INTERVAL_MILLIS = 60_000;

    private final Clock clock;
    private final Map<Key, Instant> denied = new ConcurrentHashMap<>();
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
        if (token.jwtId() != null && denied.containsKey(new Key(token.issuer(), token.jwtId()))) {
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
        denied.merge(new Key(issuer, jwtId), expiresAt.plus(RETENTION_MARGIN), (a, b) -> a.isAfter(b) ? a : b);
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
        Instant now = clock.instant();
        denied.values().removeIf(until -> until.isBefore(now));
    }

    private void purgeExpiredNowAndThen() {
        long now = clock.millis();
        long next = nextPurgeMillis.get();
        if (now >= next && nextPurgeMillis.compareAndSet(next, now + PURGE_INTERVAL_MILLIS)) {
            purgeExpired();
        }
    }

    private record Key(String issuer, String id) {
        Key {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(id, "id");
        }
    }
}
