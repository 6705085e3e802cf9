package dev.jwtauthfilter.revocation;

import java.time.Instant;

/**
 * Decides whether a verified token has been revoked, and records revocations. Implementations must
 * be thread-safe. The filter asks only after the signature and claims have passed.
 *
 * <p>Downstream code (a logout servlet, say) reaches the filter's store through the {@code
 * ServletContext} attribute {@code JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE}.
 *
 * <p>An implementation that cannot answer throws (ideally {@link RevocationStoreException}); the
 * filter then answers 503 and never lets the request through.
 *
 * <p>A store the filter created from its {@code revocationStore} init-param is closed by the filter's
 * {@code destroy()}; a store passed in code or through the {@code ServletContext} is closed by its
 * owner.
 */
public interface RevocationStore extends AutoCloseable {
    /**
     * Tells whether the token is revoked: its {@code (iss, jti)} is on the deny-list, or it was issued
     * before its subject's cutoff.
     *
     * @param token the verified token's identity
     * @return true if the request must be refused
     * @throws RevocationStoreException if the store cannot tell
     */
    boolean isRevoked(TokenIdentity token);

    /**
     * Puts one token on the deny-list until it would have expired anyway.
     *
     * @param issuer the token's {@code iss}
     * @param jwtId the token's {@code jti}
     * @param expiresAt the token's {@code exp}; the entry may be dropped after it (plus the largest leeway)
     * @throws RevocationStoreException if the store cannot record it
     */
    void revoke(String issuer, String jwtId, Instant expiresAt);

    /**
     * Invalidates every token issued to a subject before a given instant, for "log out everywhere"
     * and password changes. A later cutoff for the same subject replaces an earlier one.
     *
     * @param issuer the issuer of the subject's tokens
     * @param subject the {@code sub} claim
     * @param issuedBefore tokens whose {@code iat} is before this instant (or that have no {@code iat}) are revoked
     * @throws RevocationStoreException if the store cannot record it
     */
    void revokeIssuedBefore(String issuer, String subject, Instant issuedBefore);

    /**
     * Tells whether tokens without a {@code jti} must be refused because a deny-list is in use and
     * could not name them.
     *
     * @return true unless the store keeps no per-token deny-list
     */
    default boolean requiresJwtId() {
        return true;
    }

    /** Releases connections and threads; the default holds none. */
    @Override
    default void close() {}
}
