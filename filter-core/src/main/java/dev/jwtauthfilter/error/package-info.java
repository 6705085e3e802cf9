/**
 * Error responses: fixed RFC 6750 challenges and bodies for every refusal, and the optional
 * redirect of browser navigations to a login page. Nothing request-specific is ever echoed.
 *
 * <p><b>Internal:</b> the types here are public only so that {@code JwtAuthFilter} can wire them;
 * they are not part of the supported API and may change in any release.
 */
package dev.jwtauthfilter.error;
