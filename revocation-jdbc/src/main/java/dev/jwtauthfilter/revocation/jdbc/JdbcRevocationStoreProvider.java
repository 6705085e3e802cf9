package dev.jwtauthfilter.revocation.jdbc;

import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreProvider;
import dev.jwtauthfilter.revocation.RevocationStoreSettings;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import java.sql.Driver;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The {@code jdbc} revocation store for {@code web.xml}: {@code revocationStore=jdbc} plus either a
 * JNDI {@code DataSource} or a JDBC URL.
 *
 * <pre>{@code
 * <init-param><param-name>revocationStore</param-name><param-value>jdbc</param-value></init-param>
 * <init-param>
 *   <param-name>revocationStore.dataSource</param-name>
 *   <param-value>java:comp/env/jdbc/revocations</param-value>
 * </init-param>
 * }</pre>
 *
 * <p>Sub-parameters (init-params {@code revocationStore.<name>}):
 *
 * <ul>
 *   <li>{@value #DATA_SOURCE}: JNDI name of a {@code javax.sql.DataSource}; or
 *   <li>{@value #URL}: a JDBC URL (exactly one of the two), with {@value #USER} and {@value
 *       #PASSWORD}; these three may be {@code env:NAME}, {@code sysprop:NAME} or {@code file:/path}
 *       references. The store then keeps up to {@value #POOL_SIZE} connections (1..100, default 8).
 *   <li>{@value #CREATE_TABLES}: {@code true} creates missing tables at start-up, default {@code false}.
 *   <li>{@value #TABLE_PREFIX}: prefix of the table names, default {@code jwt_}.
 *   <li>{@value #PURGE_INTERVAL_SECONDS}: how often expired rows are deleted, 10..86400, default 600.
 *   <li>{@value #TIMEOUT_MILLIS}: limit of each statement and of a wait for a connection,
 *       1000..60000, default 2000 (JDBC counts whole seconds: rounded up).
 *   <li>the cache options of {@link SharedRevocationStore.Options}: {@code stalenessMillis}, {@code
 *       cacheSize}, {@code failOpenSeconds}.
 * </ul>
 *
 * <p>A database that is down at start-up does not stop the application: the store answers with
 * errors (the filter: 503) until the database is back. A bad setting fails start-up with a message
 * naming the init-param, never a password.
 */
public final class JdbcRevocationStoreProvider implements RevocationStoreProvider {
    /** The {@code revocationStore} value that selects this store. */
    public static final String NAME = "jdbc";
    /** Sub-parameter: JNDI name of a {@code DataSource}, e.g. {@code java:comp/env/jdbc/revocations}. */
    public static final String DATA_SOURCE = "dataSource";
    /** Sub-parameter: JDBC URL, when there is no {@code DataSource}. */
    public static final String URL = "url";
    /** Sub-parameter: database user, with {@link #URL}. */
    public static final String USER = "user";
    /** Sub-parameter: database password, with {@link #URL}; best as a reference. */
    public static final String PASSWORD = "password";
    /** Sub-parameter: most pooled connections, with {@link #URL}, 1..100, default 8. */
    public static final String POOL_SIZE = "poolSize";
    /** Sub-parameter: create missing tables at start-up, default false. */
    public static final String CREATE_TABLES = "createTables";
    /** Sub-parameter: table name prefix, default {@code jwt_}. */
    public static final String TABLE_PREFIX = "tablePrefix";
    /** Sub-parameter: seconds between purges of expired rows, 10..86400, default 600. */
    public static final String PURGE_INTERVAL_SECONDS = "purgeIntervalSeconds";
    /** Sub-parameter: statement and connection-wait limit in milliseconds, 1000..60000, default 2000. */
    public static final String TIMEOUT_MILLIS = "timeoutMillis";

    private static final Set<String> PARAMETERS = SharedRevocationStore.Options.withStoreParameters(
            DATA_SOURCE,
            URL,
            USER,
            PASSWORD,
            POOL_SIZE,
            CREATE_TABLES,
            TABLE_PREFIX,
            PURGE_INTERVAL_SECONDS,
            TIMEOUT_MILLIS);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public JdbcRevocationStoreProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameters() {
        return PARAMETERS;
    }

    @Override
    public RevocationStore create(RevocationStoreSettings settings) {
        SharedRevocationStore.Options options = SharedRevocationStore.Options.from(settings);
        String prefix = settings.value(TABLE_PREFIX).orElse(JdbcRevocationStore.DEFAULT_TABLE_PREFIX);
        try {
            Sql.checkPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw settings.invalid(TABLE_PREFIX, Sql.PREFIX_RULE + ", was '" + prefix + "'");
        }
        boolean createTables = settings.flag(CREATE_TABLES, false);
        Duration purgeInterval = settings.seconds(
                PURGE_INTERVAL_SECONDS,
                JdbcRevocationStore.DEFAULT_PURGE_INTERVAL,
                Duration.ofSeconds(10),
                Duration.ofDays(1));
        Duration timeout = settings.millis(
                TIMEOUT_MILLIS, JdbcRevocationStore.DEFAULT_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(1));
        Optional<String> jndiName = settings.value(DATA_SOURCE);
        boolean hasUrl = settings.value(URL).isPresent();
        if (jndiName.isPresent() == hasUrl) {
            throw settings.invalid(
                    URL,
                    hasUrl
                            ? "and " + RevocationStoreSettings.PREFIX + DATA_SOURCE + " are both set; set exactly one"
                            : "or " + RevocationStoreSettings.PREFIX + DATA_SOURCE
                                    + " (a JNDI name) is required by the jdbc store");
        }
        JdbcRevocationStore.Builder builder =
                jndiName.isPresent() ? fromJndi(settings, jndiName.get()) : fromUrl(settings, timeout);
        return builder.tablePrefix(prefix)
                .createTables(createTables)
                .purgeInterval(purgeInterval)
                .timeout(timeout)
                .options(options)
                .clock(settings.clock())
                .build();
    }

    private static JdbcRevocationStore.Builder fromJndi(RevocationStoreSettings settings, String jndiName) {
        for (String urlOnly : new String[] {USER, PASSWORD, POOL_SIZE}) {
            if (settings.value(urlOnly).isPresent()) {
                throw settings.invalid(
                        urlOnly,
                        "applies only with " + RevocationStoreSettings.PREFIX + URL
                                + "; a DataSource brings its own credentials and pool");
            }
        }
        Object found;
        try {
            found = new InitialContext().lookup(jndiName);
        } catch (NamingException | RuntimeException e) {
            throw settings.invalid(
                    DATA_SOURCE,
                    "names '" + jndiName + "', which JNDI cannot look up ("
                            + e.getClass().getSimpleName()
                            + "); declare the resource in the container, e.g. a <Resource> in Tomcat's context.xml");
        }
        if (!(found instanceof DataSource dataSource)) {
            throw settings.invalid(
                    DATA_SOURCE,
                    "names '" + jndiName + "', which is a "
                            + (found == null ? "null" : found.getClass().getName()) + ", not a javax.sql.DataSource");
        }
        return JdbcRevocationStore.builder(ConnectionSource.of(dataSource), "JDBC " + jndiName);
    }

    private static JdbcRevocationStore.Builder fromUrl(RevocationStoreSettings settings, Duration timeout) {
        String url = settings.secretOrReference(URL).orElseThrow();
        if (!url.startsWith("jdbc:")) {
            // not echoed: it may carry a password
            throw settings.invalid(URL, "must be a JDBC URL starting with 'jdbc:'");
        }
        String shown = JdbcUrls.redact(url);
        Driver driver = JdbcUrls.driverFor(url, settings.classLoader())
                .orElseThrow(() -> settings.invalid(
                        URL,
                        "is " + shown + ", but no JDBC driver on the web app's class path accepts it; add the"
                                + " driver's jar (e.g. org.postgresql:postgresql, com.h2database:h2)"));
        String user = settings.secretOrReference(USER).orElse(null);
        String password = settings.secretOrReference(PASSWORD).orElse(null);
        int poolSize = settings.integer(POOL_SIZE, 8, 1, 100);
        DriverConnectionPool pool = new DriverConnectionPool(
                driver, url, JdbcUrls.properties(url, user, password, timeout), poolSize, timeout);
        return JdbcRevocationStore.builder(pool, "JDBC " + shown);
    }
}
