package dev.jwtauthfilter.revocation.jdbc;

import dev.jwtauthfilter.testsupport.TestTokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** A signed test token and the claims a revocation names. */
record Tokens(String jwt, String issuer, String jwtId, String subject, Instant expiresAt) {
    /** A token the standard filter params accept, for this subject, issued a second ago. */
    static Tokens forSubject(String subject) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String jti = UUID.randomUUID().toString();
        Instant exp = now.plusSeconds(600);
        String jwt = TestTokens.valid(now.minusSeconds(1))
                .withSubject(subject)
                .withJWTId(jti)
                .withExpiresAt(exp)
                .sign(TestTokens.rs256());
        return new Tokens(jwt, TestTokens.ISSUER, jti, subject, exp);
    }

    static Tokens any() {
        return forSubject("alice-" + UUID.randomUUID());
    }
}
