package dev.jwtauthfilter;

import dev.jwtauthfilter.audit.AuthAuditListener;
import dev.jwtauthfilter.config.ConfigException;
import dev.jwtauthfilter.config.InitParamParser;
import dev.jwtauthfilter.config.JwtAuthConfig;
import dev.jwtauthfilter.config.TokenSource;
import dev.jwtauthfilter.csrf.OriginCheck;
import dev.jwtauthfilter.error.ErrorResponder;
import dev.jwtauthfilter.error.LoginRedirect;
import dev.jwtauthfilter.jwks.JwksKeySource;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.keys.KeySourceException;
import dev.jwtauthfilter.principal.AuthenticatedRequest;
import dev.jwtauthfilter.principal.JwtPrincipal;
import dev.jwtauthfilter.principal.PrincipalFactory;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.RevocationStores;
import dev.jwtauthfilter.revocation.TokenIdentity;
import dev.jwtauthfilter.token.InvalidTokenRequestException;
import dev.jwtauthfilter.token.ResolvedToken;
import dev.jwtauthfilter.token.TokenResolver;
import dev.jwtauthfilter.verify.RejectionReason;
import dev.jwtauthfilter.verify.TokenRejectedException;
import dev.jwtauthfilter.verify.TokenVerifier;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Authenticates every request by a signed JWT from an HttpOnly cookie or an {@code Authorization:
 * Bearer} header, and hands downstream servlets a standard principal.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>jwt</filter-name>
 *   <filter-class>dev.jwtauthfilter.JwtAuthFilter</filter-class>
 *   <init-param><param-name>issuer</param-name><param-value>https://login.example.com</param-value></init-param>
 *   <init-param><param-name>audience</param-name><param-value>orders-api</param-value></init-param>
 *   <init-param><param-name>algorithms</param-name><param-value>ES256</param-value></init-param>
 *   <init-param><param-name>publicKey</param-name><param-value>file:/etc/myapp/issuer.pem</param-value></init-param>
 *   <init-param><param-name>excludePaths</param-name><param-value>/login,/static/*</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>jwt</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * <p>The init-params are listed in {@link dev.jwtauthfilter.config.InitParams} and README, each with
 * its default. Every bad setting stops {@link #init} with a {@link ServletException} naming it.
 *
 * <p>Keys that change at run time come from a {@link dev.jwtauthfilter.keys.KeySource} instead of
 * {@code publicKey}: the {@code keySource} init-param names the {@code ServletContext} attribute that
 * holds it (publish it from a {@code ServletContextListener}, which starts before filters), and each
 * token's key is chosen by its {@code kid}. Keys an issuer publishes as a JWKS come from the {@code
 * jwksUri} init-param: the filter fetches them in {@link #init}, keeps them fresh with one background
 * thread (stopped in {@link #destroy}) and answers 503 while it has none (see {@link
 * dev.jwtauthfilter.jwks.JwksKeySource}).
 *
 * <p>Counters (tokens accepted, rejected by reason, 503s, JWKS fetches) are published as a {@link
 * JwtAuthMetrics} in the {@code ServletContext} attribute {@link #METRICS_ATTRIBUTE}.
 *
 * <p>Per request: find the token; verify it; ask the revocation store; for a cookie token on an
 * unsafe method, check the origin; then call the chain with a request whose {@code
 * getUserPrincipal()} is a {@link JwtPrincipal}. Refusals are 400/401 with an RFC 6750 challenge,
 * 403 for a cross-origin cookie request, 503 if the revocation store or the key source is down; the
 * chain is not called.
 */
public class JwtAuthFilter implements Filter {
    /** Request attribute holding the verified claims as an immutable {@code Map<String, Object>}. */
    public static final String CLAIMS_ATTRIBUTE = "dev.jwtauthfilter.claims";

    /**
     * {@code ServletContext} attribute holding the filter's {@link RevocationStore}, for logout code.
     * An application may also put its own store there before the filter starts; the filter then uses
     * it.
     */
    public static final String REVOCATION_STORE_ATTRIBUTE = "dev.jwtauthfilter.revocationStore";

