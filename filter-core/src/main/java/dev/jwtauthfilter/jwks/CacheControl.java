package dev.jwtauthfilter.jwks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads how long the server lets the JWKS be kept from its {@code Cache-Control} header (RFC 9111
 * §5.2.2): {@code max-age}, or zero for {@code no-store} and {@code no-cache}. The caller bounds the
 * result.
 */
final class CacheControl {
    private static final long MAX_SECONDS = 10L * 365 * 24 * 3600;

    private CacheControl() {}

    /**
     * @param headerValues every {@code Cache-Control} value of the response
     * @return the smallest lifetime named, or empty when none is (or none can be read)
     */
    static Optional<Duration> maxAge(List<String> headerValues) {
        Long seconds = null;
        for (String value : headerValues) {
            for (String directive : value.split(",", -1)) {
                Long s = seconds(directive.strip().toLowerCase(Locale.ROOT));
                if (s != null && (seconds == null || s < seconds)) {
                    seconds = s;
                }
            }
        }
        return Optional.ofNullable(seconds).map(Duration::ofSeconds);
    }

    private static Long seconds(String directive) {
        if (directive.equals("no-store") || directive.equals("no-cache")) {
            return 0L;
        }
        if (!directive.startsWith("max-age=")) {
            return null;
        }
        String value = directive.substring("max-age=".length());
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        // RFC 9111 §1.2.2: a delta-seconds too large to represent means "very long".
        return value.length() > 12 ? MAX_SECONDS : Math.min(Long.parseLong(value), MAX_SECONDS);
    }
}
