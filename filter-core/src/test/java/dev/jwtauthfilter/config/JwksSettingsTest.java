package dev.jwtauthfilter.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWKS settings: the URL rules (https, or http to a literal loopback host) and every range. */
class JwksSettingsTest {
    private static final String PREFIX = "Invalid JwtAuthFilter configuration: init-param ";
    private static final String HTTPS_ONLY =
            "must use https; plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost)";

    private static void assertRefused(JwksSettings.Builder builder, String param, String problem) {
        ConfigException e = assertThrows(ConfigException.class, builder::build);
        assertEquals(PREFIX + "'" + param + "' " + problem, e.getMessage());
        assertEquals(param, e.parameter());
    }

    @Test
    void buildAppliesDocumentedDefaults() {
        JwksSettings s =
                JwksSettings.builder("https://login.example.com/jwks.json").build();

        assertAll(
                () -> assertEquals(Duration.ofMinutes(10), s.cacheTtl()),
                () -> assertEquals(Duration.ofSeconds(30), s.refetchCooldown()),
                () -> assertEquals(Duration.ofDays(1), s.stale()),
                () -> assertEquals(Duration.ofSeconds(2), s.connectTimeout()),
                () -> assertEquals(Duration.ofSeconds(3), s.readTimeout()),
                () -> assertEquals(64 * 1024, s.maxBytes()),
                () -> assertEquals(50, s.maxKeys()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://login.example.com/.well-known/jwks.json",
                "HTTPS://login.example.com:8443/keys?tenant=a",
                "https://10.0.0.5/jwks.json",
                "http://127.0.0.1:8080/jwks.json",
                "http://127.1.2.3/jwks.json",
                "http://[::1]:9000/jwks.json",
                "http://localhost/jwks.json",
                "http://LOCALHOST:8080/jwks.json"
            })
    void buildWhenHttpsOrLoopbackHttpThenAccepted(String uri) {
        assertEquals(uri, JwksSettings.builder(uri).build().uri().toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://login.example.com/jwks.json",
                "http://10.0.0.5/jwks.json",
                "http://128.0.0.1/jwks.json",
                "http://localhost.example.com/jwks.json",
                "http://127.0.0.1.nip.io/jwks.json",
                "http://[::2]/jwks.json",
                "http://0.0.0.0/jwks.json"
            })
    void buildWhenPlainHttpToAHostThatIsNotALoopbackLiteralThenRefused(String uri) {
        assertRefused(JwksSettings.builder(uri), "jwksUri", HTTPS_ONLY);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ftp://login.example.com/jwks.json|must be an absolute https URL, e.g. https://login.example.com/jwks.json",
                "/.well-known/jwks.json|must be an absolute https URL, e.g. https://login.example.com/jwks.json",
                "mailto:keys@example.com|must be an absolute https URL, e.g. https://login.example.com/jwks.json",
                "https:///jwks.json|must name a host, e.g. https://login.example.com/jwks.json",
                "http://127.0.0.256/jwks.json|must name a host, e.g. https://login.example.com/jwks.json",
                "https://user:pw@login.example.com/jwks.json|must not carry user info (user:password@)",
                "https://login.example.com/jwks.json#keys|must not have a fragment (#...)",
                "https://login example.com/jwks.json|is not a valid URL"
            })
    void buildWhenUriIsNotAUsableHttpsUrlThenRefused(String uri, String problem) {
        assertRefused(JwksSettings.builder(uri), "jwksUri", problem);
    }

    @Test
    void buildWhenUriMissingThenRefused() {
        assertRefused(JwksSettings.builder(" "), "jwksUri", "is required: give the URL of the JWKS");
    }

    @Test
    void buildWhenEveryValueAtItsBoundsThenAccepted() {
        JwksSettings low = JwksSettings.builder("https://a.example/jwks")
                .cacheTtlSeconds(60)
                .refetchCooldownSeconds(1)
                .staleSeconds(0)
                .connectTimeoutMillis(100)
                .readTimeoutMillis(100)
                .maxBytes(1024)
                .maxKeys(1)
                .build();
        JwksSettings high = JwksSettings.builder("https://a.example/jwks")
                .cacheTtlSeconds(86400)
                .refetchCooldownSeconds(3600)
                .staleSeconds(604800)
                .connectTimeoutMillis(30000)
                .readTimeoutMillis(60000)
                .maxBytes(1048576)
                .maxKeys(1000)
                .build();

        assertAll(
                () -> assertEquals(
                        "JwksSettings[https://a.example/jwks, ttl=60s, cooldown=1s, stale=0s, connectTimeout=100ms,"
                                + " readTimeout=100ms, maxBytes=1024, maxKeys=1]",
                        low.toString()),
                () -> assertEquals(
                        "JwksSettings[https://a.example/jwks, ttl=86400s, cooldown=3600s, stale=604800s,"
                                + " connectTimeout=30000ms, readTimeout=60000ms, maxBytes=1048576, maxKeys=1000]",
                        high.toString()));
    }

    @Test
    void buildWhenCacheTtlBelowOneMinuteThenRefusedNamingTheRange() {
        assertRefused(
                JwksSettings.builder("https://a.example/jwks").cacheTtlSeconds(59),
                "jwksCacheTtlSeconds",
                "must be a whole number from 60 to 86400, was 59");
    }

    @Test
    void displayUriLeavesOutQueryAndKeepsPort() {
        JwksSettings s = JwksSettings.builder("https://login.example.com:8443/t/jwks.json?api_key=s3cr3t")
                .build();

        assertEquals("https://login.example.com:8443/t/jwks.json", s.displayUri());
    }

    @Test
    void isLoopbackNeverResolvesNames() {
        assertAll(
                () -> assertTrue(JwksSettings.isLoopback("127.0.0.1")),
                () -> assertTrue(JwksSettings.isLoopback("[0:0:0:0:0:0:0:1]")),
                () -> assertFalse(JwksSettings.isLoopback("ip6-localhost")),
                () -> assertFalse(JwksSettings.isLoopback("loopback.internal")));
    }
}
