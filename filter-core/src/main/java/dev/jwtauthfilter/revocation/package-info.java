/**
 * Revocation: the {@link dev.jwtauthfilter.revocation.RevocationStore} SPI the filter asks after a
 * token's signature and claims pass, and {@link
 * dev.jwtauthfilter.revocation.InMemoryRevocationStore}, a single-node implementation of both
 * strategies (a {@code (iss, jti)} deny-list and a per-subject issued-before cutoff).
 */
package dev.jwtauthfilter.revocation;
