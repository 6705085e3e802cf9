package dev.jwtauthfilter.revocation;

import java.time.Instant;
import java.util.Objects;

/**
 * What a revocation store needs to know of a verified token. The raw token is deliberately absent:
 * the same token has several valid encodings, so deny-lists key on {@code (iss, jti)}.
 *
 * @param issuer the {@code iss} claim
 * @param jwtId the {@code jti} claim, or null if the token has none
 * @param subject the {@code sub} claim, or null if the token has none
 * @param issuedAt the {@code iat} claim, or null if the token has none
 * @param expiresAt the {@code exp} claim
 */
public record TokenIdentity(String issuer, String jwtId, String subject, Instant issuedAt, Instant expiresAt) {
    /**
     * Checks the claims every verified token has.
     *
     * @param issuer the {@code iss} claim
     * @param jwtId the {@code jti} claim, or null
     * @param subject the {@code sub} claim, or null
     * @param issuedAt the {@code iat} claim, or null
     * @param expiresAt the {@code exp} claim
     */
    public TokenIdentity {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
