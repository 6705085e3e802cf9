/**
 * Token resolution: finds the one token a request carries, in the configured cookie and/or the
 * {@code Authorization: Bearer} header, and refuses requests that carry more than one (RFC 6750 §2).
 * Query strings and form bodies are never read.
 */
package dev.jwtauthfilter.token;
