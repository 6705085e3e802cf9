package dev.jwtauthfilter.config;

import dev.jwtauthfilter.audit.AuthAuditListener;
import dev.jwtauthfilter.keys.KeySource;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import java.util.function.UnaryOperator;

/**
 * Turns {@code init-param}s (from {@code web.xml} or {@code FilterRegistration}) into a {@link
 * JwtAuthConfig.Builder}. Unknown names are refused, so a typo cannot silently drop a check.
 */
public final class InitParamParser {
    private final KeyReferences keys;
    private final Function<String, Object> contextAttributes;
    private final ClassLoader loader;

    private InitParamParser(KeyReferences keys, Function<String, Object> contextAttributes, ClassLoader loader) {
        this.keys = keys;
        this.loader = loader != null ? loader : InitParamParser.class.getClassLoader();
        this.contextAttributes = Objects.requireNonNull(contextAttributes, "contextAttributes");
    }

    /**
     * Creates a parser that resolves {@code env:} from the process environment, {@code sysprop:} from
     * system properties and {@code classpath:} from the given class loader. It sees no {@code
     * ServletContext} attributes, so a {@code keySource} init-param is refused as naming an attribute
     * that is not set.
     *
     * @param classLoader the class loader for {@code classpath:} references, usually the web app's
     * @return the parser
     */
    public static InitParamParser forEnvironment(ClassLoader classLoader) {
        return forEnvironment(classLoader, name -> null);
    }

    /**
     * Creates a parser as {@link #forEnvironment(ClassLoader)} does, which also looks up the {@code
     * ServletContext} attribute the {@code keySource} init-param names.
     *
     * @param classLoader the class loader for {@code classpath:} references, usually the web app's
     * @param contextAttributes attribute name to value, null when not set; usually {@code
     *     servletContext::getAttribute}
     * @return the parser
     */
    public static InitParamParser forEnvironment(ClassLoader classLoader, Function<String, Object> contextAttributes) {
        return new InitParamParser(
                new KeyReferences(System::getenv, System::getProperty, classLoader), contextAttributes, classLoader);
    }

    static InitParamParser with(UnaryOperator<String> env, UnaryOperator<String> sysprops, ClassLoader loader) {
        return with(env, sysprops, loader, name -> null);
    }

    static InitParamParser with(
            UnaryOperator<String> env,
            UnaryOperator<String> sysprops,
            ClassLoader loader,
            Function<String, Object> contextAttributes) {
        return new InitParamParser(new KeyReferences(env, sysprops, loader), contextAttributes, loader);
    }

