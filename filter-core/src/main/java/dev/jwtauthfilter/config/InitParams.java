package dev.jwtauthfilter.config;

import java.util.List;

/**
 * The names of the filter's {@code init-param}s. README documents each with its default; {@link
 * JwtAuthConfig.Builder} has one method per name.
 */
public final class InitParams {
    /** Accepted {@code iss} values, comma-separated, exact match. Required. */
    public static final String ISSUER = "issuer";
    /** This application's audience values, comma-separated; {@code aud} must contain one. Required. */
    public static final String AUDIENCE = "audience";
    /** Allowed algorithms, comma-separated, case-sensitive (HS/RS/ES 256/384/512). Required. */
    public static final String ALGORITHMS = "algorithms";
    /** HMAC key reference: {@code env:NAME}, {@code sysprop:NAME} or {@code file:/path}. */
    public static final String SECRET = "secret";
    /** PEM public key or X.509 certificate: {@code file:/path}, {@code classpath:/path}, {@code env:NAME}. */
    public static final String PUBLIC_KEY = "publicKey";
    /**
     * A JWKS URL (RFC 7517) whose keys verify tokens, chosen by {@code kid}; {@code https}, or {@code
     * http} for a loopback host only. RS* and ES* algorithms only.
     */
    public static final String JWKS_URI = "jwksUri";
    /**
     * Seconds to keep the JWKS when its response has no {@code Cache-Control: max-age}, 60..86400.
     * Default {@code 600}.
     */
    public static final String JWKS_CACHE_TTL_SECONDS = "jwksCacheTtlSeconds";
    /** Least seconds between two fetches caused by unknown {@code kid}s, 1..3600. Default {@code 30}. */
    public static final String JWKS_REFETCH_COOLDOWN_SECONDS = "jwksRefetchCooldownSeconds";
    /**
     * Seconds the last good keys keep verifying past their expiry while the JWKS endpoint fails,
     * 0..604800. Default {@code 86400}.
     */
    public static final String JWKS_STALE_SECONDS = "jwksStaleSeconds";
    /** Connect timeout of a JWKS fetch, 100..30000 milliseconds. Default {@code 2000}. */
    public static final String JWKS_CONNECT_TIMEOUT_MILLIS = "jwksConnectTimeoutMillis";
    /** Time for the JWKS response once connected, 100..60000 milliseconds. Default {@code 3000}. */
    public static final String JWKS_READ_TIMEOUT_MILLIS = "jwksReadTimeoutMillis";
    /** Largest JWKS response body read, 1024..1048576 bytes. Default {@code 65536}. */
    public static final String JWKS_MAX_BYTES = "jwksMaxBytes";
    /** Most keys a JWKS may hold, 1..1000. Default {@code 50}. */
    public static final String JWKS_MAX_KEYS = "jwksMaxKeys";
    /**
     * Name of a {@code ServletContext} attribute holding a {@link dev.jwtauthfilter.keys.KeySource}
     * (public keys chosen by {@code kid}, changing at run time). RS* and ES* algorithms only.
     */
    public static final String KEY_SOURCE = "keySource";
    /** Where to look for the token, in order: {@code cookie}, {@code header}. Default {@code cookie,header}. */
    public static final String TOKEN_SOURCES = "tokenSources";
    /** Name of the cookie holding the token. Default {@code access_token}. */
    public static final String COOKIE_NAME = "cookieName";
    /** Clock skew allowed for exp/nbf/iat, 0..300 seconds. Default {@code 30}. */
    public static final String LEEWAY_SECONDS = "leewaySeconds";
    /** Claim naming the principal. Default {@code sub}. */
    public static final String PRINCIPAL_CLAIM = "principalClaim";
    /** Claim holding the roles, a dotted path reaches nested objects. Default {@code roles}. */
    public static final String ROLES_CLAIM = "rolesClaim";
    /** Paths that need no token: exact, {@code /prefix/*} or {@code *.ext}, comma-separated. */
    public static final String EXCLUDE_PATHS = "excludePaths";
    /** The realm in {@code WWW-Authenticate}. Default: the context path, or {@code api}. */
    public static final String REALM = "realm";
    /** Extra origins trusted for cookie-authenticated unsafe requests, comma-separated. */
    public static final String ALLOWED_ORIGINS = "allowedOrigins";
    /** Where browser navigations without a valid token are redirected. Default: none (401). */
    public static final String LOGIN_PAGE = "loginPage";
    /** Longest token accepted, in characters. Default {@code 8192}. */
    public static final String MAX_TOKEN_LENGTH = "maxTokenLength";

    /**
     * Verified tokens remembered by exact text, so that repeated requests skip the signature check,
     * 0 (off)..1000000. Default 10000 for RS* and ES*, 0 for HS*.
     */
    public static final String VERIFIED_TOKEN_CACHE_SIZE = "verifiedTokenCacheSize";

    /**
     * The revocation store: {@code memory} (default), or the name of a {@link
     * dev.jwtauthfilter.revocation.RevocationStoreProvider} on the class path ({@code redis}, {@code
     * jdbc}); its settings are the init-params starting with {@code revocationStore.}. Read by the
     * filter at {@code init()} through {@link dev.jwtauthfilter.revocation.RevocationStores}.
     */
    public static final String REVOCATION_STORE = "revocationStore";

    /**
     * Audit listeners: comma-separated names of classes implementing {@link
     * dev.jwtauthfilter.audit.AuthAuditListener} with a public no-arg constructor, loaded from the web
     * application, e.g. {@code dev.jwtauthfilter.audit.LoggingAuditListener}. Default: none.
     */
    public static final String AUDIT_LISTENER = "auditListener";

    /**
     * The {@code typ} header every token must carry (RFC 8725 §3.11, RFC 9068 §4), e.g. {@code at+jwt};
     * compared case-insensitively, {@code application/} implied. Default: not checked.
     */
    public static final String TOKEN_TYPE = "tokenType";

    /** Every name above, in documentation order. */
    public static final List<String> ALL = List.of(
            ISSUER,
            AUDIENCE,
            ALGORITHMS,
            SECRET,
            PUBLIC_KEY,
            JWKS_URI,
            JWKS_CACHE_TTL_SECONDS,
            JWKS_REFETCH_COOLDOWN_SECONDS,
            JWKS_STALE_SECONDS,
            JWKS_CONNECT_TIMEOUT_MILLIS,
            JWKS_READ_TIMEOUT_MILLIS,
            JWKS_MAX_BYTES,
            JWKS_MAX_KEYS,
            KEY_SOURCE,
            TOKEN_SOURCES,
            COOKIE_NAME,
            LEEWAY_SECONDS,
            PRINCIPAL_CLAIM,
            ROLES_CLAIM,
            EXCLUDE_PATHS,
            REALM,
            ALLOWED_ORIGINS,
            LOGIN_PAGE,
            MAX_TOKEN_LENGTH,
            TOKEN_TYPE,
            VERIFIED_TOKEN_CACHE_SIZE,
            REVOCATION_STORE,
            AUDIT_LISTENER);

    private InitParams() {}
}
