/**
 * The drop-in filter: {@link dev.jwtauthfilter.JwtAuthFilter} wires together token resolution,
 * verification, revocation, the principal and the error responses, each of which lives in its own
 * package.
 */
package dev.jwtauthfilter;
