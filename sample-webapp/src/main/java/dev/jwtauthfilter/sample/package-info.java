/**
 * The sample web application: an issuing side (login with hashed passwords, ES256 access tokens in an
 * HttpOnly cookie or for Bearer clients, rotating refresh tokens, logout, a JWKS endpoint with key
 * rotation) and a verifying side behind {@link dev.jwtauthfilter.JwtAuthFilter}, configured in {@code
 * WEB-INF/web.xml} (pages, a profile endpoint and a per-user todo API).
 *
 * <p>{@link dev.jwtauthfilter.sample.SampleApp} wires everything at start-up.
 */
package dev.jwtauthfilter.sample;
