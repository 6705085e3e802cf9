/**
 * A minimal sample: an in-memory demo issuer and a JSON endpoint behind {@link
 * dev.jwtauthfilter.JwtAuthFilter}. The full sample (login, refresh, logout, JWKS) replaces the demo
 * issuer in a later release.
 */
package dev.jwtauthfilter.sample;