    /**
     * {@code ServletContext} attribute holding the filter's {@link JwtAuthMetrics}, set in {@link
     * #init}. An application with several of these filters finds each one's also under this name plus
     * {@code "."} plus the filter name.
     */
    public static final String METRICS_ATTRIBUTE = "dev.jwtauthfilter.metrics";

    /**
     * {@code ServletContext} attribute where an application may put an {@link AuthAuditListener}
     * before the filter starts; it receives the decisions as the listeners of the {@code
     * auditListener} init-param do.
     */
    public static final String AUDIT_LISTENER_ATTRIBUTE = "dev.jwtauthfilter.auditListener";

    /** What {@code request.getAuthType()} returns for requests this filter authenticated. */
    public static final String AUTH_TYPE = "JWT";

    private final JwtAuthConfig presetConfig;
    private Pipeline pipeline;
    private JwksKeySource jwks;
    private RevocationStore ownedStore;

    /** Creates a filter configured by its {@code init-param}s, as {@code web.xml} does. */
    public JwtAuthFilter() {
        this.presetConfig = null;
    }

    /**
     * Creates a filter with a configuration built in code; init-params are then not read.
     *
     * @param config the configuration
     */
    public JwtAuthFilter(JwtAuthConfig config) {
        this.presetConfig = java.util.Objects.requireNonNull(config, "config");
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        destroy(); // a second init() must not leave the first JWKS refresh thread running
        ServletContext context = filterConfig.getServletContext();
        JwtAuthConfig config;
        try {
            if (presetConfig != null) {
                config = presetConfig;
            } else {
                Map<String, String> params = initParams(filterConfig);
                ClassLoader loader = classLoader(context);
                config = InitParamParser.forEnvironment(loader, context::getAttribute)
                        .parse(params)
                        .build();
                ownedStore = RevocationStores.fromInitParams(params, loader, config.clock())
                        .orElse(null);
            }
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        RevocationStore store = ownedStore != null ? ownedStore : revocationStore(config, context);
        context.setAttribute(REVOCATION_STORE_ATTRIBUTE, store);
        String realm = config.realmFor(context.getContextPath());
        String filterName = filterConfig.getFilterName();
        JwksKeySource remoteKeys = null;
        JwtAuthMetrics metrics;
        if (config.jwks().isPresent()) {
            MetricsHolder holder = new MetricsHolder();
            remoteKeys = new JwksKeySource(
                    config.jwks().get(),
                    config.clock(),
                    "JwtAuthFilter '" + filterName + "' JWKS refresh",
                    holder::logCounters);
            metrics = new JwtAuthMetrics(remoteKeys);
            holder.metrics = metrics;
        } else {
            metrics = new JwtAuthMetrics(null);
        }
        context.setAttribute(METRICS_ATTRIBUTE, metrics);
        context.setAttribute(METRICS_ATTRIBUTE + "." + filterName, metrics);
        AuthLog.configured(filterName, config, realm);
        AuditTrail audit = new AuditTrail(auditListeners(config, context), config.clock());
        pipeline = new Pipeline(config, remoteKeys, store, metrics, realm, audit);
        if (remoteKeys != null) {
            jwks = remoteKeys.start();
        }
    }

    /** Lets the JWKS client log the counters after each fetch, once they exist. */
    private static final class MetricsHolder {
        private volatile JwtAuthMetrics metrics;

        void logCounters() {
            JwtAuthMetrics m = metrics;
            if (m != null) {
                AuthLog.counters(m.snapshot());
            }
        }
    }

    /**
     * Stops the JWKS refresh thread, if the filter has one, and closes the revocation store it
     * created from its {@code revocationStore} init-param.
     */
    @Override
    public void destroy() {
        JwksKeySource remoteKeys = jwks;
        jwks = null;
        if (remoteKeys != null) {
            remoteKeys.close();
        }
        RevocationStore store = ownedStore;
        ownedStore = null;
        if (store != null) {
            store.close();
        }
    }

    private static Map<String, String> initParams(FilterConfig filterConfig) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(filterConfig.getInitParameterNames())) {
            params.put(name, filterConfig.getInitParameter(name));
        }
        return params;
    }

    private static ClassLoader classLoader(ServletContext context) {
        ClassLoader loader = context.getClassLoader();
        return loader != null ? loader : JwtAuthFilter.class.getClassLoader();
    }

    private static RevocationStore revocationStore(JwtAuthConfig config, ServletContext context)
            throws ServletException {
        if (config.revocationStore().isPresent()) {
            return config.revocationStore().get();
        }
        Object existing = context.getAttribute(REVOCATION_STORE_ATTRIBUTE);
        if (existing == null) {
            return new InMemoryRevocationStore(config.clock());
        }
        if (existing instanceof RevocationStore) {
            return (RevocationStore) existing;
        }
        throw new ServletException("Invalid JwtAuthFilter configuration: ServletContext attribute "
                + REVOCATION_STORE_ATTRIBUTE + " holds a " + existing.getClass().getName()
                + ", not a dev.jwtauthfilter.revocation.RevocationStore");
    }

    private static List<AuthAuditListener> auditListeners(JwtAuthConfig config, ServletContext context)
            throws ServletException {
        List<AuthAuditListener> listeners = new ArrayList<>(config.auditListeners());
        Object published = context.getAttribute(AUDIT_LISTENER_ATTRIBUTE);
        if (published instanceof AuthAuditListener) {
            listeners.add((AuthAuditListener) published);
        } else if (published != null) {
            throw new ServletException("Invalid JwtAuthFilter configuration: ServletContext attribute "
                    + AUDIT_LISTENER_ATTRIBUTE + " holds a "
                    + published.getClass().getName()
                    + ", not a " + AuthAuditListener.class.getName());
        }
        return listeners;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (pipeline == null) {
            throw new ServletException("JwtAuthFilter has not been initialised");
        }
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            throw new ServletException("JwtAuthFilter handles HTTP requests only");
        }
        pipeline.handle((HttpServletRequest) req, (HttpServletResponse) res, chain);
    }

    /** The path within the application: servlet path plus path info, {@code "/"} when both are empty. */
    static String contextRelativePath(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path;
        if (pathInfo == null) {
            path = servletPath == null ? "" : servletPath; // the usual case: no new string
        } else {
            path = servletPath == null ? pathInfo : servletPath + pathInfo;
        }
        return path.isEmpty() ? "/" : path;
    }

    /** The collaborators built once at init; {@link #handle} only wires them together. */
    private static final class Pipeline {
        private final JwtAuthConfig config;
        private final TokenResolver resolver;
        private final TokenVerifier verifier;
        private final PrincipalFactory principals;
        private final RevocationStore store;
        private final OriginCheck originCheck;
        private final ErrorResponder errors;
        private final LoginRedirect loginRedirect;
        private final JwtAuthMetrics metrics;
        private final boolean keyOutagesLoggedBySource;
        private final StoreOutageLog storeOutage = new StoreOutageLog();
        private final VerifiedTokenCache verifiedTokens;
        private final AuditTrail audit;

        Pipeline(
                JwtAuthConfig config,
                KeySource remoteKeys,
                RevocationStore store,
                JwtAuthMetrics metrics,
                String realm,
                AuditTrail audit) {
            this.config = config;
            this.audit = audit;
            this.resolver = new TokenResolver(config);
            this.verifier = remoteKeys != null ? new TokenVerifier(config, remoteKeys) : new TokenVerifier(config);
            this.metrics = metrics;
            this.keyOutagesLoggedBySource = remoteKeys != null;
            this.principals = new PrincipalFactory(config);
            this.verifiedTokens = config.verifiedTokenCacheSize() == 0
                    ? null
                    : new VerifiedTokenCache(
                            config.verifiedTokenCacheSize(), config.clock(), config.leeway(), verifier);
            this.store = store;
            this.originCheck = new OriginCheck(config);
            this.errors = new ErrorResponder(realm);
            this.loginRedirect = config.loginPage().map(LoginRedirect::new).orElse(null);
        }

        void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (!config.excludePaths().isEmpty() && config.excludePaths().matches(contextRelativePath(request))) {
                chain.doFilter(request, response);
                return;
            }
            ResolvedToken token;
            try {
                token = resolver.resolve(request);
            } catch (InvalidTokenRequestException e) {
                AuthLog.invalidRequest(e.getMessage());
                audit.refused(request, 400, e.getMessage(), null, null);
                errors.invalidRequest(response);
                return;
            }
            if (token == null) {
                AuthLog.noToken();
                boolean redirected = redirected(request, response);
                audit.refused(request, redirected ? LoginRedirect.STATUS : 401, "no_token", null, null);
                if (!redirected) {
                    errors.missingToken(response);
                }
                return;
            }
            JwtPrincipal principal;
            try {
                principal = verify(token);
            } catch (TokenRejectedException e) {
                refuseToken(request, response, token, e.reason(), null);
                return;
            } catch (KeySourceException e) {
                metrics.unavailable();
                if (keyOutagesLoggedBySource) {
                    AuthLog.jwksUnavailable(e);
                } else {
                    AuthLog.keysUnavailable(e);
                }
                audit.unavailable(request, "keys_unavailable", null, token);
                errors.unavailable(response);
                return;
            }
            RejectionReason revoked;
            try {
                revoked = revocationCheck(principal);
            } catch (RevocationStoreException e) {
                metrics.unavailable();
                storeOutage.failed(e.getCause());
                audit.unavailable(request, "store_unavailable", principal.getName(), token);
                errors.unavailable(response);
                return;
            }
            if (revoked != null) {
                refuseToken(request, response, token, revoked, principal.getName());
                return;
            }
            if (token.source() == TokenSource.COOKIE && !originCheck.allows(request)) {
                AuthLog.crossOrigin(request.getMethod());
                audit.refused(request, 403, "cross_origin", principal.getName(), token);
                errors.crossOriginRefused(response);
                return;
            }
            HttpServletRequest authenticated = new AuthenticatedRequest(request, principal, AUTH_TYPE);
            authenticated.setAttribute(CLAIMS_ATTRIBUTE, principal.getClaims());
            metrics.accepted();
            audit.accepted(request, principal.getName(), token);
            chain.doFilter(authenticated, response);
        }

        private void refuseToken(
                HttpServletRequest request,
                HttpServletResponse response,
                ResolvedToken token,
                RejectionReason reason,
                String principal)
                throws IOException {
            metrics.rejected(reason);
            AuthLog.rejected(reason, token);
            boolean redirected = redirected(request, response);
            audit.refused(request, redirected ? LoginRedirect.STATUS : 401, reason.code(), principal, token);
            if (!redirected) {
                errors.invalidToken(response);
            }
        }

        private JwtPrincipal verify(ResolvedToken token) throws TokenRejectedException {
            JwtPrincipal principal = verifiedTokens == null ? null : verifiedTokens.lookup(token.value());
            if (principal == null) {
                return verifyAndRemember(token.value());
            }
            metrics.verifiedTokenCacheHit();
            return principal;
        }

        /** The reason the store refuses a verified token, or null if it may pass. */
        private RejectionReason revocationCheck(JwtPrincipal principal) {
            if (principal.getJwtId() == null && askStore(store::requiresJwtId)) {
                return RejectionReason.MISSING_JWT_ID;
            }
            TokenIdentity identity = new TokenIdentity(
                    principal.getIssuer(),
                    principal.getJwtId(),
                    principal.getSubject(),
                    principal.getIssuedAt(),
                    principal.getExpiresAt());
            boolean revoked = askStore(() -> store.isRevoked(identity));
            storeOutage.answered();
            return revoked ? RejectionReason.REVOKED : null;
        }

        private JwtPrincipal verifyAndRemember(String token) throws TokenRejectedException {
            if (verifiedTokens == null) {
                return principals.create(verifier.verify(token));
            }
            TokenVerifier.Verified verified = verifier.verifyWithKey(token);
            JwtPrincipal principal = principals.create(verified.jwt());
            verifiedTokens.put(token, verified, principal);
            return principal;
        }

        /** Any failure of the store, whatever its type, is an outage: fail closed. */
        private <T> T askStore(Supplier<T> question) {
            try {
                return question.get();
            } catch (RuntimeException e) {
                throw new RevocationStoreException("revocation store failed", e);
            }
        }

        private boolean redirected(HttpServletRequest request, HttpServletResponse response) {
            return loginRedirect != null && loginRedirect.redirectIfNavigation(request, response);
        }
    }
}
