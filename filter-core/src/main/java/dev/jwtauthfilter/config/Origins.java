package dev.jwtauthfilter.config;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Serialises web origins ({@code scheme://host[:port]}) one way, so that an {@code Origin} header, a
 * {@code Referer} and a configured origin compare as plain strings.
 */
public final class Origins {
    private Origins() {}

    /**
     * Returns the origin of an absolute http(s) URL, lower-cased, default port dropped.
     *
     * @param url an origin or a full URL, e.g. from a {@code Referer}
     * @return the origin, or empty if the value is not an absolute http(s) URL with a host
     */
    public static Optional<String> of(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.empty();
            }
            return Optional.of(of(scheme, host, uri.getPort()));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Builds an origin from its parts, lower-cased, default port dropped.
     *
     * @param scheme {@code http} or {@code https}
     * @param host the host name or IP literal
     * @param port the port, or -1 for the scheme's default
     * @return the serialised origin
     */
    public static String of(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        boolean defaultPort = port < 0 || (s.equals("http") && port == 80) || (s.equals("https") && port == 443);
        String h = host.toLowerCase(Locale.ROOT);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return s + "://" + h + (defaultPort ? "" : ":" + port);
    }

    /**
     * Tells whether a configured value is a bare origin, with no path, query or fragment.
     *
     * @param value the configured value
     * @return true for values like {@code https://app.example.com:8443}
     */
    static boolean isBareOrigin(String value) {
        try {
            URI uri = new URI(value);
            String path = uri.getRawPath();
            return of(value).isPresent()
                    && (path == null || path.isEmpty())
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
