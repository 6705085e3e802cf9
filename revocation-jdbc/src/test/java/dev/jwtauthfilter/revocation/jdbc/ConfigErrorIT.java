package dev.jwtauthfilter.revocation.jdbc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.it.JettyHarness;
import jakarta.servlet.ServletException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad {@code revocationStore.*} setting in {@code web.xml} stops the application at start-up on a
 * real container (Jetty then never opens its port), with a message that names the init-param and
 * never contains the password.
 */
class ConfigErrorIT {
    private static final String SECRET = "pw-3b8e1d-never-shown";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "url and dataSource both set, revocationStore.url",
        "neither url nor dataSource, revocationStore.url",
        "table prefix with SQL in it, revocationStore.tablePrefix",
        "misspelt sub-parameter, revocationStore.passwd",
        "url without a driver, revocationStore.url",
    })
    void startFailsNamingTheInitParamWithoutThePassword(String problem, String param) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("revocationStore", "jdbc");
        params.put("revocationStore.url", "jdbc:postgresql://127.0.0.1:1/app?password=" + SECRET);
        params.put("revocationStore.user", "app");
        params.put("revocationStore.password", SECRET);
        switch (problem) {
            case "url and dataSource both set" -> params.put("revocationStore.dataSource", "java:comp/env/jdbc/x");
            case "neither url nor dataSource" -> params.remove("revocationStore.url");
            case "table prefix with SQL in it" -> params.put("revocationStore.tablePrefix", "x;drop table users;--");
            case "misspelt sub-parameter" -> params.put("revocationStore.passwd", SECRET);
            case "url without a driver" -> params.put("revocationStore.url", "jdbc:nosuchdb://app:" + SECRET + "@h/db");
            default -> throw new IllegalArgumentException(problem);
        }
        JettyHarness jetty = new JettyHarness();

        Exception failure = assertThrows(Exception.class, () -> Node.start(jetty, params));

        ServletException e = assertInstanceOf(ServletException.class, failure);
        assertAll(
                () -> assertTrue(
                        e.getMessage().startsWith("Invalid JwtAuthFilter configuration: init-param '" + param + "' "),
                        e.getMessage()),
                () -> assertFalse(e.getMessage().contains(SECRET), e.getMessage()),
                () -> assertTrue(jetty.origin().getPort() < 0, "Jetty opened " + jetty.origin()));
    }
}
