package dev.jwtauthfilter.config;

import static dev.jwtauthfilter.config.DocumentedDefaults.assertDocumentedDefaults;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jwtauthfilter.revocation.InMemoryRevocationStore;
import dev.jwtauthfilter.testsupport.InMemoryKeySource;
import dev.jwtauthfilter.testsupport.TestKeys;
import dev.jwtauthfilter.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The programmatic API: {@link JwtAuthConfig.Builder#build()} validates every setting once. */
class JwtAuthConfigTest {
    private static final String PREFIX = "Invalid JwtAuthFilter configuration: init-param ";
    private static final String ALLOWED_ALGORITHMS =
            "allowed are HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512 (case-sensitive)";

    private static byte[] secretOfLength(int n) {
        byte[] secret = new byte[n];
        for (int i = 0; i < n; i++) {
            secret[i] = (byte) ('A' + (i * 7) % 26);
        }
        return secret;
    }

    private static JwtAuthConfig.Builder hs256() {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms("HS256")
                .secret(secretOfLength(32));
    }

    private static JwtAuthConfig.Builder withKey(String algorithm, PublicKey key) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(algorithm)
                .publicKey(key);
    }

    private static ConfigException assertRefused(JwtAuthConfig.Builder builder, String param, String problem) {
        Executable build = builder::build;
        ConfigException e = assertThrows(ConfigException.class, build);
        assertEquals(PREFIX + "'" + param + "' " + problem, e.getMessage());
        assertEquals(param, e.parameter());
        return e;
    }

    // ---------------------------------------------------------------- required values

    @Test
    void buildWhenIssuerNotSetThenRefused() {
        assertRefused(hs256().issuer(), "issuer", "is required: give one or more values, comma-separated");
    }

    @Test
    void buildWhenIssuerNullThenRefused() {
        assertRefused(
                hs256().issuer((String[]) null), "issuer", "is required: give one or more values, comma-separated");
    }

    @Test
    void buildWhenAudienceNotSetThenRefused() {
        assertRefused(
                JwtAuthConfig.builder()
                        .issuer(TestTokens.ISSUER)
                        .algorithms("HS256")
                        .secret(secretOfLength(32)),
                "audience",
                "is required: give one or more values, comma-separated");
    }

    @Test
    void buildWhenAlgorithmsNotSetThenRefused() {
        assertRefused(
                JwtAuthConfig.builder()
                        .issuer(TestTokens.ISSUER)
                        .audience(TestTokens.AUDIENCE)
                        .secret(secretOfLength(32)),
                "algorithms",
                "is required; " + ALLOWED_ALGORITHMS);
    }

    @Test
    void buildWhenAudienceValueBlankThenRefused() {
        assertRefused(
                hs256().audience("api", " "),
                "audience",
                "has an empty value; give one or more values, comma-separated");
    }

    @Test
    void buildWhenIssuerHasSurroundingSpacesThenRefused() {
        assertRefused(hs256().issuer(" https://issuer.test"), "issuer", "has a value with surrounding spaces");
    }

    @Test
    void buildDropsRepeatedIssuersKeepingOrder() {
        JwtAuthConfig config = hs256().issuer("https://b.test", "https://a.test", "https://b.test")
                .build();

        assertEquals(List.of("https://b.test", "https://a.test"), config.issuers());
    }

    // ---------------------------------------------------------------- algorithms and keys

    @ParameterizedTest
    @ValueSource(strings = {"none", "NONE", "rs256", "Hs256", "PS256", "HS256 "})
    void buildWhenAlgorithmNameUnsupportedThenRefused(String name) {
        assertRefused(
                hs256().algorithms(name),
                "algorithms",
                "has the unsupported value '" + name + "'; " + ALLOWED_ALGORITHMS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void buildWhenHmacAlgorithmWithoutSecretThenRefused(String alg) {
        assertRefused(
                JwtAuthConfig.builder()
                        .issuer(TestTokens.ISSUER)
                        .audience(TestTokens.AUDIENCE)
                        .algorithms(alg),
                "secret",
                "is required for " + alg + ": no key for that algorithm");
    }

    @Test
    void buildWhenHmacAlgorithmGivenOnlyPublicKeyThenRefused() {
        assertRefused(
                withKey("HS256", TestKeys.publicKey(TestKeys.RSA)),
                "secret",
                "is required for HS256: no key for that algorithm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"})
    void buildWhenAsymmetricAlgorithmWithoutPublicKeyThenRefused(String alg) {
        assertRefused(withKey(alg, null), "publicKey", "is required for " + alg + ": no key for that algorithm");
    }

    @ParameterizedTest
    @CsvSource({"HS256, 31, 32", "HS384, 47, 48", "HS512, 63, 64"})
    void buildWhenSecretShorterThanHashThenRefusedWithoutShowingIt(String alg, int length, int needed) {
        byte[] secret = secretOfLength(length);

        ConfigException e = assertRefused(
                hs256().algorithms(alg).secret(secret),
                "secret",
                "is too short for " + alg + ": it needs at least " + needed + " bytes (RFC 7518 §3.2); generate one"
                        + " with e.g. 'openssl rand -base64 " + needed + "'");

        assertFalse(e.getMessage().contains(new String(secret, StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @CsvSource({"HS256, 32", "HS384, 48", "HS512, 64"})
    void buildAcceptsSecretAsLongAsTheHash(String alg, int length) {
        JwtAuthConfig config =
                hs256().algorithms(alg).secret(secretOfLength(length)).build();

        assertArrayEquals(secretOfLength(length), config.secret().orElseThrow());
    }

    @Test
    void buildWhenSecretFixtureOf20BytesThenRefused() {
        byte[] tooShort = TestKeys.resourceText(TestKeys.HMAC_TOO_SHORT_FILE).getBytes(StandardCharsets.US_ASCII);

        assertRefused(
                hs256().secret(tooShort),
                "secret",
                "is too short for HS256: it needs at least 32 bytes (RFC 7518 §3.2); generate one with e.g."
                        + " 'openssl rand -base64 32'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512"})
    void buildWhenRsaKeyUnder2048BitsThenRefused(String alg) {
        assertRefused(
                withKey(alg, TestKeys.publicKey(TestKeys.RSA_1024)),
                "publicKey",
                "holds a 1024-bit RSA key; " + alg + " needs at least 2048 bits (RFC 7518 §3.3)");
    }

    @Test
    void buildAcceptsRsaKeyOf2048BitsForEveryRsAlgorithm() {
        JwtAuthConfig config = withKey("RS256", TestKeys.publicKey(TestKeys.RSA))
                .algorithms("RS256", "RS384", "RS512")
                .build();

        assertEquals(Set.of(JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512), config.algorithms());
    }

    @Test
    void buildWhenEs256GivenP384KeyThenRefused() {
        assertRefused(
                withKey("ES256", TestKeys.publicKey(TestKeys.EC_P384)),
                "publicKey",
                "holds no key for ES256: it needs an EC key on the P-256 curve, found an EC key on a 384-bit curve");
    }

    @Test
    void buildWhenEs384GivenP256KeyThenRefused() {
        assertRefused(
                withKey("ES384", TestKeys.publicKey(TestKeys.EC_P256)),
                "publicKey",
                "holds no key for ES384: it needs an EC key on the P-384 curve, found an EC key on a 256-bit curve");
    }

    @Test
    void buildWhenEs256GivenRsaKeyThenRefused() {
        assertRefused(
                withKey("ES256", TestKeys.publicKey(TestKeys.RSA)),
                "publicKey",
                "holds no key for ES256: it needs an EC key on the P-256 curve, found an RSA key");
    }

    @Test
    void buildWhenRs256GivenEcKeyThenRefused() {
        assertRefused(
                withKey("RS256", TestKeys.publicKey(TestKeys.EC_P256)),
                "publicKey",
                "holds no key for RS256: it needs an RSA key, found an EC key on a 256-bit curve");
    }

    @Test
    void buildAcceptsP256KeyForEs256() {
        PublicKey key = TestKeys.publicKey(TestKeys.EC_P256);

        JwtAuthConfig config = withKey("ES256", key).build();

        assertSame(key, config.publicKeys().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256,RS256", "ES256,HS512", "RS256,HS256,ES256"})
    void buildWhenHmacAndAsymmetricAlgorithmsMixedThenRefused(String names) {
        assertRefused(
                hs256().algorithms(names.split(",")).publicKey(TestKeys.publicKey(TestKeys.RSA)),
                "algorithms",
                "mixes HMAC (HS*) and asymmetric (RS*, ES*) algorithms; allow one kind only, so that a public key"
                        + " can never be used as an HMAC secret");
    }

    @Test
    void buildWhenSecretAndPublicKeyBothSetThenRefused() {
        assertRefused(
                withKey("RS256", TestKeys.publicKey(TestKeys.RSA)).secret(secretOfLength(64)),
                "secret",
                "and publicKey are both set; set exactly one");
    }

    // ---------------------------------------------------------------- keySource

    private static JwtAuthConfig.Builder withKeySource(String... algorithms) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(algorithms)
                .keySource(new InMemoryKeySource());
    }

    @Test
    void buildWithKeySourceAndAsymmetricAlgorithmsNeedsNoFixedKey() {
        JwtAuthConfig config = withKeySource("RS256", "ES256", "ES384").build();

        assertAll(
                () -> assertTrue(config.keySource().isPresent()),
                () -> assertEquals(List.of(), config.publicKeys()),
                () -> assertTrue(config.secret().isEmpty()));
    }

    @Test
    void buildWithoutKeySourceThenKeySourceIsEmpty() {
        assertTrue(hs256().build().keySource().isEmpty());
    }

    @Test
    void buildWhenKeySourceAndPublicKeyBothSetThenRefused() {
        assertRefused(
                withKeySource("RS256").publicKey(TestKeys.publicKey(TestKeys.RSA)),
                "keySource",
                "and publicKey are both set; set exactly one of secret, publicKey, keySource and" + " jwksUri");
    }

    @Test
    void buildWhenKeySourceAndSecretBothSetThenRefused() {
        assertRefused(
                withKeySource("RS256").secret(secretOfLength(64)),
                "keySource",
                "and secret are both set; set exactly one of secret, publicKey, keySource and" + " jwksUri");
    }

    @Test
    void buildWhenKeySourceWithHs512ThenRefusedNamingAlgorithms() {
        assertRefused(
                withKeySource("HS512"),
                "algorithms",
                "has HS512, but keySource yields public keys only; allow RS* or ES* algorithms with keySource, or"
                        + " use secret for HS*");
    }

    // ---------------------------------------------------------------- jwks

    private static final JwksSettings JWKS =
            JwksSettings.builder("https://login.example.com/jwks.json").build();

    private static JwtAuthConfig.Builder withJwks(String... algorithms) {
        return JwtAuthConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .algorithms(algorithms)
                .jwks(JWKS);
    }

    @Test
    void buildWithJwksKeepsTheSettingsAndNoFixedKeys() {
        JwtAuthConfig config = withJwks("RS256", "ES256").build();

        assertAll(
                () -> assertSame(JWKS, config.jwks().orElseThrow()),
                () -> assertTrue(config.publicKeys().isEmpty()),
                () -> assertTrue(config.keySource().isEmpty()));
    }

    @Test
    void buildWithoutJwksHasNone() {
        assertTrue(hs256().build().jwks().isEmpty());
    }

    @Test
    void buildWhenJwksAndPublicKeyBothSetThenRefused() {
        assertRefused(
                withJwks("RS256").publicKey(TestKeys.publicKey(TestKeys.RSA)),
                "jwksUri",
                "and publicKey are both set; set exactly one of secret, publicKey, keySource and jwksUri");
    }

    @Test
    void buildWhenJwksAndKeySourceBothSetThenRefused() {
        assertRefused(
                withJwks("RS256").keySource(new InMemoryKeySource()),
                "jwksUri",
                "and keySource are both set; set exactly one of secret, publicKey, keySource and jwksUri");
    }

    @Test
    void buildWhenJwksWithHs256ThenRefusedNamingAlgorithms() {
        assertRefused(
                withJwks("HS256"),
                "algorithms",
                "has HS256, but jwksUri yields public keys only; allow RS* or ES* algorithms with jwksUri, or use"
                        + " secret for HS*");
    }

    // ---------------------------------------------------------------- other settings

    @Test
    void buildWhenTokenSourcesEmptyThenRefused() {
        assertRefused(hs256().tokenSources(), "tokenSources", "must list cookie, header or both");
    }

    @Test
    void buildWhenTokenSourceNullThenRefused() {
        assertRefused(
                hs256().tokenSources(TokenSource.COOKIE, null), "tokenSources", "must list cookie, header or both");
    }

    @Test
    void buildWhenTokenSourceRepeatedThenRefused() {
        assertRefused(
                hs256().tokenSources(TokenSource.HEADER, TokenSource.HEADER),
                "tokenSources",
                "lists a source twice; allowed are cookie and header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "access token", "a;b", "a,b", "tok=en"})
    void buildWhenCookieNameInvalidThenRefused(String name) {
        assertRefused(
                hs256().cookieName(name), "cookieName", "must be a cookie name (RFC 6265 token characters, not empty)");
    }

    @Test
    void buildWhenCookieNameNullThenRefused() {
        assertRefused(
                hs256().cookieName(null), "cookieName", "must be a cookie name (RFC 6265 token characters, not empty)");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 301, Integer.MIN_VALUE})
    void buildWhenLeewayOutOfRangeThenRefused(int seconds) {
        assertRefused(
                hs256().leewaySeconds(seconds),
                "leewaySeconds",
                "must be a whole number from 0 to 300, was " + seconds);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 300})
    void buildAcceptsLeewayAtTheBoundaries(int seconds) {
        assertEquals(
                Duration.ofSeconds(seconds),
                hs256().leewaySeconds(seconds).build().leeway());
    }

    @ParameterizedTest
    @ValueSource(ints = {127, 65537, -1})
    void buildWhenMaxTokenLengthOutOfRangeThenRefused(int length) {
        assertRefused(
                hs256().maxTokenLength(length),
                "maxTokenLength",
                "must be a whole number from 128 to 65536, was " + length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " sub", "sub ", "  "})
    void buildWhenPrincipalClaimBlankOrPaddedThenRefused(String claim) {
        assertRefused(
                hs256().principalClaim(claim),
                "principalClaim",
                "must be a claim name, not empty and without surrounding spaces");
    }

    @Test
    void buildWhenRolesClaimNullThenRefused() {
        assertRefused(
                hs256().rolesClaim(null),
                "rolesClaim",
                "must be a claim name, not empty and without surrounding spaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\"b", "a\\b", "tab\there", "é"})
    void buildWhenRealmNotPlainPrintableAsciiThenRefused(String realm) {
        assertRefused(
                hs256().realm(realm), "realm", "must be printable ASCII without '\"' or '\\' (RFC 6750 §3), not empty");
    }

    @Test
    void buildAcceptsRealmWithSlashesAndSpaces() {
        assertEquals("/shop api", hs256().realm("/shop api").build().realm().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "null", "https://app.example.com/login", "ftp://app.example.com", "https://"})
    void buildWhenAllowedOriginNotAnExactOriginThenRefused(String origin) {
        assertRefused(
                hs256().allowedOrigins(origin),
                "allowedOrigins",
                "has the value '" + origin + "'; each must be an exact origin scheme://host[:port] with scheme http"
                        + " or https and no path, e.g. https://app.example.com");
    }

    @Test
    void buildNormalisesAllowedOriginsCaseAndDefaultPort() {
        JwtAuthConfig config = hs256().allowedOrigins("HTTPS://App.Example.COM:443", "http://localhost:8080")
                .build();

        assertEquals(Set.of("https://app.example.com", "http://localhost:8080"), config.allowedOrigins());
    }

    @Test
    void buildWhenExcludePathInvalidThenRefused() {
        assertRefused(
                hs256().excludePaths("/ok", "static/*"),
                "excludePaths",
                "has the pattern 'static/*'; allowed are exact paths like /login, prefixes like /public/* and"
                        + " extensions like *.css");
    }

    @Test
    void buildWhenLoginPageNotExcludedThenRefused() {
        assertRefused(
                hs256().loginPage("/login"),
                "loginPage",
                "'/login' is not covered by excludePaths; add it there, or browsers are redirected to a page they"
                        + " cannot open");
    }

    @Test
    void buildAcceptsLoginPageCoveredByPrefixPattern() {
        JwtAuthConfig config =
                hs256().excludePaths("/account/*").loginPage("/account/login").build();

        assertEquals("/account/login", config.loginPage().orElseThrow());
    }

    @Test
    void buildAcceptsAbsoluteLoginPageWithoutExclusion() {
        JwtAuthConfig config =
                hs256().loginPage("https://login.example.com/authorize").build();

        assertEquals("https://login.example.com/authorize", config.loginPage().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/login", "login", "javascript:alert(1)", "ftp://login.example.com/"})
    void buildWhenLoginPageNeitherLocalPathNorHttpUrlThenRefused(String loginPage) {
        assertRefused(
                hs256().excludePaths("/*").loginPage(loginPage),
                "loginPage",
                "must be a path inside the application starting with '/', or an absolute http(s) URL");
    }

    // ---------------------------------------------------------------- defaults and immutability

    @Test
    void builderStartsWithDocumentedDefaults() {
        JwtAuthConfig config = hs256().build();

        assertEquals(JwtAuthConfig.DEFAULT_COOKIE_NAME, config.cookieName());
        assertDocumentedDefaults(config);
        assertTrue(config.allowedOrigins().isEmpty());
        assertTrue(config.excludePaths().patterns().isEmpty());
        assertTrue(config.revocationStore().isEmpty());
        assertTrue(config.publicKeys().isEmpty());
    }

    @Test
    void configKeepsItsOwnCopyOfTheSecret() {
        byte[] secret = secretOfLength(32);
        JwtAuthConfig config = hs256().secret(secret).build();

        Arrays.fill(secret, (byte) 0);
        config.secret().orElseThrow()[0] = 0;

        assertArrayEquals(secretOfLength(32), config.secret().orElseThrow());
    }

    @Test
    void configListsCannotBeModified() {
        JwtAuthConfig config = hs256().build();

        assertThrows(UnsupportedOperationException.class, () -> config.issuers().add("x"));
        assertThrows(
                UnsupportedOperationException.class, () -> config.audiences().clear());
        assertThrows(
                UnsupportedOperationException.class, () -> config.algorithms().add(JwsAlgorithm.HS512));
        assertThrows(
                UnsupportedOperationException.class, () -> config.tokenSources().clear());
        assertThrows(
                UnsupportedOperationException.class,
                () -> config.allowedOrigins().add("https://x.test"));
    }

    @Test
    void builderKeepsClockAndRevocationStore() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
        InMemoryRevocationStore store = new InMemoryRevocationStore(clock);

        JwtAuthConfig config = hs256().clock(clock).revocationStore(store).build();

        assertSame(clock, config.clock());
        assertSame(store, config.revocationStore().orElseThrow());
    }
}
