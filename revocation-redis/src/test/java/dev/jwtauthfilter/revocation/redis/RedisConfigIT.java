package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.it.ContainerHarness;
import dev.jwtauthfilter.it.Deployment;
import dev.jwtauthfilter.it.JettyHarness;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import jakarta.servlet.ServletException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad Redis setting in {@code web.xml} stops the application at start-up, on a real Jetty, with
 * a message that names the init-param and never shows the password. No Redis is needed: nothing
 * must be attempted before the settings are valid.
 */
class RedisConfigIT {
    private static final String SECRET = "s3cret-Pa55word";

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("no url", Map.of(), "revocationStore.url"),
                Arguments.of(
                        "not a Redis scheme",
                        Map.of("revocationStore.url", "http://:" + SECRET + "@h:6379"),
                        "revocationStore.url"),
                Arguments.of(
                        "port out of range",
                        Map.of("revocationStore.url", "redis://:" + SECRET + "@h:99999"),
                        "revocationStore.url"),
                Arguments.of(
                        "not a URL",
                        Map.of("revocationStore.url", "redis://:" + SECRET + "@h 1:6379"),
                        "revocationStore.url"),
                Arguments.of(
                        "no database number",
                        Map.of("revocationStore.url", "redis://:" + SECRET + "@h/x"),
                        "revocationStore.url"),
                Arguments.of(
                        "password without ':'",
                        Map.of("revocationStore.url", "redis://" + SECRET + "@h"),
                        "revocationStore.url"),
                Arguments.of(
                        "unset variable",
                        Map.of("revocationStore.url", "env:JWTAUTH_TEST_NO_SUCH_VARIABLE"),
                        "revocationStore.url"),
                Arguments.of(
                        "unknown sub-param",
                        Map.of(
                                "revocationStore.url",
                                "redis://:" + SECRET + "@127.0.0.1:6379",
                                "revocationStore.passwrd",
                                SECRET),
                        "revocationStore.passwrd"),
                Arguments.of(
                        "timeout out of range",
                        Map.of(
                                "revocationStore.url",
                                "redis://:" + SECRET + "@127.0.0.1:6379",
                                "revocationStore.timeoutMillis",
                                "10"),
                        "revocationStore.timeoutMillis"),
                Arguments.of(
                        "pool size out of range",
                        Map.of(
                                "revocationStore.url",
                                "redis://:" + SECRET + "@127.0.0.1:6379",
                                "revocationStore.poolSize",
                                "0"),
                        "revocationStore.poolSize"),
                Arguments.of(
                        "key prefix with a space",
                        Map.of(
                                "revocationStore.url",
                                "redis://:" + SECRET + "@127.0.0.1:6379",
                                "revocationStore.keyPrefix",
                                "my app:"),
                        "revocationStore.keyPrefix"),
                Arguments.of(
                        "staleness out of range",
                        Map.of(
                                "revocationStore.url",
                                "redis://:" + SECRET + "@127.0.0.1:6379",
                                "revocationStore.stalenessMillis",
                                "50"),
                        "revocationStore.stalenessMillis"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void aBadRedisSettingFailsStartUpNamingTheInitParamWithoutThePassword(
            String why, Map<String, String> settings, String namedParam) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("issuer", TestTokens.ISSUER);
        params.put("audience", TestTokens.AUDIENCE);
        params.put("algorithms", "RS256");
        params.put("publicKey", "classpath:/keys/" + TestKeys.RSA + "-public.pem");
        params.put("revocationStore", "redis");
        params.putAll(settings);
        ContainerHarness jetty = new JettyHarness();
        try {
            Exception failure =
                    assertThrows(Exception.class, () -> jetty.start(List.of(Deployment.byInitParams("/app", params))));

            ServletException servletFailure = assertInstanceOf(ServletException.class, failure);
            String message = servletFailure.getMessage();
            assertAll(
                    () -> assertTrue(
                            message.startsWith("Invalid JwtAuthFilter configuration: init-param '" + namedParam + "' "),
                            message),
                    () -> assertFalse(message.contains(SECRET), "the password is in: " + message),
                    () -> assertFalse(causes(servletFailure).contains(SECRET), "the password is in a cause"));
        } finally {
            jetty.stop();
        }
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}
