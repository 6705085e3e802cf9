/**
 * CSRF defence for cookie-borne tokens: unsafe requests must come from the application's own origin
 * or a configured one, judged by {@code Origin} (or {@code Referer} when it is absent).
 *
 * <p><b>Internal:</b> the types here are public only so that {@code JwtAuthFilter} can wire them;
 * they are not part of the supported API and may change in any release.
 */
package dev.jwtauthfilter.csrf;