    /**
     * Parses the parameters; blank values count as absent.
     *
     * @param params init-param names to values
     * @return a builder holding every setting; call {@code build()} to validate them together
     * @throws ConfigException naming the first offending init-param
     */
    public JwtAuthConfig.Builder parse(Map<String, String> params) {
        for (String name : params.keySet()) {
            if (!InitParams.ALL.contains(name) && !name.startsWith(InitParams.REVOCATION_STORE + ".")) {
                throw new ConfigException(
                        name,
                        "is unknown; allowed names are " + String.join(", ", InitParams.ALL) + " and "
                                + InitParams.REVOCATION_STORE + ".* (see the chosen store)");
            }
        }
        Params p = new Params(params);
        JwtAuthConfig.Builder b = JwtAuthConfig.builder();
        b.issuer(p.list(InitParams.ISSUER));
        b.audience(p.list(InitParams.AUDIENCE));
        b.algorithms(p.list(InitParams.ALGORITHMS));
        JwksSettings jwks = jwks(p);
        if (jwks != null) {
            b.jwks(jwks);
        }
        if (p.has(InitParams.SECRET)) {
            b.secret(keys.secret(p.value(InitParams.SECRET)));
        }
        if (p.has(InitParams.PUBLIC_KEY)) {
            b.publicKey(keys.publicKeys(p.value(InitParams.PUBLIC_KEY)).toArray(new PublicKey[0]));
        }
        if (p.has(InitParams.KEY_SOURCE)) {
            b.keySource(keySource(p.value(InitParams.KEY_SOURCE)));
        }
        if (p.has(InitParams.TOKEN_SOURCES)) {
            b.tokenSources(tokenSources(p.list(InitParams.TOKEN_SOURCES)));
        }
        if (p.has(InitParams.COOKIE_NAME)) {
            b.cookieName(p.value(InitParams.COOKIE_NAME));
        }
        if (p.has(InitParams.LEEWAY_SECONDS)) {
            b.leewaySeconds(p.integer(InitParams.LEEWAY_SECONDS, "0 to 300"));
        }
        if (p.has(InitParams.PRINCIPAL_CLAIM)) {
            b.principalClaim(p.value(InitParams.PRINCIPAL_CLAIM));
        }
        if (p.has(InitParams.ROLES_CLAIM)) {
            b.rolesClaim(p.value(InitParams.ROLES_CLAIM));
        }
        b.excludePaths(p.list(InitParams.EXCLUDE_PATHS));
        if (p.has(InitParams.REALM)) {
            b.realm(p.value(InitParams.REALM));
        }
        b.allowedOrigins(p.list(InitParams.ALLOWED_ORIGINS));
        if (p.has(InitParams.LOGIN_PAGE)) {
            b.loginPage(p.value(InitParams.LOGIN_PAGE));
        }
        if (p.has(InitParams.TOKEN_TYPE)) {
            b.tokenType(p.value(InitParams.TOKEN_TYPE));
        }
        if (p.has(InitParams.MAX_TOKEN_LENGTH)) {
            b.maxTokenLength(p.integer(InitParams.MAX_TOKEN_LENGTH, "128 to 65536"));
        }
        if (p.has(InitParams.VERIFIED_TOKEN_CACHE_SIZE)) {
            b.verifiedTokenCacheSize(p.integer(InitParams.VERIFIED_TOKEN_CACHE_SIZE, "0 to 1000000"));
        }
        for (String className : p.list(InitParams.AUDIT_LISTENER)) {
            b.auditListener(auditListener(className));
        }
        return b;
    }

    /** The JWKS settings, or null without {@code jwksUri}; its tuning parameters need it. */
    private static JwksSettings jwks(Params p) {
        if (!p.has(InitParams.JWKS_URI)) {
            for (JwksTuning t : JWKS_TUNING) {
                if (p.has(t.name())) {
                    throw new ConfigException(t.name(), "is set, but jwksUri is not; it tunes the JWKS client only");
                }
            }
            return null;
        }
        JwksSettings.Builder b = JwksSettings.builder(p.value(InitParams.JWKS_URI));
        for (JwksTuning t : JWKS_TUNING) {
            if (p.has(t.name())) {
                t.setter().accept(b, p.integer(t.name(), range(t.min(), t.max())));
            }
        }
        return b.build();
    }

    /** A JWKS tuning init-param: its name, the range the message states, and the builder method. */
    private record JwksTuning(String name, int min, int max, ObjIntConsumer<JwksSettings.Builder> setter) {}

