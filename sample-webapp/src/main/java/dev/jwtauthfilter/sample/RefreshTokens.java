package dev.jwtauthfilter.sample;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Opaque refresh tokens in rotating families (OAuth 2.0 Security BCP §4.14.2): each use returns a
 * new token and retires the old one; presenting a retired token means it was stolen or replayed, so
 * the whole family (the sign-in session) is revoked. Only SHA-256 hashes of tokens are kept.
 *
 * <p>In memory, like the revocation store: a restart signs everyone out.
 */
final class RefreshTokens {
    /** What a successful rotation or sign-in yields. */
    record Grant(String token, String familyId, String subject, Instant expiresAt) {}

    /** The outcome of presenting a refresh token. */
    sealed interface Outcome permits Rotated, Refused, Reused {}

    /** The token was current: here is its successor. */
    record Rotated(Grant grant) implements Outcome {}

    /** Unknown, expired or revoked. */
    record Refused() implements Outcome {}

    /** A retired token came back: the family is now revoked; its access tokens should be too. */
    record Reused(String subject, Map<String, Instant> accessTokens) implements Outcome {}

    private static final class Family {
        final String id;
        final String subject;
        final Instant expiresAt;
        String currentHash;
        boolean revoked;
        final Map<String, Instant> accessTokens = new HashMap<>(); // jti -> exp, while unexpired

        Family(String id, String subject, Instant expiresAt) {
            this.id = id;
            this.subject = subject;
            this.expiresAt = expiresAt;
        }
    }

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Family> families = new HashMap<>(); // by family id
    private final Map<String, Family> byHash = new HashMap<>(); // every token ever issued, until its family expires

    RefreshTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Starts a new family at sign-in. The family's lifetime is absolute: rotation does not extend it. */
    synchronized Grant start(String subject) {
        purgeExpired();
        Family family = new Family(randomToken(), subject, clock.instant().plus(lifetime));
        families.put(family.id, family);
        return next(family);
    }

    synchronized Outcome rotate(String presented) {
        Family family = presented == null ? null : byHash.get(hash(presented));
        if (family == null || family.revoked || !clock.instant().isBefore(family.expiresAt)) {
            return new Refused();
        }
        if (!family.currentHash.equals(hash(presented))) {
            family.revoked = true;
            return new Reused(family.subject, Map.copyOf(family.accessTokens));
        }
        return new Rotated(next(family));
    }

    /** Remembers an access token issued in the family, so that ending the family can revoke it. */
    synchronized void recordAccessToken(String familyId, String jwtId, Instant expiresAt) {
        Family family = families.get(familyId);
        if (family != null) {
            Instant now = clock.instant();
            family.accessTokens.values().removeIf(exp -> exp.isBefore(now));
            family.accessTokens.put(jwtId, expiresAt);
        }
    }

    /**
     * Ends a sign-in session.
     *
     * @return the family's access tokens that may still be alive ({@code jti} to {@code exp})
     */
    synchronized Map<String, Instant> revokeFamily(String familyId) {
        Family family = families.get(familyId);
        if (family == null) {
            return Map.of();
        }
        family.revoked = true;
        return Map.copyOf(family.accessTokens);
    }

    synchronized void revokeSubject(String subject) {
        families.values().stream().filter(f -> f.subject.equals(subject)).forEach(f -> f.revoked = true);
    }

    private Grant next(Family family) {
        String token = randomToken();
        family.currentHash = hash(token);
        byHash.put(family.currentHash, family);
        return new Grant(token, family.id, family.subject, family.expiresAt);
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        families.values().removeIf(f -> !now.isBefore(f.expiresAt));
        byHash.values().removeIf(f -> !now.isBefore(f.expiresAt));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }
}
