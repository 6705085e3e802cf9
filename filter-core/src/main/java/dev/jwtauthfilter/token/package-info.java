/**
 * Token resolution: finds the one token a request carries, in the configured cookie and/or the
 * {@code Authorization: Bearer} header, and refuses requests that carry more than one (RFC 6750 §2).
 * Query strings and form bodies are never read.
 *
 * <p><b>Internal:</b> the types here are public only so that {@code JwtAuthFilter} can wire them;
 * they are not part of the supported API and may change in any release.
 */
package dev.jwtauthfilter.token;
