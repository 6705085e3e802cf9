package dev.jwtauthfilter.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the JWKS (RFC 7517) lives and how it is fetched: the {@code jwksUri} init-param and its
 * tuning parameters, validated once by {@link Builder#build()}. Immutable.
 *
 * <pre>{@code
 * JwtAuthConfig config = JwtAuthConfig.builder()
 *         .issuer("https://login.example.com")
 *         .audience("orders-api")
 *         .algorithms("RS256")
 *         .jwks(JwksSettings.builder("https://login.example.com/.well-known/jwks.json").build())
 *         .build();
 * }</pre>
 */
public final class JwksSettings {
    /** Default of {@code jwksCacheTtlSeconds}: keys are kept 10 minutes when the server says nothing. */
    public static final int DEFAULT_CACHE_TTL_SECONDS = 600;
    /** Default of {@code jwksRefetchCooldownSeconds}. */
    public static final int DEFAULT_REFETCH_COOLDOWN_SECONDS = 30;
    /** Default of {@code jwksStaleSeconds}: one day. */
    public static final int DEFAULT_STALE_SECONDS = 86_400;
    /** Default of {@code jwksConnectTimeoutMillis}. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;
    /** Default of {@code jwksReadTimeoutMillis}. */
    public static final int DEFAULT_READ_TIMEOUT_MILLIS = 3_000;
    /** Default of {@code jwksMaxBytes}: 64 KiB. */
    public static final int DEFAULT_MAX_BYTES = 65_536;
    /** Default of {@code jwksMaxKeys}. */
    public static final int DEFAULT_MAX_KEYS = 50;
    /** Shortest time the keys are kept, also for a {@code Cache-Control: max-age} below it. */
    public static final int MIN_CACHE_TTL_SECONDS = 60;
    /** Longest time the keys are kept, also for a {@code Cache-Control: max-age} above it. */
    public static final int MAX_CACHE_TTL_SECONDS = 86_400;

    static final int MIN_COOLDOWN_SECONDS = 1;
    static final int MAX_COOLDOWN_SECONDS = 3_600;
    static final int MAX_STALE_SECONDS = 604_800;
    static final int MIN_TIMEOUT_MILLIS = 100;
    static final int MAX_CONNECT_TIMEOUT_MILLIS = 30_000;
    static final int MAX_READ_TIMEOUT_MILLIS = 60_000;
    static final int MIN_MAX_BYTES = 1_024;
    static final int MAX_MAX_BYTES = 1_048_576;
    static final int MAX_MAX_KEYS = 1_000;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final URI uri;
    private final Duration cacheTtl;
    private final Duration refetchCooldown;
    private final Duration stale;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxBytes;
    private final int maxKeys;

    private JwksSettings(Builder b, URI uri) {
        this.uri = uri;
        this.cacheTtl = Duration.ofSeconds(b.cacheTtlSeconds);
        this.refetchCooldown = Duration.ofSeconds(b.refetchCooldownSeconds);
        this.stale = Duration.ofSeconds(b.staleSeconds);
        this.connectTimeout = Duration.ofMillis(b.connectTimeoutMillis);
        this.readTimeout = Duration.ofMillis(b.readTimeoutMillis);
        this.maxBytes = b.maxBytes;
        this.maxKeys = b.maxKeys;
    }

    /**
     * Starts settings for a JWKS URL, every tuning value at its default.
     *
     * @param jwksUri an absolute {@code https} URL, or {@code http} with a loopback host (127.0.0.0/8,
     *     {@code ::1}, {@code localhost})
     * @return a new builder
     */
    public static Builder builder(String jwksUri) {
        return new Builder(jwksUri);
    }

    /** @return the JWKS URL */
    public URI uri() {
        return uri;
    }

    /**
     * The URL without user info, query or fragment, for log lines: a query may carry an API key.
     *
     * @return {@code scheme://host[:port]/path}
     */
    public String displayUri() {
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + port + path;
    }

    /** @return how long keys are kept when the response has no {@code Cache-Control: max-age} */
    public Duration cacheTtl() {
        return cacheTtl;
    }

    /** @return the least time between two fetches caused by unknown {@code kid}s */
    public Duration refetchCooldown() {
        return refetchCooldown;
    }

    /** @return how long the last good keys keep verifying past their expiry while fetches fail */
    public Duration stale() {
        return stale;
    }

    /** @return the connect timeout of a fetch */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the time allowed for the whole response once connected */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** @return the largest response body read, in bytes */
    public int maxBytes() {
        return maxBytes;
    }

    /** @return the most keys a JWKS may hold */
    public int maxKeys() {
        return maxKeys;
    }

    @Override
    public String toString() {
        return "JwksSettings[" + displayUri() + ", ttl=" + cacheTtl.toSeconds() + "s, cooldown="
                + refetchCooldown.toSeconds() + "s, stale=" + stale.toSeconds() + "s, connectTimeout="
                + connectTimeout.toMillis() + "ms, readTimeout=" + readTimeout.toMillis() + "ms, maxBytes="
                + maxBytes + ", maxKeys=" + maxKeys + "]";
    }

    /** Collects the settings; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final String jwksUri;
        private int cacheTtlSeconds = DEFAULT_CACHE_TTL_SECONDS;
        private int refetchCooldownSeconds = DEFAULT_REFETCH_COOLDOWN_SECONDS;
        private int staleSeconds = DEFAULT_STALE_SECONDS;
        private int connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
        private int readTimeoutMillis = DEFAULT_READ_TIMEOUT_MILLIS;
        private int maxBytes = DEFAULT_MAX_BYTES;
        private int maxKeys = DEFAULT_MAX_KEYS;

        private Builder(String jwksUri) {
            this.jwksUri = jwksUri;
        }

        /**
         * Sets how long keys are kept when the response carries no {@code Cache-Control: max-age}. A
         * {@code max-age} is honoured within 60..86400 seconds. Default 600.
         *
         * @param seconds 60 to 86400
         * @return this builder
         */
        public Builder cacheTtlSeconds(int seconds) {
            cacheTtlSeconds = seconds;
            return this;
        }

        /**
         * Sets the least time between two fetches caused by unknown {@code kid}s, counted from the
         * start of the previous fetch of any kind. Default 30.
         *
         * @param seconds 1 to 3600
         * @return this builder
         */
        public Builder refetchCooldownSeconds(int seconds) {
            refetchCooldownSeconds = seconds;
            return this;
        }

        /**
         * Sets how long the last good keys keep verifying past their expiry while fetches fail; 0 turns
         * that off. Default 86400 (one day).
         *
         * @param seconds 0 to 604800
         * @return this builder
         */
        public Builder staleSeconds(int seconds) {
            staleSeconds = seconds;
            return this;
        }

        /**
         * Sets the connect timeout of a fetch. Default 2000.
         *
         * @param millis 100 to 30000
         * @return this builder
         */
        public Builder connectTimeoutMillis(int millis) {
            connectTimeoutMillis = millis;
            return this;
        }

        /**
         * Sets the time allowed for the whole response (headers and body) once connected. Default
         * 3000.
         *
         * @param millis 100 to 60000
         * @return this builder
         */
        public Builder readTimeoutMillis(int millis) {
            readTimeoutMillis = millis;
            return this;
        }

        /**
         * Sets the largest response body read; a longer one is abandoned and counts as a failed
         * fetch. Default 65536.
         *
         * @param bytes 1024 to 1048576
         * @return this builder
         */
        public Builder maxBytes(int bytes) {
            maxBytes = bytes;
            return this;
        }

        /**
         * Sets the most keys a JWKS may hold; a JWKS with more counts as a failed fetch. Default 50.
         *
         * @param keys 1 to 1000
         * @return this builder
         */
        public Builder maxKeys(int keys) {
            maxKeys = keys;
            return this;
        }

        /**
         * Validates the settings.
         *
         * @return the immutable settings
         * @throws ConfigException naming the first offending init-param and what is allowed
         */
        public JwksSettings build() {
            URI uri = checkUri(jwksUri);
            Validation.range(
                    InitParams.JWKS_CACHE_TTL_SECONDS, cacheTtlSeconds, MIN_CACHE_TTL_SECONDS, MAX_CACHE_TTL_SECONDS);
            Validation.range(
                    InitParams.JWKS_REFETCH_COOLDOWN_SECONDS,
                    refetchCooldownSeconds,
                    MIN_COOLDOWN_SECONDS,
                    MAX_COOLDOWN_SECONDS);
            Validation.range(InitParams.JWKS_STALE_SECONDS, staleSeconds, 0, MAX_STALE_SECONDS);
            Validation.range(
                    InitParams.JWKS_CONNECT_TIMEOUT_MILLIS,
                    connectTimeoutMillis,
                    MIN_TIMEOUT_MILLIS,
                    MAX_CONNECT_TIMEOUT_MILLIS);
            Validation.range(
                    InitParams.JWKS_READ_TIMEOUT_MILLIS,
                    readTimeoutMillis,
                    MIN_TIMEOUT_MILLIS,
                    MAX_READ_TIMEOUT_MILLIS);
            Validation.range(InitParams.JWKS_MAX_BYTES, maxBytes, MIN_MAX_BYTES, MAX_MAX_BYTES);
            Validation.range(InitParams.JWKS_MAX_KEYS, maxKeys, 1, MAX_MAX_KEYS);
            return new JwksSettings(this, uri);
        }
    }

    private static URI checkUri(String value) {
        String p = InitParams.JWKS_URI;
        if (value == null || value.isBlank()) {
            throw new ConfigException(p, "is required: give the URL of the JWKS");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(p, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigException(p, "must be an absolute https URL, e.g. https://login.example.com/jwks.json");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(p, "must name a host, e.g. https://login.example.com/jwks.json");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException(p, "must not carry user info (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw new ConfigException(p, "must not have a fragment (#...)");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigException(
                    p,
                    "must use https; plain http is allowed only for loopback hosts (127.0.0.0/8, ::1," + " localhost)");
        }
        return uri;
    }

    /** A literal loopback host; never resolves a name, so DNS cannot make a remote host "loopback". */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        boolean ipv6 = h.startsWith("[") && h.endsWith("]");
        if (!ipv6 && !IPV4.matcher(h).matches()) {
            return false;
        }
        String literal = ipv6 ? h.substring(1, h.length() - 1) : h;
        if (!ipv6 && !isDottedQuad(literal)) {
            return false;
        }
        try {
            // An IP literal: getByName parses it without any lookup.
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isDottedQuad(String literal) {
        for (String part : literal.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
