package dev.jwtauthfilter;

import dev.jwtauthfilter.config.JwsAlgorithm;
import dev.jwtauthfilter.principal.JwtPrincipal;
import dev.jwtauthfilter.verify.TokenVerifier;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tokens that passed verification, keyed by their exact text, with the principal built from them,
 * so that a token seen again skips the signature check and claim parsing.
 *
 * <p>Why this is safe:
 *
 * <ul>
 *   <li>The key is the exact string that was verified. A token whose signature verified cannot be
 *       altered without changing the string; a re-encoded copy (padding, other base64 forms, another
 *       ECDSA signature) is another key, which goes through full verification (and is refused by the
 *       format rules).
 *   <li>What a verification proves about a token never changes except with time and keys. Time: a hit
 *       is served only while {@code exp}, {@code nbf} and {@code iat} would still pass java-jwt's own
 *       test with the same leeway ({@link #stillInTime}); otherwise the entry is dropped and the token
 *       is verified again, so the refusal and its reason are those of the full path. Keys: with a
 *       key source (JWKS, {@code keySource}) a hit is served only while the source still serves the
 *       very key that verified the token for its {@code kid}; a key removed or rotated out drops the
 *       entry. Fixed keys from the configuration cannot change while the filter runs.
 *   <li>Everything decided per request still runs on a hit: the revocation store, the {@code jti}
 *       rule, the CSRF origin check, exclusions, the login redirect and the request wrapping. The
 *       cache holds only what verification produced: an immutable principal.
 *   <li>It is bounded: beyond its size, expired entries go first, then arbitrary ones. An attacker
 *       can only add tokens that verified, so cannot flood it with forgeries.
 * </ul>
 *
 * <p>Memory: an entry holds the token string, the principal with its claims, and map overhead;
 * BENCHMARKS.md states the bytes per entry as measured.
 */
final class VerifiedTokenCache {
    private final int maxEntries;
    private final Clock clock;
    private final Duration leeway;
    private final TokenVerifier verifier;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ReentrantLock evicting = new ReentrantLock();

    VerifiedTokenCache(int maxEntries, Clock clock, Duration leeway, TokenVerifier verifier) {
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.leeway = leeway;
        this.verifier = verifier;
    }

    /**
     * Returns the principal of an earlier verification of exactly this token, if it still holds now.
     *
     * @return the principal, or null when the token must be verified
     * @throws dev.jwtauthfilter.keys.KeySourceException when the key source cannot answer
     */
    JwtPrincipal lookup(String token) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (!stillInTime(entry, clock.instant())
                || !verifier.keyStillServed(entry.algorithm(), entry.keyId(), entry.key())) {
            entries.remove(token, entry);
            return null;
        }
        return entry.principal();
    }

    void put(String token, TokenVerifier.Verified verified, JwtPrincipal principal) {
        // read roles and claims now, so that the entry does not keep the decoded token alive
        principal.getRoles();
        principal.getClaims().size();
        entries.put(
                token,
                new Entry(
                        principal,
                        verified.jwt().getNotBeforeAsInstant(),
                        verified.algorithm(),
                        verified.keyId(),
                        verified.key()));
        if (entries.size() > maxEntries) {
            evict();
        }
    }

    int size() {
        return entries.size();
    }

    /**
     * The time rules of java-jwt 4 ({@code BaseVerification}): {@code exp} passes while {@code now -
     * leeway} is before it; {@code nbf} and {@code iat} while {@code now + leeway} is not before them.
     * Serving a hit under exactly these rules never accepts what the full path would refuse.
     */
    private boolean stillInTime(Entry entry, Instant now) {
        Instant exp = entry.principal().getExpiresAt();
        if (exp == null || !now.minus(leeway).isBefore(exp)) {
            return false;
        }
        Instant latest = now.plus(leeway);
        Instant nbf = entry.notBefore();
        Instant iat = entry.principal().getIssuedAt();
        return (nbf == null || !latest.isBefore(nbf)) && (iat == null || !latest.isBefore(iat));
    }

    private void evict() {
        if (!evicting.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            entries.values()
                    .removeIf(e -> !now.minus(leeway).isBefore(e.principal().getExpiresAt()));
            int target = maxEntries - maxEntries / 10;
            Iterator<Entry> it = entries.values().iterator();
            while (entries.size() > target && it.hasNext()) {
                it.next();
                it.remove();
            }
        } finally {
            evicting.unlock();
        }
    }

    /** What a hit needs: no decoded token, so that an entry holds the token's text and principal only. */
    private record Entry(
            JwtPrincipal principal, Instant notBefore, JwsAlgorithm algorithm, String keyId, PublicKey key) {}
}
