/**
 * Verification: strict format checks java-jwt leaves out, then java-jwt's signature and claim
 * checks with one verifier per allowed algorithm, built once at start-up.
 *
 * <p><b>Internal:</b> the types here are public only so that {@code JwtAuthFilter} can wire them;
 * they are not part of the supported API and may change in any release.
 */
package dev.jwtauthfilter.verify;
