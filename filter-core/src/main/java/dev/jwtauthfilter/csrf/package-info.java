/**
 * CSRF defence for cookie-borne tokens: unsafe requests must come from the application's own origin
 * or a configured one, judged by {@code Origin} (or {@code Referer} when it is absent).
 */
package dev.jwtauthfilter.csrf;
