package dev.jwtauthfilter.config;

import dev.jwtauthfilter.audit.AuthAuditListener;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.revocation.RevocationStore;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filter's configuration: immutable, built once by {@link #builder()} (or parsed from {@code
 * init-param}s by {@link InitParamParser}) and validated by {@link Builder#build()}, so that every
 * mistake surfaces at start-up.
 *
 * <pre>{@code
 * JwtAuthConfig config = JwtAuthConfig.builder()
 *         .issuer("https://login.example.com")
 *         .audience("orders-api")
 *         .algorithms("ES256")
 *         .publicKey(issuerPublicKey)
 *         .build();
 * servletContext.addFilter("jwt", new JwtAuthFilter(config));
 * }</pre>
 */
public final class JwtAuthConfig {
    /** Default of {@code cookieName}. */
    public static final String DEFAULT_COOKIE_NAME = "access_token";
    /** Default of {@code leewaySeconds}. */
    public static final int DEFAULT_LEEWAY_SECONDS = 30;
    /** Largest {@code leewaySeconds} allowed. */
    public static final int MAX_LEEWAY_SECONDS = 300;
    /** Default of {@code maxTokenLength}. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8192;
    /**
     * Default of {@code verifiedTokenCacheSize} for RS* and ES* algorithms, whose signatures cost
     * 25-700 µs to verify; HS* tokens (about 2 µs) are not cached unless a size is set.
     */
    public static final int DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;
    /** Largest {@code verifiedTokenCacheSize} allowed. */
    public static final int MAX_VERIFIED_TOKEN_CACHE_SIZE = 1_000_000;

    private final List<String> issuers;
    private final List<String> audiences;
    private final Set<JwsAlgorithm> algorithms;
    private final byte[] secret;
    private final List<PublicKey> publicKeys;
    private final KeySource keySource;
    private final JwksSettings jwks;
    private final List<TokenSource> tokenSources;
    private final String cookieName;
    private final Duration leeway;
    private final String principalClaim;
    private final String rolesClaim;
    private final PathPatterns excludePaths;
    private final String realm;
    private final Set<String> allowedOrigins;
    private final String loginPage;
    private final String tokenType;
    private final int maxTokenLength;
    private final int verifiedTokenCacheSize;
    private final Clock clock;
    private final RevocationStore revocationStore;
    private final List<AuthAuditListener> auditListeners;

    private JwtAuthConfig(Builder b) {
        issuers = List.copyOf(b.issuers);
        audiences = List.copyOf(b.audiences);
        algorithms = Set.copyOf(b.algorithms);
        secret = b.secret == null ? null : b.secret.clone();
        publicKeys = List.copyOf(b.publicKeys);
        keySource = b.keySource;
        jwks = b.jwks;
        tokenSources = List.copyOf(b.tokenSources);
        cookieName = b.cookieName;
        leeway = Duration.ofSeconds(b.leewaySeconds);
        principalClaim = b.principalClaim;
        rolesClaim = b.rolesClaim;
        excludePaths = PathPatterns.of(b.excludePaths);
        realm = b.realm;
        allowedOrigins = Set.copyOf(b.allowedOrigins);
        loginPage = b.loginPage;
        tokenType = b.tokenType;
        maxTokenLength = b.maxTokenLength;
        verifiedTokenCacheSize = b.verifiedTokenCacheSize != null
                ? b.verifiedTokenCacheSize
                : algorithms.stream().anyMatch(a -> a.family() != JwsAlgorithm.Family.HMAC)
                        ? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE
                        : 0;
        clock = b.clock;
        revocationStore = b.revocationStore;
        auditListeners = List.copyOf(b.auditListeners);
    }

    /**
     * Starts a configuration with every optional setting at its default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the accepted {@code iss} values */
    public List<String> issuers() {
        return issuers;
    }

    /** @return this application's audience values */
    public List<String> audiences() {
        return audiences;
    }

    /** @return the allowed algorithms */
    public Set<JwsAlgorithm> algorithms() {
        return algorithms;
    }

    /** @return a copy of the HMAC secret, or empty when asymmetric algorithms are used */
    public Optional<byte[]> secret() {
        return Optional.ofNullable(secret).map(byte[]::clone);
    }

    /** @return the fixed public keys, empty when HMAC algorithms or a key source are used */
    public List<PublicKey> publicKeys() {
        return publicKeys;
    }

    /**
     * Returns the public key that verifies an asymmetric algorithm.
     *
     * @param algorithm an allowed RS* or ES* algorithm
     * @return the one configured key that fits it, or empty for HMAC algorithms
     */
    public Optional<PublicKey> publicKeyFor(JwsAlgorithm algorithm) {
        return publicKeys.stream().filter(algorithm::fits).findFirst();
    }

    /**
     * Returns the source of public keys chosen by {@code kid}, used instead of fixed keys.
     *
     * @return the key source, or empty when the keys are a fixed {@code secret} or {@code publicKey}
     */
    public Optional<KeySource> keySource() {
        return Optional.ofNullable(keySource);
    }

    /**
     * Returns where the JWKS is fetched from and how, when keys come from a JWKS endpoint.
     *
     * @return the JWKS settings, or empty when the keys are a {@code secret}, a {@code publicKey} or a
     *     {@code keySource}
     */
    public Optional<JwksSettings> jwks() {
        return Optional.ofNullable(jwks);
    }

    /** @return where to look for the token, in order */
    public List<TokenSource> tokenSources() {
        return tokenSources;
    }

    /** @return the name of the cookie holding the token */
    public String cookieName() {
        return cookieName;
    }

    /** @return the clock skew allowed for exp, nbf and iat */
    public Duration leeway() {
        return leeway;
    }

    /** @return the claim naming the principal */
    public String principalClaim() {
        return principalClaim;
    }

    /** @return the claim (or dotted path) holding the roles */
    public String rolesClaim() {
        return rolesClaim;
    }

    /** @return the paths that need no token */
    public PathPatterns excludePaths() {
        return excludePaths;
    }

    /** @return the configured realm, or empty to derive it from the context path */
    public Optional<String> realm() {
        return Optional.ofNullable(realm);
    }

    /**
     * Returns the realm for {@code WWW-Authenticate}: the configured one, else the context path, else
     * {@code api} (for the root context, or a context path an auth-param cannot carry unescaped).
     *
     * @param contextPath the servlet context path, empty for the root context
     * @return the realm to send
     */
    public String realmFor(String contextPath) {
        if (realm != null) {
            return realm;
        }
        return contextPath != null && Validation.isRealm(contextPath) ? contextPath : "api";
    }

    /** @return extra origins trusted for cookie-authenticated unsafe requests, normalised */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** @return the {@code typ} every token must carry, normalised, or empty when not checked */
    public Optional<String> tokenType() {
        return Optional.ofNullable(tokenType);
    }

    /**
     * A {@code typ} value as compared: lower case, without a leading {@code application/}.
     *
     * @param type a {@code typ} header value
     * @return the normalised value
     */
    public static String normaliseType(String type) {
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/") ? lower.substring("application/".length()) : lower;
    }

    /** @return where browser navigations without a valid token go, or empty for a plain 401 */
    public Optional<String> loginPage() {
        return Optional.ofNullable(loginPage);
    }

    /** @return the longest token accepted, in characters */
    public int maxTokenLength() {
        return maxTokenLength;
    }

    /**
     * @return how many verified tokens the filter remembers so that their signature is not checked
     *     again; 0 when the cache is off
     */
    public int verifiedTokenCacheSize() {
        return verifiedTokenCacheSize;
    }

    /** @return the clock used for exp, nbf, iat and revocation expiry */
    public Clock clock() {
        return clock;
    }

    /** @return the revocation store the application supplied, or empty to use the context's or a new in-memory one */
    public Optional<RevocationStore> revocationStore() {
        return Optional.ofNullable(revocationStore);
    }

    /** @return the audit listeners, in the order they are called; empty by default */
    public List<AuthAuditListener> auditListeners() {
        return auditListeners;
    }

    /** Collects settings; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
        private List<String> issuers = List.of();
        private List<String> audiences = List.of();
        private List<String> algorithmNames = List.of();
        private Set<JwsAlgorithm> algorithms = Set.of();
        private byte[] secret;
        private List<PublicKey> publicKeys = List.of();
        private KeySource keySource;
        private JwksSettings jwks;
        private List<TokenSource> tokenSources = List.of(TokenSource.COOKIE, TokenSource.HEADER);
        private String cookieName = DEFAULT_COOKIE_NAME;
        private int leewaySeconds = DEFAULT_LEEWAY_SECONDS;
        private String principalClaim = "sub";
        private String rolesClaim = "roles";
        private List<String> excludePaths = List.of();
        private String realm;
        private List<String> allowedOriginValues = List.of();
        private Set<String> allowedOrigins = Set.of();
        private String loginPage;
        private String tokenType;
        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;
        private Integer verifiedTokenCacheSize;
        private Clock clock = Clock.systemUTC();
        private RevocationStore revocationStore;
        private final List<AuthAuditListener> auditListeners = new ArrayList<>();

        private Builder() {}

        /**
         * Sets the accepted {@code iss} values (exact, case-sensitive match). Required.
         *
         * @param values one or more issuers
         * @return this builder
         */
        public Builder issuer(String... values) {
            issuers = listOf(values);
            return this;
        }

        /**
         * Sets this application's audience values; a token's {@code aud} must contain one. Required.
         *
         * @param values one or more audiences
         * @return this builder
         */
        public Builder audience(String... values) {
            audiences = listOf(values);
            return this;
        }

        /**
         * Sets the allowed algorithms by their case-sensitive JWS names. Required.
         *
         * @param names e.g. {@code "RS256"} or {@code "RS256", "ES256"}
         * @return this builder
         */
        public Builder algorithms(String... names) {
            algorithmNames = listOf(names);
            return this;
        }

        /**
         * Sets the HMAC key for HS256/384/512: at least 32/48/64 bytes.
         *
         * @param key the raw key bytes (copied)
         * @return this builder
         */
        public Builder secret(byte[] key) {
            secret = key == null ? null : key.clone();
            return this;
        }

        /**
         * Sets the public key(s) for RS* and ES* algorithms: RSA keys of at least 2048 bits, EC keys on
         * the algorithm's curve. Give one key per kind (one RSA key, one key per EC curve), and no key
         * that no allowed algorithm uses.
         *
         * @param keys the public keys
         * @return this builder
         */
        public Builder publicKey(PublicKey... keys) {
            publicKeys = keys == null
                    ? List.of()
                    : Arrays.stream(keys).filter(Objects::nonNull).collect(Collectors.toList());
            return this;
        }

        /**
         * Sets a source of public keys chosen by each token's {@code kid}, for keys that change while
         * the application runs; instead of {@link #secret} or {@link #publicKey}. RS* and ES*
         * algorithms only. The filter checks every key it gets against the token's algorithm (RSA of
         * at least 2048 bits, EC on the algorithm's curve).
         *
         * @param source the key source, thread-safe
         * @return this builder
         */
        public Builder keySource(KeySource source) {
            keySource = source;
            return this;
        }

        /**
         * Sets a JWKS endpoint whose keys verify tokens, chosen by each token's {@code kid}; instead of
         * {@link #secret}, {@link #publicKey} or {@link #keySource}. RS* and ES* algorithms only. The
         * filter fetches the JWKS when it starts and keeps it fresh (see README, "Remote keys").
         *
         * @param settings where and how to fetch, from {@link JwksSettings#builder(String)}
         * @return this builder
         */
        public Builder jwks(JwksSettings settings) {
            jwks = settings;
            return this;
        }

        /**
         * Sets where to look for the token, in order. Default: cookie, then header.
         *
         * @param sources one or more sources, no repeats
         * @return this builder
         */
        public Builder tokenSources(TokenSource... sources) {
            tokenSources = listOf(sources);
            return this;
        }

        /**
         * Sets the name of the cookie holding the token. Default {@code access_token}.
         *
         * @param name an RFC 6265 cookie name
         * @return this builder
         */
        public Builder cookieName(String name) {
            cookieName = name;
            return this;
        }

        /**
         * Sets the clock skew allowed for exp, nbf and iat. Default 30.
         *
         * @param seconds 0 to 300
         * @return this builder
         */
        public Builder leewaySeconds(int seconds) {
            leewaySeconds = seconds;
            return this;
        }

        /**
         * Sets the claim naming the principal. Default {@code sub}.
         *
         * @param claim a claim name
         * @return this builder
         */
        public Builder principalClaim(String claim) {
            principalClaim = claim;
            return this;
        }

        /**
         * Sets the claim holding roles, or a dotted path to it. Default {@code roles}.
         *
         * @param claim e.g. {@code roles}, {@code scope} or {@code realm_access.roles}
         * @return this builder
         */
        public Builder rolesClaim(String claim) {
            rolesClaim = claim;
            return this;
        }

        /**
         * Sets the paths that need no token.
         *
         * @param patterns exact ({@code /login}), prefix ({@code /public/*}) or extension ({@code *.css})
         * @return this builder
         */
        public Builder excludePaths(String... patterns) {
            excludePaths = listOf(patterns);
            return this;
        }

        /**
         * Sets the realm sent in {@code WWW-Authenticate}. Default: the context path, or {@code api}.
         *
         * @param value printable ASCII without {@code "} or {@code \}
         * @return this builder
         */
        public Builder realm(String value) {
            realm = value;
            return this;
        }

        /**
         * Sets extra origins trusted for cookie-authenticated unsafe requests.
         *
         * @param origins exact origins, e.g. {@code https://app.example.com}
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            allowedOriginValues = listOf(origins);
            return this;
        }

        /**
         * Requires every token's {@code typ} header to be this media type (RFC 8725 §3.11), e.g.
         * {@code at+jwt} for RFC 9068 access tokens; compared case-insensitively with {@code
         * application/} implied. Default: {@code typ} is not checked.
         *
         * @param type the media type
         * @return this builder
         */
        public Builder tokenType(String type) {
            tokenType = type;
            return this;
        }

        /**
         * Sets where browser navigations without a valid token are redirected.
         *
         * @param path a context-relative path covered by excludePaths, or an absolute http(s) URL
         * @return this builder
         */
        public Builder loginPage(String path) {
            loginPage = path;
            return this;
        }

        /**
         * Sets the longest token accepted. Default 8192.
         *
         * @param length characters, 128 to 65536
         * @return this builder
         */
        public Builder maxTokenLength(int length) {
            maxTokenLength = length;
            return this;
        }

        /**
         * Sets how many verified tokens are remembered, keyed by their exact text, so that a token
         * seen again skips signature verification and claim parsing (expiry, revocation and every
         * per-request rule are still checked). Default {@value #DEFAULT_VERIFIED_TOKEN_CACHE_SIZE} for
         * RS* and ES* algorithms, 0 (off) for HS*.
         *
         * @param size entries, 0 (off) to {@value #MAX_VERIFIED_TOKEN_CACHE_SIZE}
         * @return this builder
         */
        public Builder verifiedTokenCacheSize(int size) {
            verifiedTokenCacheSize = size;
            return this;
        }

        /**
         * Sets the clock for exp, nbf, iat and revocation expiry. Default: the system UTC clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the revocation store. Default: the one in the {@code ServletContext} attribute {@code
         * JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE}, else a new in-memory store.
         *
         * @param store the store
         * @return this builder
         */
        public Builder revocationStore(RevocationStore store) {
            revocationStore = store;
            return this;
        }

        /**
         * Adds a listener that receives one {@link dev.jwtauthfilter.audit.AuthDecision} per decided
         * request. Listeners are called in the order added.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder auditListener(AuthAuditListener listener) {
            auditListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        private static <T> List<T> listOf(T[] values) {
            return values == null ? null : Arrays.asList(values.clone());
        }

        /**
         * Validates every setting and builds the configuration.
         *
         * @return the immutable configuration
         * @throws ConfigException naming the first offending init-param and what is allowed
         */
        public JwtAuthConfig build() {
            issuers = Validation.nonBlankList(InitParams.ISSUER, issuers);
            audiences = Validation.nonBlankList(InitParams.AUDIENCE, audiences);
            algorithms = Validation.algorithms(algorithmNames);
            KeyRules.check(algorithms, secret, publicKeys, keySource, jwks);
            tokenSources = Validation.tokenSources(tokenSources);
            Validation.cookieName(cookieName);
            Validation.range(InitParams.LEEWAY_SECONDS, leewaySeconds, 0, MAX_LEEWAY_SECONDS);
            Validation.claimName(InitParams.PRINCIPAL_CLAIM, principalClaim);
            Validation.claimName(InitParams.ROLES_CLAIM, rolesClaim);
            PathPatterns excluded = PathPatterns.of(excludePaths);
            if (realm != null) {
                Validation.realm(realm);
            }
            allowedOrigins = Validation.origins(allowedOriginValues);
            if (tokenType != null) {
                tokenType = Validation.tokenType(tokenType);
            }
            if (loginPage != null) {
                Validation.loginPage(loginPage, excluded);
            }
            Validation.range(InitParams.MAX_TOKEN_LENGTH, maxTokenLength, 128, 65536);
            if (verifiedTokenCacheSize != null) {
                Validation.range(
                        InitParams.VERIFIED_TOKEN_CACHE_SIZE, verifiedTokenCacheSize, 0, MAX_VERIFIED_TOKEN_CACHE_SIZE);
            }
            return new JwtAuthConfig(this);
        }
    }
}
