package dev.jwtauthfilter.sample;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The CSRF check for the endpoints the filter does not cover (login and refresh run without an access
 * token): the same rule as the filter's, on {@code Origin} or else {@code Referer}.
 */
final class SameOrigin {
    private SameOrigin() {}

    /** True if the request names its own origin (required for the cookie-only refresh endpoint). */
    static boolean proven(HttpServletRequest request) {
        String claimed = claimed(request);
        return claimed != null && claimed.equals(own(request));
    }

    /** False only if the request names a foreign origin (login must also work from curl). */
    static boolean notForeign(HttpServletRequest request) {
        List<String> origins = Collections.list(request.getHeaders("Origin"));
        if (origins.isEmpty() && request.getHeader("Referer") == null) {
            return true;
        }
        return proven(request);
    }

    private static String claimed(HttpServletRequest request) {
        List<String> origins = Collections.list(request.getHeaders("Origin"));
        if (origins.size() > 1) {
            return null;
        }
        String value = origins.isEmpty() ? request.getHeader("Referer") : origins.get(0);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return origin(uri.getScheme(), uri.getHost(), uri.getPort());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String own(HttpServletRequest request) {
        return origin(request.getScheme(), request.getServerName(), request.getServerPort());
    }

    private static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        int defaultPort = s.equals("https") ? 443 : s.equals("http") ? 80 : -1;
        int effective = port == -1 ? defaultPort : port;
        return s + "://" + host.toLowerCase(Locale.ROOT) + (effective == defaultPort ? "" : ":" + effective);
    }
}
