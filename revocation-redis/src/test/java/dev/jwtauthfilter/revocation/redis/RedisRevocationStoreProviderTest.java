package dev.jwtauthfilter.revocation.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.config.ConfigException;
import dev.jwtauthfilter.revocation.RevocationStore;
import dev.jwtauthfilter.revocation.RevocationStoreException;
import dev.jwtauthfilter.revocation.RevocationStoreProvider;
import dev.jwtauthfilter.revocation.RevocationStoreSettings;
import dev.jwtauthfilter.revocation.SharedRevocationStore;
import dev.jwtauthfilter.revocation.TokenIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisRevocationStoreProviderTest {
    private static final String SECRET = "s3cret-Pa55word";
    private static final String FORM = "redis://[user:password@]host[:port][/db] or rediss://... for TLS";

    private final RedisRevocationStoreProvider provider = new RedisRevocationStoreProvider();

    @Test
    void theServiceLoaderFindsTheProviderUnderTheNameRedis() {
        assertTrue(ServiceLoader.load(RevocationStoreProvider.class).stream()
                .anyMatch(p -> p.type() == RedisRevocationStoreProvider.class
                        && p.get().name().equals("redis")));
    }

    @Test
    void parametersAreTheRedisOnesAndTheSharedStoreOptions() {
        assertEquals(
                Set.of(
                        "url",
                        "keyPrefix",
                        "timeoutMillis",
                        "poolSize",
                        "stalenessMillis",
                        "cacheSize",
                        "failOpenSeconds"),
                provider.parameters());
    }

    @Test
    void createWhenTheUrlIsMissingThenNamesTheInitParamAndTheForm() {
        ConfigException e = assertThrows(ConfigException.class, () -> provider.create(settings(Map.of())));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.url' is required with"
                        + " revocationStore=redis: " + FORM,
                e.getMessage());
    }

    @Test
    void createWhenTheUrlIsBadThenNamesTheInitParamAndNotThePassword() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> provider.create(settings(Map.of("url", "redis://:" + SECRET + "@h:99999"))));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.url' has a port outside 1..65535;"
                        + " expected " + FORM,
                e.getMessage());
    }

    @Test
    void createWhenTheUrlReferencesAnUnsetVariableThenNamesTheInitParamAndTheVariable() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> provider.create(settings(Map.of("url", "env:REDIS_URL"))));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.url' refers to the environment"
                        + " variable 'REDIS_URL', which is not set or empty",
                e.getMessage());
    }

    @Test
    void createWhenTheTimeoutIsOutOfRangeThenStatesTheRange() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> provider.create(settings(Map.of("url", "redis://h", "timeoutMillis", "10001"))));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.timeoutMillis' must be a whole"
                        + " number from 50 to 10000, was '10001'",
                e.getMessage());
    }

    @Test
    void createWhenThePoolSizeIsOutOfRangeThenStatesTheRange() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> provider.create(settings(Map.of("url", "redis://h", "poolSize", "257"))));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.poolSize' must be a whole"
                        + " number from 1 to 256, was '257'",
                e.getMessage());
    }

    @Test
    void createWhenTheKeyPrefixHasASpaceThenSaysWhatIsAllowed() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> provider.create(settings(Map.of("url", "redis://h", "keyPrefix", "my app:"))));

        assertEquals(
                "Invalid JwtAuthFilter configuration: init-param 'revocationStore.keyPrefix' must hold visible"
                        + " ASCII characters only (no spaces)",
                e.getMessage());
    }

    @Test
    void createWhenRedisIsDownStillSucceedsAndReadsThenFailWithoutThePassword() throws IOException {
        String url = "redis://:" + SECRET + "@127.0.0.1:" + closedPort() + "/0";
        try (RevocationStore store = provider.create(
                settings(Map.of("url", "env:THE_URL", "timeoutMillis", "200"), Map.of("THE_URL", url)))) {
            TokenIdentity token = new TokenIdentity(
                    "https://issuer.test",
                    "id",
                    "alice",
                    Instant.now(),
                    Instant.now().plusSeconds(60));

            RevocationStoreException e = assertThrows(RevocationStoreException.class, () -> store.isRevoked(token));

            assertAll(
                    () -> assertInstanceOf(SharedRevocationStore.class, store),
                    () -> assertTrue(e.getMessage().startsWith("Redis redis://127.0.0.1:"), e.getMessage()),
                    () -> assertFalse(chain(e).contains(SECRET), chain(e)));
        }
    }

    @Test
    void createInCodeWhenTheUriIsBadThenSaysWhatIsWrongWithoutThePassword() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RedisRevocationStore.create(URI.create("redis://user:" + SECRET + "@h/x")));

        assertEquals(
                "The Redis URL has a path that is not a database number (/0, /1, ...); expected " + FORM,
                e.getMessage());
    }

    @Test
    void settingsRefuseATimeoutOutsideTheRange() {
        RedisRevocationStore.Settings defaults = RedisRevocationStore.Settings.defaults();

        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> defaults.withTimeout(Duration.ofMillis(49))),
                () -> assertThrows(
                        IllegalArgumentException.class, () -> defaults.withTimeout(Duration.ofMillis(10_001))));
    }

    @Test
    void settingsRefuseAPoolSizeOutsideTheRange() {
        RedisRevocationStore.Settings defaults = RedisRevocationStore.Settings.defaults();

        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> defaults.withPoolSize(0)),
                () -> assertThrows(IllegalArgumentException.class, () -> defaults.withPoolSize(257)));
    }

    @Test
    void settingsRefuseAnEmptyOrOverlongKeyPrefix() {
        RedisRevocationStore.Settings defaults = RedisRevocationStore.Settings.defaults();

        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> defaults.withKeyPrefix("")),
                () -> assertThrows(IllegalArgumentException.class, () -> defaults.withKeyPrefix("x".repeat(65))));
    }

    @Test
    void settingsDefaultsAreThoseDocumented() {
        RedisRevocationStore.Settings defaults = RedisRevocationStore.Settings.defaults();

        assertAll(
                () -> assertEquals("jwtauth:", defaults.keyPrefix()),
                () -> assertEquals(Duration.ofMillis(500), defaults.timeout()),
                () -> assertEquals(16, defaults.poolSize()),
                () -> assertEquals(SharedRevocationStore.Options.DEFAULTS, defaults.shared()));
    }

    private static RevocationStoreSettings settings(Map<String, String> values) {
        return settings(values, Map.of());
    }

    private static RevocationStoreSettings settings(Map<String, String> values, Map<String, String> env) {
        return new RevocationStoreSettings(
                values,
                env::get,
                name -> null,
                RedisRevocationStoreProviderTest.class.getClassLoader(),
                Clock.systemUTC());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String chain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
    }
}
