/**
 * The principal: {@link dev.jwtauthfilter.principal.JwtPrincipal} built from a verified token's
 * principal and roles claims, and the request wrapper that answers {@code getUserPrincipal()},
 * {@code getRemoteUser()} and {@code isUserInRole()} from it.
 *
 * <p>Supported API: {@link dev.jwtauthfilter.principal.JwtPrincipal}. The other types are internal.
 */
package dev.jwtauthfilter.principal;