    private static final List<JwksTuning> JWKS_TUNING = List.of(
            new JwksTuning(
                    InitParams.JWKS_CACHE_TTL_SECONDS,
                    JwksSettings.MIN_CACHE_TTL_SECONDS,
                    JwksSettings.MAX_CACHE_TTL_SECONDS,
                    JwksSettings.Builder::cacheTtlSeconds),
            new JwksTuning(
                    InitParams.JWKS_REFETCH_COOLDOWN_SECONDS,
                    JwksSettings.MIN_COOLDOWN_SECONDS,
                    JwksSettings.MAX_COOLDOWN_SECONDS,
                    JwksSettings.Builder::refetchCooldownSeconds),
            new JwksTuning(
                    InitParams.JWKS_STALE_SECONDS,
                    0,
                    JwksSettings.MAX_STALE_SECONDS,
                    JwksSettings.Builder::staleSeconds),
            new JwksTuning(
                    InitParams.JWKS_CONNECT_TIMEOUT_MILLIS,
                    JwksSettings.MIN_TIMEOUT_MILLIS,
                    JwksSettings.MAX_CONNECT_TIMEOUT_MILLIS,
                    JwksSettings.Builder::connectTimeoutMillis),
            new JwksTuning(
                    InitParams.JWKS_READ_TIMEOUT_MILLIS,
                    JwksSettings.MIN_TIMEOUT_MILLIS,
                    JwksSettings.MAX_READ_TIMEOUT_MILLIS,
                    JwksSettings.Builder::readTimeoutMillis),
            new JwksTuning(
                    InitParams.JWKS_MAX_BYTES,
                    JwksSettings.MIN_MAX_BYTES,
                    JwksSettings.MAX_MAX_BYTES,
                    JwksSettings.Builder::maxBytes),
            new JwksTuning(InitParams.JWKS_MAX_KEYS, 1, JwksSettings.MAX_MAX_KEYS, JwksSettings.Builder::maxKeys));

    private static String range(int min, int max) {
        return min + " to " + max;
    }

    private AuthAuditListener auditListener(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(
                    InitParams.AUDIT_LISTENER,
                    "names the class '" + className + "', which the web application cannot load (" + e + ")");
        }
        if (!AuthAuditListener.class.isAssignableFrom(type)) {
            throw new ConfigException(
                    InitParams.AUDIT_LISTENER,
                    "names the class '" + className + "', which does not implement "
                            + AuthAuditListener.class.getName());
        }
        try {
            return (AuthAuditListener) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            throw new ConfigException(
                    InitParams.AUDIT_LISTENER,
                    "names the class '" + className + "', which could not be created with a public no-arg"
                            + " constructor (" + cause + ")");
        }
    }

    private KeySource keySource(String attributeName) {
        Object value = contextAttributes.apply(attributeName);
        if (value == null) {
            throw new ConfigException(
                    InitParams.KEY_SOURCE,
                    "names the ServletContext attribute '" + attributeName + "', which is not set; publish your"
                            + " KeySource there from a ServletContextListener (listeners start before filters)");
        }
        if (!(value instanceof KeySource)) {
            throw new ConfigException(
                    InitParams.KEY_SOURCE,
                    "names the ServletContext attribute '" + attributeName + "', which holds a "
                            + value.getClass().getName() + ", not a " + KeySource.class.getName());
        }
        return (KeySource) value;
    }

    private static TokenSource[] tokenSources(String[] values) {
        List<TokenSource> out = new ArrayList<>();
        for (String v : values) {
            TokenSource source = Arrays.stream(TokenSource.values())
                    .filter(s -> s.paramValue().equals(v.toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new ConfigException(
                            InitParams.TOKEN_SOURCES, "has the value '" + v + "'; allowed are cookie and header"));
            out.add(source);
        }
        return out.toArray(new TokenSource[0]);
    }

    /** Raw values, trimmed, blank meaning absent. */
    private static final class Params {
        private final Map<String, String> raw;

        Params(Map<String, String> raw) {
            this.raw = raw;
        }

        boolean has(String name) {
            String v = raw.get(name);
            return v != null && !v.isBlank();
        }

        String value(String name) {
            return raw.get(name).strip();
        }

        String[] list(String name) {
            if (!has(name)) {
                return new String[0];
            }
            return Arrays.stream(value(name).split(",", -1)).map(String::strip).toArray(String[]::new);
        }

        int integer(String name, String allowed) {
            try {
                return Integer.parseInt(value(name));
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        name, "must be a whole number from " + allowed + ", was '" + value(name) + "'");
            }
        }
    }
}
