package dev.jwtauthfilter.revocation.jdbc;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** What the store does with a JDBC URL: find its driver, name it without credentials, set timeouts. */
final class JdbcUrls {
    private JdbcUrls() {}

    /**
     * The URL as logs may show it: no parameters (after {@code ?} or {@code ;}, where drivers take a
     * password) and no user info (before an {@code @}).
     */
    static String redact(String url) {
        int end = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String base = url.substring(0, end);
        int at = base.lastIndexOf('@');
        if (at < 0) {
            return base;
        }
        int slashes = base.indexOf("//");
        int hostStart = slashes >= 0 && slashes < at ? slashes + 2 : schemeEnd(base);
        return base.substring(0, hostStart) + "***@" + base.substring(at + 1);
    }

    /** After {@code jdbc:<subprotocol>:}, or 0. */
    private static int schemeEnd(String url) {
        int first = url.indexOf(':');
        int second = first < 0 ? -1 : url.indexOf(':', first + 1);
        return second < 0 ? 0 : second + 1;
    }

    /**
     * The driver that accepts the URL: one registered as a service in the web app's class loader
     * (which sees {@code WEB-INF/lib} and the container's libraries), else one {@link DriverManager}
     * knows.
     */
    static Optional<Driver> driverFor(String url, ClassLoader classLoader) {
        try {
            for (Driver driver : ServiceLoader.load(Driver.class, classLoader)) {
                if (accepts(driver, url)) {
                    return Optional.of(driver);
                }
            }
        } catch (ServiceConfigurationError e) {
            // a broken driver jar; DriverManager may still know a working one
        }
        try {
            return Optional.of(DriverManager.getDriver(url));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static boolean accepts(Driver driver, String url) {
        try {
            return driver.acceptsURL(url);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Connection properties: the credentials, and for PostgreSQL the connect and login timeouts and a
     * socket timeout that ends a statement hung by a lost network (settings in the URL take
     * precedence). Other drivers take such settings in their URL.
     */
    static Properties properties(String url, String user, String password, Duration timeout) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            int seconds = JdbcBackend.seconds(timeout);
            p.setProperty("connectTimeout", Integer.toString(seconds));
            p.setProperty("loginTimeout", Integer.toString(seconds));
            // longer than the longest statement (the purge), so only a dead connection hits it
            p.setProperty("socketTimeout", Integer.toString(seconds * (JdbcBackend.PURGE_TIMEOUT_FACTOR + 1)));
            p.setProperty("ApplicationName", "jwt-auth-filter revocation store");
        }
        return p;
    }
}
