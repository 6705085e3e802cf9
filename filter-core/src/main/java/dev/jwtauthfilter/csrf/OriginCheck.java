package dev.jwtauthfilter.csrf;

import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.config.Origins;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a cookie-authenticated request may proceed. Safe methods always may; any other
 * method needs an {@code Origin} (or, without one, a {@code Referer}) whose whole origin equals the
 * request's own or one in {@code allowedOrigins}. No header at all, {@code Origin: null} or two
 * {@code Origin} headers are refused (OWASP CSRF cheat sheet). Thread-safe.
 */
public final class OriginCheck {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final Set<String> allowedOrigins;

    /**
     * Reads the extra trusted origins from the configuration.
     *
     * @param config the validated configuration
     */
    public OriginCheck(JwtAuthConfig config) {
        this.allowedOrigins = config.allowedOrigins();
    }

    /**
     * Tells whether the request may proceed.
     *
     * @param request a request whose token came from the cookie
     * @return true for safe methods and for unsafe ones from a trusted origin
     */
    public boolean allows(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return true;
        }
        Optional<String> origin = claimedOrigin(request);
        if (origin.isEmpty()) {
            return false;
        }
        String claimed = origin.get();
        return allowedOrigins.contains(claimed)
                || claimed.equals(Origins.of(request.getScheme(), request.getServerName(), request.getServerPort()));
    }

    private static Optional<String> claimedOrigin(HttpServletRequest request) {
        Enumeration<String> origins = request.getHeaders("Origin");
        if (origins != null && origins.hasMoreElements()) {
            String origin = origins.nextElement();
            return origins.hasMoreElements() ? Optional.empty() : Origins.of(origin.strip());
        }
        String referer = request.getHeader("Referer");
        return referer == null ? Optional.empty() : Origins.of(referer.strip());
    }
}
