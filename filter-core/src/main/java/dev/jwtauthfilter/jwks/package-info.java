/**
 * Remote keys: {@link dev.jwtauthfilter.jwks.JwksKeySource}, a {@link dev.jwtauthfilter.keys.KeySource}
 * that fetches a JWKS (RFC 7517) over HTTPS with the JDK's {@code HttpClient}, keeps it fresh, and
 * picks each token's key by {@code kid}. Everything else in this package is internal.
 */
package dev.jwtauthfilter.jwks;
