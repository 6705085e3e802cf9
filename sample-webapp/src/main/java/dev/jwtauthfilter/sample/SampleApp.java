package dev.jwtauthfilter.sample;

import dev.jwtauthfilter.JwtAuthFilter;
import dev.jwtauthfilter.config.JwksSettings;
import dev.jwtauthfilter.jwks.JwksKeySource;
import dev.jwtauthfilter.keys.KeySource;
import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStores;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Wires the sample at start-up, before any filter starts: builds the issuing side (users, signing
 * keys, token services), publishes the key ring under {@link #KEY_SOURCE_ATTRIBUTE} for the {@code
 * JwtAuthFilter} declared in {@code web.xml}, and registers the servlets.
 */
public final class SampleApp implements ServletContextListener {
    /** The {@code ServletContext} attribute the pages filter's {@code keySource} init-param names. */
    public static final String KEY_SOURCE_ATTRIBUTE = "dev.jwtauthfilter.sample.keys";

    /** The {@code ServletContext} attribute the API filter's {@code keySource} init-param names. */
    public static final String API_KEY_SOURCE_ATTRIBUTE = "dev.jwtauthfilter.sample.apiKeys";

    /**
     * Context-param or system property: the JWKS URL the API filter fetches its keys from (the
     * multi-service setup); unset, it uses the in-process key ring.
     */
    public static final String API_JWKS_URI = "sample.apiJwksUri";

    /**
     * Context-param or system property prefix choosing the revocation store shared by both filters
     * and the logout code: {@code sample.revocationStore} ({@code memory}, {@code redis}, {@code
     * jdbc}) and {@code sample.revocationStore.*}, named as the filter's {@code revocationStore}
     * init-params; system properties win.
     */
    public static final String REVOCATION_STORE = "sample.revocationStore";

    private JwksKeySource apiJwks;
    private RevocationStore revocationStore;

    /** Creates the listener; the container calls it. */
    public SampleApp() {}

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Clock clock = Clock.systemUTC();
        Settings settings = Settings.from(context);
        UserDirectory users = loadUsers(context);
        SigningKeys keys = new SigningKeys(clock, settings.accessTokenLifetime().plus(Settings.VERIFIER_LEEWAY));
        context.setAttribute(KEY_SOURCE_ATTRIBUTE, keys);
        context.setAttribute(API_KEY_SOURCE_ATTRIBUTE, apiKeys(context, keys, clock));
        // One store for both filters and the logout code, in place before either filter starts.
        revocationStore = revocationStore(context, clock);
        context.setAttribute(JwtAuthFilter.REVOCATION_STORE_ATTRIBUTE, revocationStore);

        AccessTokens accessTokens = new AccessTokens(settings, keys, clock);
        RefreshTokens refreshTokens = new RefreshTokens(clock, settings.refreshTokenLifetime());
        Sessions sessions = new Sessions(settings, accessTokens, refreshTokens, context, clock);

        // Before the web.xml filters, so that the filter's 401/403 carry these headers too.
        context.addFilter("security-headers", new SecurityHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");

        // Issuing side (excluded from the filter in web.xml, except logout).
        context.addServlet("login", new LoginServlet(users, sessions)).addMapping("/login");
        context.addServlet("refresh", new RefreshServlet(refreshTokens, users, sessions))
                .addMapping(AuthCookies.REFRESH_PATH);
        context.addServlet("token", new TokenServlet(users, accessTokens, settings.accessTokenLifetime()))
                .addMapping("/api/token");
        context.addServlet("logout", new LogoutServlet(sessions, false)).addMapping("/logout");
        context.addServlet("logout-all", new LogoutServlet(sessions, true)).addMapping("/logout-all");
        context.addServlet("jwks", new JwksServlet(keys)).addMapping("/.well-known/jwks.json");
        context.addServlet("rotate-key", new RotateKeyServlet(keys)).addMapping("/admin/rotate-key");

        // Verifying side (behind the filter).
        context.addServlet("root", new RootRedirect()).addMapping("");
        context.addServlet("app", new AppPageServlet()).addMapping("/app");
        context.addServlet("admin", new AdminServlet(keys, apiJwks)).addMapping("/admin");
        context.addServlet("me", new MeServlet()).addMapping("/api/me");
        context.addServlet("todos", new TodoServlet(new TodoStore())).addMapping("/api/todos", "/api/todos/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (apiJwks != null) {
            apiJwks.close();
        }
        if (revocationStore != null) {
            revocationStore.close();
        }
        deregisterJdbcDrivers();
    }

    /**
     * The drivers in {@code WEB-INF/lib} registered themselves with {@code DriverManager} when the jdbc
     * store loaded them; left there, they would pin this app's class loader after it stops (Tomcat
     * warns about it).
     */
    private static void deregisterJdbcDrivers() {
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == SampleApp.class.getClassLoader()) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    throw new IllegalStateException(
                            "Cannot deregister " + driver.getClass().getName(), e);
                }
            }
        }
    }

    /**
     * The store from {@code sample.revocationStore*} settings, through the same providers and
     * sub-parameter names as the filter's {@code revocationStore} init-param; in memory by default.
     */
    private static RevocationStore revocationStore(ServletContext context, Clock clock) {
        Map<String, String> params = new HashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith(REVOCATION_STORE)) {
                params.put(name.substring("sample.".length()), context.getInitParameter(name));
            }
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(REVOCATION_STORE)) {
                params.put(name.substring("sample.".length()), System.getProperty(name));
            }
        }
        return RevocationStores.fromInitParams(params, SampleApp.class.getClassLoader(), clock)
                .orElseGet(() -> new InMemoryRevocationStore(clock));
    }

    /**
     * The API filter's keys: the key ring itself, or, in the multi-service setup, the filter's own
     * JWKS client pointed at this app's JWKS endpoint, as a separate API service with {@code jwksUri}
     * would run it. It is not started here: the server is not listening yet, so the first request
     * fetches the keys (a failed fetch at start-up would hold requests off for a cooldown).
     */
    private KeySource apiKeys(ServletContext context, SigningKeys keys, Clock clock) {
        String uri = System.getProperty(API_JWKS_URI, context.getInitParameter(API_JWKS_URI));
        if (uri == null || uri.isBlank()) {
            return keys;
        }
        // A short cooldown: an admin's rotation shows up at once here; a real service keeps the default.
        JwksSettings settings =
                JwksSettings.builder(uri.strip()).refetchCooldownSeconds(1).build();
        apiJwks = new JwksKeySource(settings, clock, "sample-api-jwks", () -> {});
        return apiJwks;
    }

    private static UserDirectory loadUsers(ServletContext context) {
        try (InputStream in = context.getResourceAsStream("/WEB-INF/users.properties")) {
            if (in == null) {
                throw new IllegalStateException("WEB-INF/users.properties is missing");
            }
            return UserDirectory.load(in, new PasswordHasher());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read WEB-INF/users.properties", e);
        }
    }

    /** {@code GET /} goes to the app (the filter then sends signed-out browsers to the login page). */
    private static final class RootRedirect extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            response.setStatus(302);
            response.setHeader("Location", request.getContextPath() + "/app");
        }
    }
}
