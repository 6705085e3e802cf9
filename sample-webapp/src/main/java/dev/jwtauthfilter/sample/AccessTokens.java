package dev.jwtauthfilter.sample;

import com.auth0.jwt.JWT;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.sample.UserDirectory.User;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs access tokens and records "log out everywhere" cutoffs in the filter's revocation store.
 *
 * <p>{@code iat} has whole-second precision, so a cutoff set at 12:00:00.400 must not revoke a
 * token issued at 12:00:00.700 (its {@code iat} reads 12:00:00). The cutoff is therefore rounded
 * up to the next whole second, and tokens for that user are not issued before it.
 */
final class AccessTokens {
    /** A signed token and the claims the issuing side needs again (for logout, cookies). */
    record Issued(String token, String jwtId, Instant issuedAt, Instant expiresAt) {}

    private final Settings settings;
    private final SigningKeys keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> cutoffs = new ConcurrentHashMap<>();

    AccessTokens(Settings settings, SigningKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Signs a token for the user.
     *
     * @param sessionId the refresh-token family the token belongs to, or null for API clients
     */
    Issued issue(User user, String sessionId) throws InterruptedException {
        Instant now = notBeforeCutoff(user.name()).truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(settings.accessTokenLifetime());
        String jti = randomId();
        var builder = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withIssuer(settings.issuer())
                .withAudience(settings.audience())
                .withSubject(user.name())
                .withIssuedAt(now)
                .withExpiresAt(expires)
                .withJWTId(jti)
                .withClaim("roles", user.roles());
        if (sessionId != null) {
            builder.withClaim("sid", sessionId);
        }
        return new Issued(builder.sign(keys.signer()), jti, now, expires);
    }

    /** Revokes every token issued to the user up to now, on every device. */
    void revokeAllFor(String subject, RevocationStore store) {
        Instant cutoff = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        cutoffs.merge(subject, cutoff, (a, b) -> a.isAfter(b) ? a : b);
        store.revokeIssuedBefore(settings.issuer(), subject, cutoff);
    }

    /** Waits (under a second) until tokens for the subject would no longer fall under its cutoff. */
    private Instant notBeforeCutoff(String subject) throws InterruptedException {
        Instant now = clock.instant();
        Instant cutoff = cutoffs.get(subject);
        if (cutoff != null && now.isBefore(cutoff)) {
            Thread.sleep(Duration.between(now, cutoff).toMillis() + 1);
            now = clock.instant();
        }
        return now;
    }

    private String randomId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
