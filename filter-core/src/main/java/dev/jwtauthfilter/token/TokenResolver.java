package dev.jwtauthfilter.token;

import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.config.TokenSource;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Finds the token in the sources the configuration allows. A source left out of {@code
 * tokenSources} is not looked at, and an {@code Authorization} header with another scheme (e.g.
 * {@code Basic}) counts as no token. Thread-safe.
 */
public final class TokenResolver {
    private static final String BEARER = "Bearer";

    private final boolean useCookie;
    private final boolean useHeader;
    private final String cookieName;

    /**
     * Reads the sources and cookie name from the configuration.
     *
     * @param config the validated configuration
     */
    public TokenResolver(JwtAuthConfig config) {
        this.useCookie = config.tokenSources().contains(TokenSource.COOKIE);
        this.useHeader = config.tokenSources().contains(TokenSource.HEADER);
        this.cookieName = config.cookieName();
    }

    /**
     * Finds the request's token.
     *
     * @param request the request
     * @return the token, or null if the request carries none in an allowed source
     * @throws InvalidTokenRequestException if it carries more than one, or an empty Bearer token
     */
    public ResolvedToken resolve(HttpServletRequest request) throws InvalidTokenRequestException {
        String header = useHeader ? fromHeader(request) : null;
        String cookie = useCookie ? fromCookie(request) : null;
        if (header != null && cookie != null) {
            throw new InvalidTokenRequestException("token_in_header_and_cookie");
        }
        if (header != null) {
            return new ResolvedToken(header, TokenSource.HEADER);
        }
        return cookie == null ? null : new ResolvedToken(cookie, TokenSource.COOKIE);
    }

    private static String fromHeader(HttpServletRequest request) throws InvalidTokenRequestException {
        Enumeration<String> values = request.getHeaders("Authorization");
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (values.hasMoreElements()) {
            throw new InvalidTokenRequestException("multiple_authorization_headers");
        }
        return bearerToken(value);
    }

    private static String bearerToken(String value) throws InvalidTokenRequestException {
        String trimmed = value.strip();
        int space = trimmed.indexOf(' ');
        int schemeLength = space < 0 ? trimmed.length() : space;
        if (schemeLength != BEARER.length() || !trimmed.regionMatches(true, 0, BEARER, 0, schemeLength)) {
            return null;
        }
        String token = space < 0 ? "" : trimmed.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw new InvalidTokenRequestException("empty_bearer_token");
        }
        return token;
    }

    private String fromCookie(HttpServletRequest request) throws InvalidTokenRequestException {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        String found = null;
        int count = 0;
        for (Cookie c : cookies) {
            if (cookieName.equals(c.getName())) {
                count++;
                found = c.getValue();
            }
        }
        if (count > 1) {
            throw new InvalidTokenRequestException("multiple_token_cookies");
        }
        return found == null || found.isEmpty() ? null : found;
    }
}
