package dev.jwtauthfilter.sample;

import jakarta.servlet.ServletContext;
import java.time.Duration;

/**
 * The issuing side's settings, read once from {@code web.xml} context-params. The verifying side
 * (the filter) has its own init-params, as it would in a separate service.
 */
record Settings(
        String issuer,
        String audience,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        boolean secureCookies) {

    /** How long past expiry the filter still accepts a token (its default leeway), plus a margin. */
    static final Duration VERIFIER_LEEWAY = Duration.ofSeconds(60);

    static Settings from(ServletContext context) {
        return new Settings(
                param(context, "sample.issuer", "urn:jwt-auth-filter:sample"),
                param(context, "sample.audience", "sample-webapp"),
                Duration.ofMinutes(positive(context, "sample.accessTokenMinutes", "15")),
                Duration.ofHours(positive(context, "sample.refreshTokenHours", "168")),
                bool(context, "sample.secureCookies", "true"));
    }

    private static String param(ServletContext context, String name, String fallback) {
        String value = context.getInitParameter(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static long positive(ServletContext context, String name, String fallback) {
        String value = param(context, name, fallback);
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(
                "context-param " + name + " must be a positive whole number, was '" + value + "'");
    }

    private static boolean bool(ServletContext context, String name, String fallback) {
        String value = param(context, name, fallback);
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalStateException("context-param " + name + " must be true or false, was '" + value + "'");
    }
}
