package dev.jwtauthfilter.sample;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes the two cookies. Both are {@code HttpOnly} (no script can read a token), {@code
 * SameSite=Strict} (never sent on cross-site requests) and, by default, {@code Secure}. The refresh
 * cookie is scoped to the refresh path, so it travels with no other request.
 *
 * <p>Headers are written by hand rather than through {@code Cookie}, so that every container emits
 * the same attributes in the same form.
 */
final class AuthCookies {
    static final String ACCESS = "access_token";
    static final String REFRESH = "refresh_token";
    static final String REFRESH_PATH = "/auth/refresh";

    private final boolean secure;

    AuthCookies(boolean secure) {
        this.secure = secure;
    }

    /** Max-Age is the token's remaining lifetime, so the browser drops the cookie when the token dies. */
    void setAccess(
            HttpServletRequest request, HttpServletResponse response, String token, Instant expiresAt, Instant now) {
        set(response, ACCESS, token, accessPath(request), Duration.between(now, expiresAt));
    }

    void setRefresh(
            HttpServletRequest request, HttpServletResponse response, String token, Instant expiresAt, Instant now) {
        set(response, REFRESH, token, request.getContextPath() + REFRESH_PATH, Duration.between(now, expiresAt));
    }

    /** Same names, paths and attributes as when set, with Max-Age=0, so browsers really drop them. */
    void clear(HttpServletRequest request, HttpServletResponse response) {
        set(response, ACCESS, "", accessPath(request), Duration.ZERO);
        set(response, REFRESH, "", request.getContextPath() + REFRESH_PATH, Duration.ZERO);
    }

    static String read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        String found = null;
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    if (found != null) {
                        return null; // two cookies of one name: trust neither
                    }
                    found = cookie.getValue();
                }
            }
        }
        return found == null || found.isEmpty() ? null : found;
    }

    private void set(HttpServletResponse response, String name, String value, String path, Duration maxAge) {
        long seconds = Math.max(0, maxAge.toSeconds());
        String expires = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(seconds).atOffset(ZoneOffset.UTC));
        if (seconds == 0) {
            expires = "Thu, 1 Jan 1970 00:00:00 GMT";
        }
        response.addHeader(
                "Set-Cookie",
                name + "=" + value + "; Path=" + path + "; Max-Age=" + seconds + "; Expires=" + expires
                        + (secure ? "; Secure" : "") + "; HttpOnly; SameSite=Strict");
    }

    private static String accessPath(HttpServletRequest request) {
        String context = request.getContextPath();
        return context.isEmpty() ? "/" : context;
    }
}
